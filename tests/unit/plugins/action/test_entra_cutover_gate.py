"""entra_cutover_gate: the evidence before and after a server leaves staging, and nothing changed."""

from __future__ import annotations

from typing import Any

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.action import entra_cutover_gate
from hosts import TwinHost

AD = "5d4b8a11-7c55-4f0e-9a3b-1f2e6a9c0d21"
ENTRA = "b891884f-051e-4a83-95af-2544101c9083"


def run(connector: str, profile: str, start: str, result: str = "success") -> dict[str, Any]:
    """What differs between runs; the rest is copied from a run of the seed."""
    return {"connector_id": connector, "run_profile_name": profile, "result": result, "start_date": start}


def initial_sync(result_on_entra: str = "success") -> list[dict[str, Any]]:
    return [
        run(AD, "Full Import", "2026-11-20T09:40:00Z"),
        run(AD, "Full Synchronization", "2026-11-20T09:41:00Z"),
        run(ENTRA, "Full Import", "2026-11-20T09:42:00Z"),
        run(ENTRA, "Full Synchronization", "2026-11-20T09:43:00Z", result_on_entra),
    ]


@pytest.fixture
def host(seed):
    """host(name, extra_runs, **scheduler) -> a twin of a seed with more runs and scheduler settings."""
    return lambda name, extra_runs=None, **scheduler: _host(seed(name), name, extra_runs, scheduler)


def _host(state: dict[str, Any], name: str, extra_runs: list[dict[str, Any]] | None, scheduler: dict) -> TwinHost:
    engine = state["entra_connect"]
    if engine:
        template = engine["run_history"][0]
        engine["run_history"] += [dict(template, **r) for r in extra_runs or []]
        engine["scheduler"].update(scheduler)
    return TwinHost(state, name)


def gates(result: dict[str, Any]) -> dict[str, bool]:
    return {g["name"]: g["passed"] for g in result["gates"]}


def test_a_healthy_staging_server_passes_and_nothing_is_changed(run_action, host) -> None:
    server = host("ha-sync02")
    result = run_action(entra_cutover_gate, {"expect": "staging", "peer_version": "2.6.91.0"}, server)
    assert (result["passed"], result["changed"], result.get("failed")) == (True, False, None)
    assert gates(result) == {"staging_state": True, "version": True, "scheduler": True}
    assert server.primitives == ["snapshot"]


def test_a_server_without_its_initial_sync_is_held_and_says_which_runs_are_missing(run_action, host) -> None:
    result = run_action(entra_cutover_gate, {"expect": "staging", "require_initial_sync": True}, host("ha-sync02"))
    assert result["failed"] is True and result["needs_initial_sync"] is True
    assert result["msg"].startswith("ha-sync02: 1 gate(s) did not pass, nothing was changed - initial_sync: ")
    assert "fabrikam.com / Full Import: no complete run" in result["msg"]


def test_fail_on_gate_false_reports_without_failing(run_action, host) -> None:
    args = {"expect": "staging", "require_initial_sync": True, "fail_on_gate": False}
    result = run_action(entra_cutover_gate, args, host("ha-sync02"))
    assert not result.get("failed") and result["passed"] is False and result["needs_initial_sync"] is True


def test_a_completed_initial_sync_passes(run_action, host) -> None:
    result = run_action(
        entra_cutover_gate, {"expect": "staging", "require_initial_sync": True}, host("ha-sync02", initial_sync())
    )
    assert result["passed"] is True and result["needs_initial_sync"] is False


def test_an_initial_sync_that_stopped_with_an_error_is_named(run_action, host) -> None:
    runs = initial_sync(result_on_entra="stopped-extension-dll-exception")
    result = run_action(
        entra_cutover_gate, {"expect": "staging", "require_initial_sync": True}, host("ha-sync02", runs)
    )
    assert gates(result)["initial_sync"] is False
    assert "fabrikam.onmicrosoft.com - AAD / Full Synchronization: stopped-extension-dll-exception" in result["msg"]


@pytest.mark.parametrize(
    ("args", "scheduler", "failing", "detail"),
    [
        # A staging server has not exported either.
        ({"expect": "active"}, {}, ["staging_state", "exports"], "StagingModeEnabled=True, expected False"),
        ({"expect": "staging", "peer_version": "2.7.1.0"}, {}, ["version"], "(must not be older than 2.7.1.0)"),
        ({"expect": "staging"}, {"SchedulerSuspended": True}, ["scheduler"], "SchedulerSuspended=True"),
        ({"expect": "staging"}, {"SyncCycleEnabled": False}, ["scheduler"], "SyncCycleEnabled=False"),
    ],
)
def test_each_gate_fails_on_its_own_evidence(run_action, host, args, scheduler, failing, detail) -> None:
    result = run_action(entra_cutover_gate, args, host("ha-sync02", **scheduler))
    assert [name for name, passed in gates(result).items() if not passed] == failing
    assert detail in result["msg"]


def test_after_the_switch_every_connector_must_have_exported_since_activation(run_action, host) -> None:
    active = host("ha-sync01")
    before = run_action(entra_cutover_gate, {"expect": "active", "since": "2026-11-20T09:00:00Z"}, active)
    assert before["passed"] is True and gates(before)["exports"] is True

    later = run_action(entra_cutover_gate, {"expect": "active", "since": "2026-11-20T09:30:40Z"}, active)
    assert later["passed"] is False
    # The Entra connector exported at 09:30:36, the AD connector at 09:30:45.
    assert later["msg"].endswith("exports: fabrikam.onmicrosoft.com - AAD / Export: no complete run")


def test_extra_gates_count_like_the_gates_it_judges(run_action, host) -> None:
    extra = [
        {"name": "configuration", "passed": True, "detail": "no difference"},
        {"name": "pending_exports", "passed": False, "detail": "12 deletes pending"},
    ]
    result = run_action(entra_cutover_gate, {"expect": "staging", "extra_gates": extra}, host("ha-sync02"))
    assert result["failed"] is True and result["msg"].endswith("pending_exports: 12 deletes pending")
    assert result["gates"][-1] == {
        "name": "pending_exports",
        "passed": False,
        "detail": "12 deletes pending",
        "extra": True,
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"expect": "staging", "since": "yesterday"}, "since must be an ISO 8601 UTC time, got 'yesterday'"),
        ({"expect": "active"}, "Entra Connect is not installed on new-sync01; there is nothing to judge"),
    ],
)
def test_bad_input_and_an_empty_server_fail_clearly(run_action, host, args, message) -> None:
    result = run_action(entra_cutover_gate, args, host("new-sync01") if "since" not in args else host("ha-sync02"))
    assert (result["failed"], result["msg"]) == (True, message)
