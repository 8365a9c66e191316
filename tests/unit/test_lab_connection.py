"""The lab connection: answers the collection's primitives, refuses everything else."""

from __future__ import annotations

import os

import pytest
from ansible.errors import AnsibleConnectionFailure, AnsibleError
from ansible.playbook.play_context import PlayContext
from ansible.plugins.loader import connection_loader
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._errors import LabStateError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._primitives import snapshot_parameters


def lab_connection(state_file: str):
    play_context = PlayContext()
    play_context.remote_addr = "old-sync01"
    connection = connection_loader.get("hybrid_identity.entra_connect.lab", play_context, os.devnull)
    connection.set_options(var_options={"entra_lab_state_file": state_file})
    return connection


def test_lab_call_answers_from_the_state_file(old_state, write_state) -> None:
    answer = lab_connection(write_state(old_state)).lab_call("snapshot", snapshot_parameters())
    assert answer["computer_name"] == "OLD-SYNC01"


@pytest.mark.parametrize(
    ("call", "what"),
    [
        (lambda c: c.exec_command("whoami"), "run a command"),
        (lambda c: c.put_file("/etc/hosts", "C:\\x"), "copy /etc/hosts to the host"),
        (lambda c: c.fetch_file("C:\\x", "/tmp/x"), "fetch C:\\x from the host"),
    ],
)
def test_anything_but_a_primitive_is_refused(old_state, write_state, call, what) -> None:
    connection = lab_connection(write_state(old_state))
    with pytest.raises(AnsibleError) as err:
        call(connection)
    assert str(err.value).startswith("old-sync01 is a lab host (connection hybrid_identity.entra_connect.lab)")
    assert f"This task tried to {what}" in str(err.value)


def test_unreachable_fault_is_a_connection_failure(old_state, write_state) -> None:
    old_state["faults"] = {"unreachable": True}
    with pytest.raises(AnsibleConnectionFailure, match="does not answer"):
        lab_connection(write_state(old_state)).lab_call("snapshot", snapshot_parameters())


def test_missing_state_file_is_a_lab_state_error_not_unreachable(tmp_path) -> None:
    with pytest.raises(LabStateError, match="does not exist"):
        lab_connection(str(tmp_path / "missing.json")).lab_call("snapshot", snapshot_parameters())
