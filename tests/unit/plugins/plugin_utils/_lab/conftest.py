"""The twin store both ways, so every lab rule is proven for the lab connection's files and for memory."""

from __future__ import annotations

import copy
import json

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._lab.store import (
    FileTwinStore,
    MemoryTwinStore,
)
from lab_twins import seed_tenants


@pytest.fixture(params=["file", "memory"])
def store(request, old_state, tmp_path):
    """Both kinds of store over the old server's seed (``old_state``, which a test module may override to
    inject a fault), with its tenant log."""
    if request.param == "memory":
        return MemoryTwinStore(copy.deepcopy(old_state), seed_tenants())
    (tmp_path / "contoso.tenant.json").write_text(json.dumps(seed_tenants()["contoso.tenant.json"]))
    path = tmp_path / "old-sync01.json"
    path.write_text(json.dumps(old_state))
    return FileTwinStore(str(path))
