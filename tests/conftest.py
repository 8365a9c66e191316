"""Make `ansible_collections.hybrid_identity.entra_connect` importable from this checkout.

`make test` links the checkout into .collections/ (see Makefile); Ansible's collection finder then
resolves the collection's plugins as it does at run time.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from ansible.utils.collection_loader._collection_finder import _AnsibleCollectionFinder

ROOT = Path(__file__).resolve().parents[1]
COLLECTIONS = ROOT / ".collections"
SEEDS = ROOT / "lab" / "seeds"

if not (COLLECTIONS / "ansible_collections" / "hybrid_identity" / "entra_connect").exists():
    raise pytest.UsageError("Run `make collection` first: .collections/ links the checkout for import")

_AnsibleCollectionFinder(paths=[str(COLLECTIONS)])._install()


def load_seed(name: str) -> dict[str, Any]:
    return json.loads((SEEDS / f"{name}.json").read_text())


@pytest.fixture
def seed():
    """seed(name) -> a fresh copy of a lab seed state."""
    return load_seed


@pytest.fixture
def old_state() -> dict[str, Any]:
    """The seed of the old, active V1 server."""
    return load_seed("old-sync01")


@pytest.fixture
def new_state() -> dict[str, Any]:
    """The seed of the new, empty Windows Server 2022 host."""
    return load_seed("new-sync01")


@pytest.fixture
def write_state(tmp_path: Path):
    """Write a state dict to a file and return its path."""

    def _write(state: dict[str, Any], name: str = "host.json") -> str:
        path = tmp_path / name
        path.write_text(json.dumps(state, indent=2, sort_keys=True) + "\n")
        return str(path)

    return _write


@pytest.fixture
def snapshot_of():
    """The twin's snapshot answer for a state (the same code the lab connection runs)."""
    from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.primitives import (
        snapshot_parameters,
    )
    from lab_twins import twin_of

    def _snapshot(state: dict[str, Any]) -> dict[str, Any]:
        return twin_of(state).call("snapshot", snapshot_parameters())

    return _snapshot
