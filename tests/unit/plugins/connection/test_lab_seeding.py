"""The lab connection makes a missing state from the collection's seed, and says so."""

from __future__ import annotations

import os

import pytest
from ansible.playbook.play_context import PlayContext
from ansible.plugins.loader import connection_loader
from ansible_collections.hybrid_identity.entra_connect.plugins.connection import lab as lab_plugin
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import LabStateError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.lab import LabHost
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.primitives import snapshot_parameters


def lab_host(state_file: str, **more: object) -> LabHost:
    play_context = PlayContext()
    play_context.remote_addr = "new-sync01"
    connection = connection_loader.get("hybrid_identity.entra_connect.lab", play_context, os.devnull)
    connection.set_options(var_options={"entra_lab_state_file": state_file, **more})
    return LabHost("new-sync01", connection.twin_store())


def test_a_missing_state_is_seeded_and_a_warning_says_it_is_a_lab(tmp_path, monkeypatch) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(lab_plugin.display, "warning", warnings.append)
    answer = lab_host(str(tmp_path / "lab" / "new-sync01.json")).call("snapshot", snapshot_parameters())
    assert answer["computer_name"] == "NEW-SYNC01"
    assert len(warnings) == 1
    assert warnings[0].startswith("LAB: new-sync01 is a simulated Entra Connect server and had no state yet")
    assert str(tmp_path / "lab" / "contoso.tenant.json") in warnings[0]


def test_with_seed_missing_false_a_missing_state_fails(tmp_path) -> None:
    with pytest.raises(LabStateError, match="does not exist. Reset the lab with `ansible-playbook"):
        lab_host(str(tmp_path / "new-sync01.json"), entra_lab_seed_missing=False).call(
            "snapshot", snapshot_parameters()
        )
    assert not (tmp_path / "new-sync01.json").exists()
