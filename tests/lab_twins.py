"""Twins for tests: a twin over an in-memory store, with the seeds' tenant logs."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._lab.store import MemoryTwinStore
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._lab.twin import Twin

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "lab" / "seeds"


def seed_tenants() -> dict[str, dict[str, Any]]:
    """Every tenant log of the seeds, by the name a state's ``tenant_log`` gives."""
    return {path.name: json.loads(path.read_text()) for path in SEEDS.glob("*.tenant.json")}


def twin_of(state: dict[str, Any], tenants: dict[str, dict[str, Any]] | None = None) -> Twin:
    """A twin over a copy of ``state`` in an in-memory store; tenant logs from ``tenants`` or the seeds."""
    store = MemoryTwinStore(copy.deepcopy(state), seed_tenants() if tenants is None else tenants)
    return Twin(store.state, store)


# The parameters of a staging_write that puts a server into staging mode, as entra_staging_mode sends them.
STAGING_ON = {
    "StagingSettingName": "Microsoft.Synchronize.StagingMode",
    "StagingMode": True,
    "PauseScheduler": True,
    "SyncCycleEnabledAfter": True,
}
