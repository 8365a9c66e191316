"""The Host seam after a lost connection: a read is retried, a write is never sent twice but confirmed by a
fresh read (docs/architecture.md, "Lost connections")."""

from __future__ import annotations

import copy

import pytest
from ansible.errors import AnsibleConnectionFailure
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import HostCommandError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.base import (
    READ_RETRIES,
    UnconfirmedWriteError,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.confirmations import Effect
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.primitives import (
    PRIMITIVES,
    snapshot_parameters,
    status_parameters,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.tls12 import read_parameters
from hosts import FakeHost, TwinHost
from lab_twins import STAGING_ON, seed_tenants


def _without_faults(state: dict) -> dict:
    return {key: value for key, value in copy.deepcopy(state).items() if key != "faults"}


@pytest.fixture
def host(old_state) -> TwinHost:
    return TwinHost(old_state, tenants=seed_tenants())


# -- reads ------------------------------------------------------------------------------------------


def test_a_dropped_read_is_reset_and_retried_by_default_and_every_round_trip_counts(host) -> None:
    host.twin.state["faults"] = {"drop_calls": 1}
    assert host.call("snapshot", snapshot_parameters())["computer_name"] == "OLD-SYNC01"
    assert host.primitives == ["snapshot", "snapshot"]
    assert (host.round_trips, host.resets, host.connection_retries) == (2, 1, 1)
    assert host.connection_events == [
        "The connection to old-sync01 dropped during snapshot (OLD-SYNC01: connection reset during snapshot "
        "(transient fault injected in memory)); it was reset and the read run again (1 of 2)"
    ]


def test_a_read_survives_up_to_the_bound(host) -> None:
    host.twin.state["faults"] = {"drop_calls": READ_RETRIES}
    assert host.call("tls12_read", read_parameters())["values"]
    assert (host.round_trips, host.resets, host.connection_retries) == (READ_RETRIES + 1, READ_RETRIES, READ_RETRIES)


def test_a_read_that_keeps_failing_still_fails_after_the_bound(host) -> None:
    host.twin.state["faults"] = {"drop_calls": READ_RETRIES + 1}
    with pytest.raises(AnsibleConnectionFailure, match="connection reset during sync_status"):
        host.call("sync_status", status_parameters())
    assert host.primitives == ["sync_status"] * (READ_RETRIES + 1)
    assert (host.round_trips, host.resets, host.connection_retries) == (READ_RETRIES + 1, READ_RETRIES, READ_RETRIES)
    assert host.twin.state["faults"]["drop_calls"] == 0


def test_an_unreachable_server_stays_unreachable(host) -> None:
    host.twin.state["faults"] = {"unreachable": True}
    with pytest.raises(AnsibleConnectionFailure, match="does not answer"):
        host.snapshot()
    assert host.round_trips == READ_RETRIES + 1


def test_a_caller_may_ask_for_no_retry_or_more(host) -> None:
    host.twin.state["faults"] = {"drop_calls": 1}
    with pytest.raises(AnsibleConnectionFailure):
        host.call("snapshot", snapshot_parameters(), retries=0)
    host.twin.state["faults"] = {"drop_calls": READ_RETRIES + 1}
    retried: list[int] = []
    host.call("snapshot", snapshot_parameters(), retries=READ_RETRIES + 1, on_retry=lambda n, _e: retried.append(n))
    assert retried == list(range(1, READ_RETRIES + 2))


# -- writes -----------------------------------------------------------------------------------------


def test_every_write_declares_the_read_that_confirms_it_and_no_read_does() -> None:
    for spec in PRIMITIVES.values():
        if spec.read_only:
            assert spec.confirm is None, spec.name
            continue
        assert spec.confirm is not None, f"{spec.name} writes but declares no confirming read"
        read = PRIMITIVES[spec.confirm.read]
        assert read.read_only, f"{spec.name} is confirmed by {read.name}, which writes"
        sample = {name: "x" for name in spec.parameters + spec.optional}
        sent = set(spec.confirm.parameters(sample))
        assert set(read.parameters) <= sent <= set(read.parameters) | set(read.optional), spec.name


def test_a_write_lost_before_it_happened_is_not_repeated_and_fails_saying_what_to_do(host) -> None:
    before = _without_faults(host.twin.state)
    host.drop_before("staging_write")
    with pytest.raises(UnconfirmedWriteError) as err:
        host.write("staging_write", STAGING_ON)
    assert host.primitives == ["staging_write", "sync_status"]
    assert (host.round_trips, host.resets) == (2, 1)
    assert _without_faults(host.twin.state) == before
    assert str(err.value) == (
        "The connection to old-sync01 dropped during staging_write (OLD-SYNC01: connection reset during "
        "staging_write (transient fault injected in memory)); a fresh sync_status read shows it did not take "
        "effect (StagingModeEnabled=False). Nothing was repeated: a write that may have happened is never sent "
        "again. Run the task again: the run reads old-sync01 and carries on from what it finds."
    )


def test_a_write_whose_answer_was_lost_is_confirmed_by_the_fresh_read_and_not_repeated(host) -> None:
    host.twin.state["faults"] = {"lose_answers": {"staging_write": 1}}
    written = host.write("staging_write", STAGING_ON)
    assert host.primitives == ["staging_write", "sync_status"]
    assert written.answer_lost and written.answer is None
    assert written.confirmation is not None and written.confirmation["scheduler"]["StagingModeEnabled"] is True
    assert written.note == (
        "The connection to old-sync01 dropped during staging_write; a fresh sync_status read shows it took effect "
        "(StagingModeEnabled=True). It was not sent again."
    )
    assert host.twin.state["entra_connect"]["staging_mode"] is True
    assert host.twin.state["faults"]["lose_answers"] == {"staging_write": 0}


def test_a_write_that_got_through_returns_its_answer(host) -> None:
    written = host.write("staging_write", STAGING_ON)
    assert not written.answer_lost and written.answer is not None and "now_utc" in written.answer
    assert host.primitives == ["staging_write"] and host.resets == 0


def test_the_confirming_read_is_itself_retried(host) -> None:
    host.twin.state["faults"] = {"lose_answers": {"staging_write": 1, "sync_status": 1}}
    assert host.write("staging_write", STAGING_ON).answer_lost
    assert host.primitives == ["staging_write", "sync_status", "sync_status"]
    assert host.connection_retries == 1


def test_when_the_confirming_read_fails_too_the_server_is_unreachable_and_nothing_was_repeated() -> None:
    lost = AnsibleConnectionFailure("connection reset")
    host = FakeHost(*([lost] * (READ_RETRIES + 2)))
    with pytest.raises(AnsibleConnectionFailure) as err:
        host.write("staging_write", STAGING_ON)
    assert [name for name, _parameters in host.calls] == ["staging_write"] + ["sync_status"] * (READ_RETRIES + 1)
    assert str(err.value).startswith(
        "The connection to old-sync01 dropped during staging_write (connection reset), and the fresh sync_status "
        "read that would show whether it took effect failed too (connection reset). Nothing was repeated"
    )


def test_a_caller_check_sharpens_the_declared_one(host) -> None:
    host.twin.state["faults"] = {"lose_answers": {"staging_write": 1}}
    with pytest.raises(UnconfirmedWriteError, match=r"shows it did not take effect \(not what the caller wanted\)"):
        host.write("staging_write", STAGING_ON, expect=lambda _read: Effect(False, "not what the caller wanted"))
    assert host.primitives == ["staging_write", "sync_status"]


def test_call_of_a_write_whose_answer_was_lost_stops_even_when_it_took_effect(host) -> None:
    # entra_sync_cycle needs sync_start's own answer (when the cycle started): a fresh read shows the cycle
    # runs, but not that; the task stops, and sync_start was sent once.
    host.twin.state["faults"] = {"lose_answers": {"sync_start": 1}}
    with pytest.raises(HostCommandError) as err:
        host.call("sync_start", {"PolicyType": "Delta"})
    assert host.primitives == ["sync_start", "sync_status"]
    assert host.twin.state["entra_connect"]["sync_cycle"]["policy_type"] == "Delta"
    assert str(err.value).startswith(
        "The connection to old-sync01 dropped during sync_start; a fresh sync_status read shows it took effect "
        "(SyncCycleInProgress=True). It was not sent again. This task needs the answer of sync_start itself"
    )


def test_a_write_is_never_retried_nor_a_read_written() -> None:
    host = FakeHost()
    with pytest.raises(ValueError, match="sync_start writes; only reads may be retried"):
        host.call("sync_start", {"PolicyType": "Delta"}, retries=1)
    with pytest.raises(ValueError, match="snapshot is not a write"):
        host.write("snapshot", snapshot_parameters())
    assert host.calls == []
