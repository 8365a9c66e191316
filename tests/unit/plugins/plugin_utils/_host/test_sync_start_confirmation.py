"""What a fresh read shows of a sync_start whose answer was lost, when the scheduler started a cycle of its
own just before it (the engine then refused the start as busy, which takes no effect)."""

from __future__ import annotations

import copy

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.base import UnconfirmedWriteError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.confirmations import sync_started
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.primitives import status_parameters
from hosts import TwinHost
from lab_twins import twin_of


@pytest.fixture
def state(old_state) -> dict:
    state = copy.deepcopy(old_state)
    state.pop("tenant_log")
    return state


def test_a_busy_start_whose_answer_was_lost_is_not_taken_for_one_that_started(state) -> None:
    state["faults"] = {"scheduler_starts_before": {"sync_start": 1}, "lose_answers": {"sync_start": 1}}
    host = TwinHost(state)
    # The scheduler's time comes as the start arrives: past NextSyncCycleStartTimeInUTC, as on a server.
    scheduler = host.twin.state["entra_connect"]["scheduler"]
    scheduler["NextSyncCycleStartTimeInUTC"] = host.twin.state["clock"]
    with pytest.raises(UnconfirmedWriteError) as err:
        host.write("sync_start", {"PolicyType": "Initial"})
    # A cycle runs, but it is the scheduler's Delta one: this start took no effect.
    assert host.twin.state["entra_connect"]["sync_cycle"]["policy_type"] == "Delta"
    assert "a fresh sync_status read shows it did not take effect (SyncCycleInProgress=True, but " in str(err.value)
    assert host.primitives == ["sync_start", "sync_status"]


def test_a_cycle_running_before_the_schedulers_time_is_the_one_started(state) -> None:
    twin = twin_of(state)
    twin.call("sync_start", {"PolicyType": "Delta"})
    effect = sync_started({"PolicyType": "Delta"}, twin.call("sync_status", status_parameters()))
    assert effect == (True, "SyncCycleInProgress=True")


def test_nothing_running_shows_no_effect(state) -> None:
    effect = sync_started({"PolicyType": "Delta"}, twin_of(state).call("sync_status", status_parameters()))
    assert effect == (False, "SyncCycleInProgress=False")
