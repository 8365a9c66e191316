"""The twin answers every primitive in the schema the PowerShell scripts answer in."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._contract import first_violation
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._lab_twin import Twin, load_state
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._primitives import snapshot_parameters

SEEDS = sorted((Path(__file__).resolve().parents[2] / "lab" / "seeds").glob("*.json"))


def _variants(state: dict) -> list[dict]:
    """The seed as it is, plus the states the twin must still describe within the schema."""
    variants = [state]
    if state["entra_connect"] is not None:
        staging = copy.deepcopy(state)
        staging["entra_connect"]["staging_mode"] = True
        stopped = copy.deepcopy(state)
        stopped["entra_connect"]["service"]["status"] = "Stopped"
        empty = copy.deepcopy(state)
        empty["entra_connect"].update(connectors=[], run_history=[])
        variants += [staging, stopped, empty]
    return variants


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_seed_is_a_valid_lab_state(seed: Path) -> None:
    assert load_state(str(seed))["format"] == "hybrid_identity.entra_connect.lab/1"


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_twin_snapshot_validates_against_the_snapshot_schema(seed: Path) -> None:
    for state in _variants(json.loads(seed.read_text())):
        assert first_violation("snapshot", Twin("memory", state).call("snapshot", snapshot_parameters())) is None
