"""entra_sync_cycle against the twin: start, wait with back-off, results, failures."""

from __future__ import annotations

import copy

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.action import entra_sync_cycle
from ansible_collections.hybrid_identity.entra_connect.plugins.modules import entra_sync_cycle as entra_sync_cycle_docs
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action.polling import backoff
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.sync import (
    START_ATTEMPTS,
    START_GRACE_SECONDS,
    runs_since,
)
from hosts import TwinHost

AD, AAD = "contoso.com", "contoso.onmicrosoft.com - AAD"


@pytest.fixture
def state(old_state):
    old_state.pop("tenant_log")
    return old_state


def test_backoff_grows_to_15_seconds_and_stays() -> None:
    delays = backoff()
    assert [next(delays) for _poll in range(7)] == [2, 4, 8, 15, 15, 15, 15]


def test_a_cycle_owns_the_runs_that_started_at_or_after_its_start() -> None:
    # The host writes 7 fraction digits; a run without a start date has not started.
    runs = [
        {"start_date": "2026-11-20T09:45:00.9999999Z", "name": "earlier"},
        {"start_date": "2026-11-20T09:45:01.0000000Z", "name": "at the start"},
        {"start_date": "2026-11-20T09:46:00.0000000Z", "name": "later"},
        {"start_date": None, "name": "not started"},
    ]
    assert [r["name"] for r in runs_since(runs, "2026-11-20T09:45:01.0000000Z")] == ["at the start", "later"]


def test_delta_cycle_runs_every_step_in_order_and_reports_it(state, run_action) -> None:
    host = TwinHost(state)
    result = run_action(entra_sync_cycle, {}, host)
    assert not result.get("failed") and result["exports_ran"] is True
    steps = [
        (r["connector_name"], r["run_profile_name"]) for r in sorted(result["runs"], key=lambda r: r["start_date"])
    ]
    assert steps == [
        (AD, "Delta Import"),
        (AAD, "Delta Import"),
        (AD, "Delta Synchronization"),
        (AAD, "Delta Synchronization"),
        (AAD, "Export"),
        (AD, "Export"),
    ]
    assert list(result["connectors"]) == [AD, AAD] and len(result["connectors"][AD]) == 3
    # Starting the cycle is the change, though nothing was pending and no object moved.
    assert (result["changed"], result["objects_changed"]) == (True, 0)
    assert result["decisions"] == [
        f"Started a sync cycle (Delta) on old-sync01 at {result['started']} by its clock",
        "Delta sync cycle on old-sync01: success",
    ]
    # One status read, the start, the polls, then the results; every poll a short read. The twin's six
    # steps take 8+8+6+6+5+5 s with 1 s before each, so the cycle ends 44 s after the start: polls at
    # 2, 6, 14, 29 and 44 s.
    assert host.primitives[:2] == ["sync_status", "sync_start"] and host.primitives[-1] == "run_results"
    assert set(host.primitives[2:-1]) == {"sync_status"} and host.waits == [2, 4, 8, 15, 15]
    assert result["host_round_trips"] == len(host.calls)


def test_exported_changes_count_and_mean_changed(state, run_action) -> None:
    state["entra_connect"]["pending_exports"] = {AAD: {"add": 2, "update": 5, "delete": 1}}
    result = run_action(entra_sync_cycle, {}, TwinHost(state))
    export = next(r for r in result["runs"] if r["connector_name"] == AAD and r["run_profile_name"] == "Export")
    assert (export["adds"], export["updates"], export["deletes"], result["changed"]) == (2, 5, 1, True)
    assert result["objects_changed"] == 8


def test_initial_cycle_runs_full_steps(state, run_action) -> None:
    result = run_action(entra_sync_cycle, {"policy_type": "Initial"}, TwinHost(state))
    assert {r["run_profile_name"] for r in result["runs"]} == {"Full Import", "Full Synchronization", "Export"}


def test_staging_server_says_exports_did_not_run(state, run_action) -> None:
    state["entra_connect"]["staging_mode"] = True
    result = run_action(entra_sync_cycle, {}, TwinHost(state))
    assert result["exports_ran"] is False and not result.get("failed")
    assert "Export" not in {r["run_profile_name"] for r in result["runs"]}
    assert (
        result["msg"] == "old-sync01 is in staging mode: the cycle imported and synchronized, and exports did not run"
    )


def test_deletion_threshold_stop_has_its_own_message(state, run_action) -> None:
    state["entra_connect"]["pending_exports"] = {AAD: {"add": 0, "update": 0, "delete": 600}}
    host = TwinHost(state)
    result = run_action(entra_sync_cycle, {}, host)
    assert result["failed"] is True
    assert [f["result"] for f in result["failures"]] == ["stopped-deletion-threshold-exceeded"]
    assert "deletion threshold allows, so it stopped before deleting anything" in result["msg"]
    assert 'csexport "contoso.onmicrosoft.com - AAD"' in result["msg"]
    # Nothing was deleted: the deletions are still pending.
    assert host.twin.state["entra_connect"]["pending_exports"][AAD]["delete"] == 600


def test_error_results_fail_unless_the_task_accepts_them(state, run_action) -> None:
    state["faults"] = {"run_results": {f"{AD}|Export": "completed-export-errors"}}
    failed = run_action(entra_sync_cycle, {}, TwinHost(state))
    # The cycle was started, so the server changed even though the task fails on its results.
    assert (failed["failed"], failed["changed"]) == (True, True)
    assert failed["msg"] == (
        "The sync cycle on old-sync01 did not succeed: "
        "contoso.com / Export ended with completed-export-errors (1 error(s))"
    )
    accepted = run_action(entra_sync_cycle, {"fail_on_results": []}, TwinHost(state))
    assert not accepted.get("failed") and "completed-export-errors" in {r["result"] for r in accepted["runs"]}


def test_a_running_cycle_is_waited_for_first(state, run_action) -> None:
    host = TwinHost(state)
    host.twin.call("sync_start", {"PolicyType": "Initial"})
    result = run_action(entra_sync_cycle, {}, host)
    assert host.primitives.count("sync_start") == 1 and not result.get("failed")
    assert result["decisions"][0].endswith(", once the cycle already running there had finished")
    # The Initial cycle finished before the Delta one started, and only the Delta one is reported.
    assert {r["run_profile_name"] for r in result["runs"]} == {"Delta Import", "Delta Synchronization", "Export"}
    assert any(r["run_profile_name"] == "Full Import" for r in host.twin.state["entra_connect"]["run_history"])


def test_a_running_cycle_fails_the_task_when_asked(state, run_action) -> None:
    host = TwinHost(state)
    host.twin.call("sync_start", {"PolicyType": "Delta"})
    host.twin.advance(3)
    result = run_action(entra_sync_cycle, {"when_running": "fail"}, host)
    assert result["msg"] == (
        "A sync cycle is already running on old-sync01 (running connector: contoso.com); when_running=fail. "
        "No cycle was started."
    )
    assert host.primitives == ["sync_status"]


def test_timeout_ends_the_wait_with_the_cycle_state(state, run_action) -> None:
    host = TwinHost(state)
    result = run_action(entra_sync_cycle, {"timeout": 20}, host)
    # Polls come at 2, 6, 14 and 29 s; the first one past 20 s ends the wait, while the Entra import runs.
    # The cycle was started and keeps running: the task changed the server, and says when it started it.
    assert (result["failed"], result["changed"], result["started"]) == (True, True, "2026-11-20T09:45:00.0000000Z")
    assert result["msg"].startswith(
        "Waited 29 s for the Delta sync cycle on old-sync01 (timeout 20 s); it is still running"
    )
    assert "running connector: contoso.onmicrosoft.com - AAD" in result["msg"]


def test_lost_connections_during_polls_are_reset_and_retried(state, run_action) -> None:
    state["faults"] = {"drop_calls": 2}
    host = TwinHost(state)
    result = run_action(entra_sync_cycle, {}, host)
    assert not result.get("failed") and host.resets == 2
    assert host.primitives[:3] == ["sync_status"] * 3


def test_unknown_connector_fails_before_any_start(state, run_action) -> None:
    host = TwinHost(state)
    result = run_action(entra_sync_cycle, {"connectors": ["fabrikam.com"]}, host)
    assert result["msg"] == (
        "Connector(s) 'fabrikam.com' do not exist on old-sync01; its connectors are 'contoso.com', "
        "'contoso.onmicrosoft.com - AAD'. No cycle was started."
    )
    assert host.primitives == ["sync_status"]


def test_connectors_option_narrows_the_report(state, run_action) -> None:
    result = run_action(entra_sync_cycle, {"connectors": [AD]}, TwinHost(state))
    assert {r["connector_name"] for r in result["runs"]} == {AD}


def test_suspended_scheduler_is_refused(state, run_action) -> None:
    state["entra_connect"]["scheduler"]["SchedulerSuspended"] = True
    host = TwinHost(state)
    result = run_action(entra_sync_cycle, {}, host)
    assert "is suspended (SchedulerSuspended=True)" in result["msg"] and "sync_start" not in host.primitives


def test_a_timeout_waiting_for_a_running_cycle_starts_nothing_and_changes_nothing(state, run_action) -> None:
    host = TwinHost(state)
    host.twin.call("sync_start", {"PolicyType": "Initial"})
    result = run_action(entra_sync_cycle, {"timeout": 5}, host)
    assert result["failed"] is True and result["msg"].startswith("Waited 6 s for the running cycle on old-sync01")
    # It only waited for a cycle someone else started: no cycle of its own, no change.
    assert not result.get("changed") and "started" not in result and "sync_start" not in host.primitives


def test_check_mode_starts_nothing_and_says_it_would_start_a_cycle(state, run_action) -> None:
    host = TwinHost(state)
    before = copy.deepcopy(host.twin.state)
    result = run_action(entra_sync_cycle, {"policy_type": "Initial"}, host, check_mode=True)
    would = "Would start a sync cycle (Initial) on old-sync01 (check mode)"
    assert (result["changed"], result["msg"], result["decisions"]) == (True, would, [would])
    assert host.primitives == ["sync_status"] and host.twin.state == before


def test_check_mode_says_it_would_wait_for_the_running_cycle_first(state, run_action) -> None:
    host = TwinHost(state)
    host.twin.call("sync_start", {"PolicyType": "Initial"})
    host.twin.advance(3)
    result = run_action(entra_sync_cycle, {}, host, check_mode=True)
    assert (result["changed"], result["decisions"]) == (
        True,
        [
            "Would wait for the sync cycle running on old-sync01 (running connector: contoso.com), then start a sync "
            "cycle (Delta) (check mode)"
        ],
    )
    assert host.primitives == ["sync_status"]


def test_a_refusal_in_check_mode_claims_no_change(state, run_action) -> None:
    state["entra_connect"]["scheduler"]["SchedulerSuspended"] = True
    result = run_action(entra_sync_cycle, {}, TwinHost(state), check_mode=True)
    assert result["failed"] is True and not result.get("changed") and result["decisions"] == []


def test_without_entra_connect_the_message_says_what_was_expected(new_state, run_action) -> None:
    new_state.pop("tenant_log")
    result = run_action(entra_sync_cycle, {}, TwinHost(new_state, name="new-sync01"))
    assert result["msg"] == (
        "Entra Connect is not installed on new-sync01 (NEW-SYNC01): expected an Entra Connect Sync server with "
        "the ADSync service, found no ADSync service. Nothing was changed."
    )


def test_not_waiting_returns_once_started(state, run_action) -> None:
    host = TwinHost(state)
    result = run_action(entra_sync_cycle, {"wait": False}, host)
    assert result["changed"] is True and "runs" not in result and host.waits == []
    assert result["decisions"] == [f"Started a sync cycle (Delta) on old-sync01 at {result['started']} by its clock"]
    assert host.twin.state["entra_connect"]["scheduler"]["SyncCycleInProgress"] is True


# -- a scheduler that starts its own cycle between the status read and the start ---------------------------


def test_a_cycle_the_scheduler_starts_just_before_the_start_is_waited_for_then_ours_starts(state, run_action) -> None:
    # The scheduler's next cycle is a Delta one; the task asks for an Initial one.
    state["faults"] = {"scheduler_starts_before": {"sync_start": 1}}
    host = TwinHost(state)
    result = run_action(entra_sync_cycle, {"policy_type": "Initial"}, host)
    assert not result.get("failed") and result["changed"] is True
    assert host.primitives.count("sync_start") == 2
    # Only this task's cycle is reported: full steps, none of the scheduler's delta ones.
    assert {r["run_profile_name"] for r in result["runs"]} == {"Full Import", "Full Synchronization", "Export"}
    history = host.twin.state["entra_connect"]["run_history"]
    scheduler_runs = [r for r in history if r["run_profile_name"] == "Delta Import"]
    assert scheduler_runs and all(r["end_date"] < result["started"] for r in scheduler_runs)
    assert result["decisions"][0] == (
        f"Started a sync cycle (Initial) on old-sync01 at {result['started']} by its clock, after waiting 1 time(s) "
        "for a cycle that started just before it (System.InvalidOperationException: Connector: contoso.com is busy.)"
    )


def test_an_engine_busy_at_every_start_fails_clearly_after_the_bound(state, run_action) -> None:
    state["faults"] = {"scheduler_starts_before": {"sync_start": START_ATTEMPTS}}
    host = TwinHost(state)
    result = run_action(entra_sync_cycle, {}, host)
    assert result["failed"] is True and not result.get("changed") and "started" not in result
    assert host.primitives.count("sync_start") == START_ATTEMPTS
    assert result["msg"].startswith(
        f"Start-ADSyncSyncCycle on old-sync01 answered busy {START_ATTEMPTS} times (System.InvalidOperationException: "
        "Connector: "
    )
    assert "Set-ADSyncScheduler -SyncCycleEnabled $false" in result["msg"]
    assert result["msg"].endswith("No Delta cycle of this task was started.")
    # Between two starts it waited for the cycle that kept the engine busy; the last one it left running.
    assert host.twin.state["entra_connect"]["sync_cycle"] is not None


def test_a_busy_start_fails_at_once_with_when_running_fail(state, run_action) -> None:
    state["faults"] = {"scheduler_starts_before": {"sync_start": 1}}
    host = TwinHost(state)
    result = run_action(entra_sync_cycle, {"when_running": "fail"}, host)
    assert result["failed"] is True and not result.get("changed")
    assert host.primitives == ["sync_status", "sync_start"]
    assert result["msg"].startswith("A sync cycle started on old-sync01 just before this task's start")
    assert result["msg"].endswith("; when_running=fail. No cycle was started.")


def test_a_start_error_that_is_not_busy_still_fails_without_a_retry(state, run_action) -> None:
    state["faults"] = {"primitive_errors": {"sync_start": "Access is denied"}}
    host = TwinHost(state)
    result = run_action(entra_sync_cycle, {}, host)
    assert result["failed"] is True and not result.get("changed")
    assert result["msg"] == "The sync_start script failed on OLD-SYNC01: Access is denied"
    assert host.primitives == ["sync_status", "sync_start"]


# -- a started cycle that takes a moment to show --------------------------------------------------------------


def test_a_cycle_that_shows_late_is_still_waited_for_and_judged(state, run_action) -> None:
    # For 5 s after the start the engine shows neither SyncCycleInProgress nor a run; the first poll comes at 2 s.
    state["entra_connect"]["sync_start_latency_seconds"] = 5
    state["faults"] = {"run_results": {f"{AD}|Export": "completed-export-errors"}}
    host = TwinHost(state)
    result = run_action(entra_sync_cycle, {}, host)
    assert len(result["runs"]) == 6 and result["exports_ran"] is True
    assert result["failed"] is True and [f["result"] for f in result["failures"]] == ["completed-export-errors"]


def test_a_start_that_never_shows_fails_after_the_grace_period(state, run_action) -> None:
    state["entra_connect"]["sync_start_latency_seconds"] = START_GRACE_SECONDS * 5
    host = TwinHost(state)
    result = run_action(entra_sync_cycle, {}, host)
    # The start was accepted: the task changed the server, and says what it saw and what to do.
    assert (result["failed"], result["changed"], result["started"]) == (True, True, "2026-11-20T09:45:00.0000000Z")
    assert result["msg"].startswith(
        "Started a sync cycle on old-sync01 at 2026-11-20T09:45:00.0000000Z by its clock, but 134 s later the "
        "engine shows no sign of it: SyncCycleInProgress=False and no run started at or after "
        f"2026-11-20T09:45:00.0000000Z (grace period {START_GRACE_SECONDS} s)."
    )
    assert "Application event log (source ADSync)" in result["msg"]
    assert "run_results" not in host.primitives


def test_a_cycle_that_finished_with_no_run_fails_clearly(state, run_action) -> None:
    # A cycle the engine showed running, then finished, with nothing in the run history: it never ran a step.
    host = TwinHost(state)
    real_call = host.call

    def no_runs(primitive, parameters, *args, **kwargs):
        answer = real_call(primitive, parameters, *args, **kwargs)
        if primitive == "run_results":
            return dict(answer, runs=[])
        return answer

    host.call = no_runs
    result = run_action(entra_sync_cycle, {}, host)
    assert (result["failed"], result["changed"], result["runs"]) == (True, True, [])
    assert result["msg"] == (
        f"The Delta sync cycle on old-sync01 started at {result['started']} by its clock and finished, but the run "
        f"history lists no run that started at or after {result['started']}: no connector was imported, "
        "synchronized or exported. Check the connectors' run profiles and the run history "
        "(Get-ADSyncRunProfileResult) in the Synchronization Service Manager, then run this task again."
    )


def test_the_documentation_states_the_bounds_the_module_uses() -> None:
    text = " ".join(entra_sync_cycle_docs.DOCUMENTATION.split())
    assert f"at most {START_ATTEMPTS} times in all" in text
    assert f"waits up to {START_GRACE_SECONDS} seconds of the server's clock" in text


def test_a_start_answered_neither_success_nor_busy_adopts_no_cycle(state, run_action, monkeypatch) -> None:
    # A running cycle seen after such an answer could be the scheduler's: the task must not judge it as its own.
    from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._lab import twin as twin_module

    real = twin_module.HANDLERS["sync_start"]

    def starts_the_scheduler_cycle_and_answers_oddly(twin, parameters):
        answer = real(twin, parameters)
        return dict(answer, result="NotStarted")

    monkeypatch.setitem(twin_module.HANDLERS, "sync_start", starts_the_scheduler_cycle_and_answers_oddly)
    result = run_action(entra_sync_cycle, {"policy_type": "Delta"}, TwinHost(state, "old-sync01"))
    assert result["failed"] is True
    assert "answered 'NotStarted', neither Success nor busy; no cycle is taken as this task's" in result["msg"]
