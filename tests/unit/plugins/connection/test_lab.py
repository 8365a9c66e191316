"""The lab connection: answers the collection's primitives, refuses everything else."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from ansible.errors import AnsibleConnectionFailure, AnsibleError
from ansible.playbook.play_context import PlayContext
from ansible.plugins.loader import connection_loader
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import LabStateError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.lab import LabHost
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.primitives import snapshot_parameters


def lab_connection(state_file: str):
    play_context = PlayContext()
    play_context.remote_addr = "old-sync01"
    connection = connection_loader.get("hybrid_identity.entra_connect.lab", play_context, os.devnull)
    connection.set_options(var_options={"entra_lab_state_file": state_file})
    return connection


def lab_host(state_file: str) -> LabHost:
    """The lab host an action plugin builds on this connection: its twin store, one transaction a call."""
    return LabHost("old-sync01", lab_connection(state_file).twin_store())


def test_lab_call_answers_from_the_state_file(old_state, write_state) -> None:
    answer = lab_host(write_state(old_state)).call("snapshot", snapshot_parameters())
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
        lab_host(write_state(old_state)).call("snapshot", snapshot_parameters())


def test_missing_state_file_is_a_lab_state_error_not_unreachable(tmp_path) -> None:
    with pytest.raises(LabStateError, match="does not exist"):
        lab_host(str(tmp_path / "missing.json")).call("snapshot", snapshot_parameters())


def test_a_dropped_call_is_used_up_and_saved(old_state, write_state) -> None:
    old_state["faults"] = {"drop_calls": 1}
    path = write_state(old_state)
    host = lab_host(path)
    # Without retries (a read has READ_RETRIES by default), the lost call reaches the caller.
    with pytest.raises(AnsibleConnectionFailure, match="connection reset during snapshot"):
        host.call("snapshot", snapshot_parameters(), retries=0)
    # The next call gets through, also from a new connection: the fault was used up in the file.
    assert lab_host(path).call("snapshot", snapshot_parameters())["computer_name"] == "OLD-SYNC01"


def test_waiting_moves_the_twin_clock_and_reboot_moves_the_boot_time(old_state, write_state) -> None:
    path = write_state(old_state)
    host = lab_host(path)
    host.wait(15)
    assert json.loads(Path(path).read_text())["clock"] == "2026-11-20T09:45:15.0000000Z"
    assert host.reboot(600) == {"changed": True, "rebooted": True, "elapsed": 45}
    state = json.loads(Path(path).read_text())
    assert state["clock"] == state["last_boot_time"] == "2026-11-20T09:46:00.0000000Z"


def test_a_missing_tenant_log_is_named(old_state, write_state) -> None:
    path = write_state(old_state)
    with pytest.raises(LabStateError, match=r"Lab tenant log .*contoso.tenant.json does not exist. Reset the lab"):
        lab_host(path).call(
            "staging_write",
            {
                "StagingSettingName": "Microsoft.Synchronize.StagingMode",
                "StagingMode": True,
                "PauseScheduler": True,
                "SyncCycleEnabledAfter": True,
            },
        )


def test_a_primitive_that_fails_halfway_leaves_the_state_file_as_it_was(old_state, write_state) -> None:
    # The tenant log is missing, so the staging change fails after the twin changed staging mode in
    # memory; the file must not keep that half of the change.
    path = write_state(old_state)
    before = Path(path).read_bytes()
    with pytest.raises(LabStateError):
        lab_host(path).call(
            "staging_write",
            {
                "StagingSettingName": "Microsoft.Synchronize.StagingMode",
                "StagingMode": True,
                "PauseScheduler": True,
                "SyncCycleEnabledAfter": True,
            },
        )
    assert Path(path).read_bytes() == before
