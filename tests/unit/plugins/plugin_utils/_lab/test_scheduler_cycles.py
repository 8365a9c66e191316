"""The twin's scheduler starting cycles by itself, a start refused as busy, and a start that takes a moment
to show (engine.py)."""

from __future__ import annotations

import copy
import datetime

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.dates import format_utc, parse_utc
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._contract.validate import first_violation
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.primitives import status_parameters
from lab_twins import twin_of

AAD = "contoso.onmicrosoft.com - AAD"


@pytest.fixture
def state(old_state):
    old_state.pop("tenant_log")
    return old_state


def _status(twin) -> dict:
    return twin.call("sync_status", status_parameters())


def _seconds_to_next(twin) -> float:
    scheduler = twin.state["entra_connect"]["scheduler"]
    return (parse_utc(scheduler["NextSyncCycleStartTimeInUTC"]) - twin.clock.now()).total_seconds()


def test_the_scheduler_starts_its_cycle_when_its_time_has_passed(state) -> None:
    state["entra_connect"]["scheduler_autostart"] = True
    twin = twin_of(state)
    due = twin.state["entra_connect"]["scheduler"]["NextSyncCycleStartTimeInUTC"]
    twin.advance(_seconds_to_next(twin) - 1)
    assert _status(twin)["scheduler"]["SyncCycleInProgress"] is False
    twin.advance(10)
    status = _status(twin)
    # It started at the time it was due, not when the clock was next looked at, and keeps that time until
    # it ends [TXK].
    assert status["scheduler"]["SyncCycleInProgress"] is True
    assert twin.state["entra_connect"]["sync_cycle"]["started"] == format_utc(parse_utc(due))
    assert status["scheduler"]["NextSyncCycleStartTimeInUTC"] == due
    assert first_violation("sync_status", status) is None and first_violation("lab_state", twin.state) is None
    twin.advance(60)
    runs = [r for r in twin.state["entra_connect"]["run_history"] if parse_utc(r["start_date"]) > parse_utc(due)]
    assert [r["run_profile_name"] for r in runs].count("Delta Import") == 2
    last_end = max(parse_utc(r["end_date"]) for r in runs)
    scheduler = _status(twin)["scheduler"]
    # The next one is due one interval (30 minutes) after this one ended.
    assert scheduler["SyncCycleInProgress"] is False
    assert parse_utc(scheduler["NextSyncCycleStartTimeInUTC"]) == last_end + datetime.timedelta(minutes=30)


def test_a_long_wait_sees_every_cycle_that_fell_due_in_it(state) -> None:
    state["entra_connect"]["scheduler_autostart"] = True
    twin = twin_of(state)
    start = twin.clock.now()
    # 15 minutes to the first, then one every 30 minutes after the previous one ended: three in 80 minutes.
    twin.advance(80 * 60)
    imports = [
        r
        for r in twin.state["entra_connect"]["run_history"]
        if r["connector_name"] == AAD and r["run_profile_name"] == "Delta Import" and parse_utc(r["start_date"]) > start
    ]
    assert len(imports) == 3


def test_a_staging_server_runs_the_schedulers_cycles_without_exports(state) -> None:
    state["entra_connect"]["scheduler_autostart"] = True
    state["entra_connect"]["staging_mode"] = True
    twin = twin_of(state)
    start = twin.clock.now()
    twin.advance(_seconds_to_next(twin) + 60)
    profiles = {
        r["run_profile_name"] for r in twin.state["entra_connect"]["run_history"] if parse_utc(r["start_date"]) > start
    }
    assert profiles == {"Delta Import", "Delta Synchronization"}


@pytest.mark.parametrize(
    ("setting", "value"),
    [("scheduler_autostart", None), ("SyncCycleEnabled", False), ("SchedulerSuspended", True)],
    ids=["not asked for", "cycles disabled", "suspended"],
)
def test_the_scheduler_starts_nothing_when_it_may_not(state, setting, value) -> None:
    product = state["entra_connect"]
    if setting == "scheduler_autostart":
        product.pop(setting, None)
    else:
        product["scheduler_autostart"] = True
        product["scheduler"][setting] = value
    twin = twin_of(state)
    before = len(twin.state["entra_connect"]["run_history"])
    twin.advance(_seconds_to_next(twin) + 3600)
    assert len(twin.state["entra_connect"]["run_history"]) == before
    assert twin.state["entra_connect"].get("sync_cycle") is None


def test_a_start_while_a_cycle_runs_is_answered_busy_and_changes_nothing(state) -> None:
    twin = twin_of(state)
    twin.call("sync_start", {"PolicyType": "Initial"})
    twin.advance(3)
    before = copy.deepcopy(twin.state)
    answer = twin.call("sync_start", {"PolicyType": "Delta"})
    assert answer == {
        "result": "busy",
        "message": "System.InvalidOperationException: Connector: contoso.com is busy.",
        "started_utc": twin.clock.now_text(),
    }
    assert first_violation("sync_start", answer) is None
    assert twin.state == before


def test_the_fault_makes_the_scheduler_start_its_cycle_just_before_the_start(state) -> None:
    state["faults"] = {"scheduler_starts_before": {"sync_start": 1}}
    twin = twin_of(state)
    answer = twin.call("sync_start", {"PolicyType": "Initial"})
    assert answer["result"] == "busy" and answer["message"].endswith("is busy.")
    # The cycle running is the scheduler's, of its next policy; the fault is used up.
    assert twin.state["entra_connect"]["sync_cycle"]["policy_type"] == "Delta"
    assert twin.state["faults"]["scheduler_starts_before"] == {"sync_start": 0}
    twin.advance(60)
    assert twin.call("sync_start", {"PolicyType": "Initial"})["result"] == "Success"


def test_a_started_cycle_shows_only_after_its_start_latency(state) -> None:
    state["entra_connect"]["sync_start_latency_seconds"] = 5
    twin = twin_of(state)
    started = parse_utc(twin.call("sync_start", {"PolicyType": "Delta"})["started_utc"])
    twin.advance(4)
    status = _status(twin)
    assert status["scheduler"]["SyncCycleInProgress"] is False
    assert all(parse_utc(r["start_date"]) < started for r in status["recent_runs"])
    # A second start in that moment meets the engine already busy with the first.
    assert twin.call("sync_start", {"PolicyType": "Delta"})["result"] == "busy"
    twin.advance(1)
    assert _status(twin)["scheduler"]["SyncCycleInProgress"] is True
    twin.advance(2)
    first = _status(twin)["recent_runs"][0]
    assert (first["connector_name"], first["result"]) == ("contoso.com", "in-progress")
    # Its first run starts one second after the latency, as a cycle without latency starts one second in.
    assert parse_utc(first["start_date"]) == started + datetime.timedelta(seconds=6)
