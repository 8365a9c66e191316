"""Sync health of one server for its role: each check on its own evidence, and what a failure says to look at."""

from __future__ import annotations

import datetime

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.dates import parse_utc
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.facts import snapshot_facts
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.health import (
    judge_health,
    step_of,
)

# The HA seeds' clock; their last delta cycle ran at 09:30.
SEED_NOW = parse_utc("2026-11-20T09:45:00Z")
AD = "5d4b8a11-7c55-4f0e-9a3b-1f2e6a9c0d21"
ENTRA = "b891884f-051e-4a83-95af-2544101c9083"


@pytest.fixture
def judge(seed, snapshot_of):
    """judge(seed name, role, now=SEED_NOW, change=None, max_age=7 days) -> {check name: check}."""

    def _judge(name, role, now=SEED_NOW, change=None, max_age=datetime.timedelta(days=7)):
        state = seed(name)
        if change:
            change(state["entra_connect"])
        snapshot = snapshot_of(state)
        checks = judge_health(snapshot_facts(snapshot), snapshot["adsync"]["run_history"] or [], role, now, max_age)
        return {check["name"]: check for check in checks}

    return _judge


def set_result(connector: str, profile: str, result: str):
    def change(engine) -> None:
        run = next(
            r for r in engine["run_history"] if r["connector_id"] == connector and r["run_profile_name"] == profile
        )
        run["result"] = result

    return change


def passed(checks) -> dict[str, bool]:
    return {name: check["passed"] for name, check in checks.items()}


def test_a_healthy_staging_server_passes_every_check_of_its_role(judge) -> None:
    assert passed(judge("ha-sync02", "staging")) == {
        "sync_engine": True,
        "role": True,
        "last_sync": True,
        "scheduler": True,
        "import_sync_errors": True,
        "stopped_runs": True,
    }


def test_the_active_server_is_not_held_to_the_import_and_sync_check(judge) -> None:
    assert passed(judge("ha-sync01", "active")) == {
        "sync_engine": True,
        "role": True,
        "last_sync": True,
        "scheduler": True,
        "stopped_runs": True,
    }


def test_a_server_in_the_wrong_role_is_named(judge) -> None:
    check = judge("ha-sync01", "staging")["role"]
    assert check["passed"] is False
    assert check["detail"].startswith("StagingModeEnabled=False, but the server is judged as the staging server")


def test_a_connector_not_synchronized_for_seven_days_fails_and_names_it(judge) -> None:
    # fabrikam.com's delta synchronization ended at 09:30:20, the Entra connector's at 09:30:35.
    check = judge("ha-sync02", "staging", now=parse_utc("2026-11-27T09:30:30Z"))["last_sync"]
    assert check["passed"] is False
    assert check["detail"].startswith(
        "fabrikam.com: the last successful synchronization ended 2026-11-20T09:30:20.0000000Z, 7.0 days ago "
        "(limit 7 day(s)). Look at why the scheduler ran no cycle"
    )
    assert "fabrikam.onmicrosoft.com - AAD" not in check["detail"]
    assert "Start-ADSyncSyncCycle -PolicyType Initial" in check["detail"]


def test_the_age_limit_is_settable(judge) -> None:
    checks = judge("ha-sync02", "staging", now=parse_utc("2026-11-27T09:30:30Z"), max_age=datetime.timedelta(days=10))
    assert checks["last_sync"]["passed"] is True
    assert checks["last_sync"]["detail"] == (
        "every connector synchronized successfully within 10 day(s); the oldest of their last synchronizations "
        "ended 2026-11-20T09:30:20.0000000Z"
    )


def test_a_synchronization_with_warnings_completed_and_counts(judge) -> None:
    checks = judge("ha-sync02", "staging", change=set_result(AD, "Delta Synchronization", "completed-sync-warnings"))
    assert checks["last_sync"]["passed"] is True and checks["import_sync_errors"]["passed"] is True


def test_a_synchronization_with_errors_is_not_a_successful_one(judge) -> None:
    checks = judge("ha-sync02", "staging", change=set_result(AD, "Delta Synchronization", "completed-sync-errors"))
    assert checks["last_sync"]["detail"].startswith(
        "fabrikam.com: no successful synchronization among the 50 newest runs."
    )
    # The run's id is the seed's (lab/seeds/ha-sync02.json).
    assert checks["import_sync_errors"]["detail"] == (
        "fabrikam.com / Delta Synchronization (started 2026-11-20T09:30:13.0000000Z) ended with completed-sync-errors: "
        "look at the run in Synchronization Service Manager (Operations) or with "
        "Get-ADSyncRunStepResult -RunHistoryId 0f6a7e10-0001-4000-8000-00000000b002"
    )


def test_an_import_with_errors_holds_the_server_to_make_active(judge) -> None:
    change = set_result(ENTRA, "Delta Import", "completed-discovery-errors")
    check = judge("ha-sync02", "staging", change=change)["import_sync_errors"]
    assert check["passed"] is False
    assert check["detail"].startswith(
        "fabrikam.onmicrosoft.com - AAD / Delta Import (started 2026-11-20T09:30:21.0000000Z) ended with "
        "completed-discovery-errors"
    )


def test_a_server_to_make_active_without_runs_is_told_to_run_an_initial_sync(judge) -> None:
    def no_runs(engine) -> None:
        engine["run_history"] = []

    checks = judge("ha-sync02", "staging", change=no_runs)
    assert checks["import_sync_errors"]["detail"].startswith(
        "fabrikam.com: no complete import run among the 50 newest runs; run an initial sync "
        "(Start-ADSyncSyncCycle -PolicyType Initial); fabrikam.com: no complete synchronization run"
    )
    assert checks["last_sync"]["passed"] is False and checks["stopped_runs"]["passed"] is True


@pytest.mark.parametrize(
    ("scheduler", "detail"),
    [
        ({"SyncCycleEnabled": False}, "SyncCycleEnabled=False: the scheduler starts no cycle"),
        ({"SchedulerSuspended": True}, "SchedulerSuspended=True: the scheduler is suspended while the wizard is open"),
    ],
)
@pytest.mark.parametrize("name,role", [("ha-sync01", "active"), ("ha-sync02", "staging")])
def test_a_scheduler_that_runs_no_cycle_fails_on_both_roles(judge, scheduler, detail, name, role) -> None:
    check = judge(name, role, change=lambda engine: engine["scheduler"].update(scheduler))["scheduler"]
    assert check["passed"] is False and check["detail"].startswith(detail)


def test_a_stopped_newest_run_fails_and_says_what_to_look_at(judge) -> None:
    change = set_result(AD, "Export", "stopped-deletion-threshold-exceeded")
    check = judge("ha-sync01", "active", change=change)["stopped_runs"]
    assert check["passed"] is False
    assert check["detail"] == (
        "fabrikam.com / Export (started 2026-11-20T09:30:45.0000000Z) ended with stopped-deletion-threshold-exceeded: "
        "the export would delete more objects than the export deletion threshold allows [S11]; review the pending "
        'deletions (csexport "fabrikam.com" %temp%\\export.xml /f:x) before anything else'
    )


def test_a_stopped_run_that_a_newer_one_followed_is_not_the_newest(judge) -> None:
    checks = judge("ha-sync01", "active", change=set_result(AD, "Delta Import", "stopped-server-down"))
    assert checks["stopped_runs"]["passed"] is True


def test_a_stopped_connector_that_could_not_reach_its_directory(judge) -> None:
    check = judge("ha-sync01", "active", change=set_result(ENTRA, "Export", "stopped-connectivity"))["stopped_runs"]
    assert check["detail"].endswith(
        "the connector could not reach its directory; check the connection and the connector account"
    )


def test_an_engine_that_cannot_be_read_is_the_only_check(judge) -> None:
    def stop(engine) -> None:
        engine["service"]["status"] = "Stopped"

    checks = judge("ha-sync02", "staging", change=stop)
    assert list(checks) == ["sync_engine"] and checks["sync_engine"]["passed"] is False
    assert checks["sync_engine"]["detail"].startswith(
        "the ADSync cmdlets could not be read on HA-SYNC02: The ADSync service is not running"
    )


def test_a_server_without_connectors_has_synchronized_nothing(judge) -> None:
    def empty(engine) -> None:
        engine.update(connectors=[], run_history=[])

    checks = judge("ha-sync02", "staging", change=empty)
    assert checks["last_sync"]["detail"] == "the server has no connectors: it synchronizes nothing"
    assert checks["import_sync_errors"]["detail"] == "the server has no connectors"


@pytest.mark.parametrize(
    ("profile", "step"),
    [
        ("Delta Import", "import"),
        ("Full Import", "import"),
        ("Delta Import OU=Sales", "import"),
        ("Full Synchronization", "sync"),
        ("Export", "export"),
        ("Cleanup", None),
    ],
)
def test_the_step_of_a_run_comes_from_its_profile_name(profile, step) -> None:
    assert step_of({"run_profile_name": profile}) == step


def test_an_unknown_role_is_a_programming_error(seed, snapshot_of) -> None:
    with pytest.raises(ValueError, match="role must be one of"):
        judge_health(snapshot_facts(snapshot_of(seed("ha-sync01"))), [], "primary", SEED_NOW)
