"""The fault ``fail_call``: the Nth round trip to a server fails (or runs, and its answer is lost), once, and
every round trip is counted, even the ones that fail (what the fault matrix of
tests/integration/test_fault_matrix.py relies on)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from ansible.errors import AnsibleConnectionFailure
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import (
    HostCommandError,
    LabStateError,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.lab import LabHost
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.primitives import snapshot_parameters
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._lab.faults import LabUnreachableError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._lab.store import (
    FileTwinStore,
    MemoryTwinStore,
    load_state,
)
from lab_twins import STAGING_ON, seed_tenants


def _inject(store, **fail_call) -> None:
    state = store.read_state()
    state["faults"] = {"fail_call": fail_call}
    store.write_state(state)


def _snapshot(store) -> dict:
    return store.transact(lambda twin: twin.call("snapshot", snapshot_parameters()))


def test_every_round_trip_is_counted_while_the_fault_is_set_and_none_is_failed_beyond_reach(store, tmp_path) -> None:
    _inject(store, at=1000, how="error")
    local = tmp_path / "local.txt"
    local.write_text("hello")
    _snapshot(store)
    store.transact(lambda twin: twin.put(str(local), "C:\\ProgramData\\local.txt"))
    store.transact(lambda twin: twin.fetch("C:\\ProgramData\\local.txt", str(tmp_path / "back.txt")))
    store.transact(lambda twin: twin.reboot())
    # Waiting between two polls is not a round trip: on Windows the controller sleeps.
    store.transact(lambda twin: twin.advance(30))
    store.transact(lambda twin: twin.call("staging_write", STAGING_ON))
    faults = store.read_state()["faults"]
    assert faults == {
        "fail_call": {"at": 1000, "how": "error"},
        "calls": ["snapshot", "put", "fetch", "reboot", "staging_write"],
    }
    assert store.read_state()["entra_connect"]["staging_mode"] is True


def test_the_nth_round_trip_fails_as_a_script_error_once_and_changes_nothing_else(store) -> None:
    _inject(store, at=2, how="error")
    before = copy.deepcopy(store.read_state())
    _snapshot(store)
    with pytest.raises(
        HostCommandError, match=r"^The staging_write call failed on OLD-SYNC01 at round trip 2 \(staging_write\)"
    ):
        store.transact(lambda twin: twin.call("staging_write", STAGING_ON))
    after = store.read_state()
    # The server is as it was; only the count and the used-up fault were kept.
    assert after["entra_connect"] == before["entra_connect"]
    assert after["clock"] == before["clock"]
    assert after["faults"] == {
        "fail_call": {"at": 2, "how": "error", "fired": "staging_write"},
        "calls": ["snapshot", "staging_write"],
    }
    assert [e["event"] for e in store.read_tenant("contoso.tenant.json")["events"]] == []
    # Once: the same call again gets through, and is counted.
    store.transact(lambda twin: twin.call("staging_write", STAGING_ON))
    assert store.read_state()["entra_connect"]["staging_mode"] is True
    assert store.read_state()["faults"]["calls"] == ["snapshot", "staging_write", "staging_write"]


def test_the_nth_round_trip_can_be_lost_as_a_connection_is(store) -> None:
    _inject(store, at=1, how="unreachable")
    with pytest.raises(LabUnreachableError, match=r"^OLD-SYNC01: connection lost during round trip 1 \(snapshot\)"):
        _snapshot(store)
    assert store.read_state()["faults"]["fail_call"]["fired"] == "snapshot"
    assert _snapshot(store)["computer_name"] == "OLD-SYNC01"


def test_a_lost_answer_keeps_what_the_call_did_and_reports_a_lost_connection(store) -> None:
    _inject(store, at=1, how="lost")
    with pytest.raises(
        LabUnreachableError, match=r"^OLD-SYNC01: connection lost after round trip 1 \(staging_write\) ran"
    ):
        store.transact(lambda twin: twin.call("staging_write", STAGING_ON))
    after = store.read_state()
    # The write happened: the server is in staging mode and the tenant saw it; only the answer was lost.
    assert after["entra_connect"]["staging_mode"] is True
    events = store.read_tenant("contoso.tenant.json")["events"]
    assert [(e["server"], e["event"]) for e in events] == [("OLD-SYNC01", "staging_enabled")]
    assert after["faults"]["fail_call"] == {"at": 1, "how": "lost", "fired": "staging_write"}
    # Once: the next call answers.
    assert _snapshot(store)["computer_name"] == "OLD-SYNC01"


def test_a_file_sent_and_the_simulated_wizard_can_be_the_failed_round_trip(store, tmp_path) -> None:
    local = tmp_path / "local.txt"
    local.write_text("hello")
    _inject(store, at=1, how="error")
    with pytest.raises(HostCommandError, match=r"round trip 1 \(put\)"):
        store.transact(lambda twin: twin.put(str(local), "C:\\ProgramData\\local.txt"))
    assert "C:\\ProgramData\\local.txt" not in (store.read_state().get("files") or {})
    _inject(store, at=1, how="unreachable")
    with pytest.raises(LabUnreachableError, match=r"round trip 1 \(wizard\)"):
        store.transact(lambda twin: twin.simulate_wizard("C:\\x.msi", "C:\\y.json", "PasswordHashSync"))


def test_a_call_that_fails_for_its_own_reason_keeps_only_the_fault_bookkeeping(store) -> None:
    _inject(store, at=1000, how="error")
    before = copy.deepcopy(store.read_state())

    def half_done(twin):
        twin.call("snapshot", snapshot_parameters())
        twin.state["entra_connect"]["staging_mode"] = True
        raise HostCommandError("failed half-way")

    with pytest.raises(HostCommandError, match="failed half-way"):
        store.transact(half_done)
    after = store.read_state()
    assert after["entra_connect"] == before["entra_connect"]
    assert after["faults"]["calls"] == ["snapshot"]


def test_a_lab_host_reports_the_lost_round_trip_as_a_lost_connection_and_a_read_retry_gets_through(old_state) -> None:
    old_state["faults"] = {"fail_call": {"at": 1, "how": "unreachable"}}
    host = LabHost("old-sync01", MemoryTwinStore(copy.deepcopy(old_state), seed_tenants()))
    with pytest.raises(AnsibleConnectionFailure, match="connection lost during round trip 1"):
        host.call("snapshot", snapshot_parameters(), retries=0)
    host = LabHost("old-sync01", MemoryTwinStore(copy.deepcopy(old_state), seed_tenants()))
    assert host.call("snapshot", snapshot_parameters())["computer_name"] == "OLD-SYNC01"
    assert host.round_trips == 2
    assert host.store.read_state()["faults"]["calls"] == ["snapshot", "snapshot"]


def test_a_lab_host_confirms_a_write_whose_answer_was_lost_by_a_fresh_read(old_state) -> None:
    old_state["faults"] = {"fail_call": {"at": 1, "how": "lost"}}
    host = LabHost("old-sync01", MemoryTwinStore(copy.deepcopy(old_state), seed_tenants()))
    written = host.write("staging_write", STAGING_ON)
    assert written.answer_lost
    state = host.store.read_state()
    assert state["entra_connect"]["staging_mode"] is True
    assert state["faults"]["calls"][0] == "staging_write"
    assert len(state["faults"]["calls"]) == 2  # the write, then the read that confirms it


def test_without_the_fault_nothing_is_counted_and_a_read_leaves_the_file_byte_identical(old_state, write_state) -> None:
    old_state["faults"] = {"drop_calls": 0}
    path = write_state(old_state)
    before = Path(path).read_bytes()
    FileTwinStore(path).transact(lambda twin: twin.call("snapshot", snapshot_parameters()))
    assert Path(path).read_bytes() == before


@pytest.mark.parametrize(
    ("fail_call", "field"),
    [
        ({"at": 0, "how": "error"}, "faults.fail_call.at"),
        ({"at": 3, "how": "timeout"}, "faults.fail_call.how"),
        ({"at": 3, "how": "lost", "fired": 3}, "faults.fail_call.fired"),
        ({"at": 3}, "faults.fail_call"),
        ({"at": 3, "how": "error", "after": 2}, "faults.fail_call"),
    ],
)
def test_the_state_schema_refuses_a_malformed_fail_call(old_state, write_state, fail_call, field) -> None:
    old_state["faults"] = {"fail_call": fail_call}
    with pytest.raises(LabStateError, match=f"is not a valid lab state at field '{field}"):
        load_state(write_state(old_state))
