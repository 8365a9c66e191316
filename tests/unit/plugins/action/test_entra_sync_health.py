"""entra_sync_health: the checks of a server for its role and its object counts, read-only, evidence by default."""

from __future__ import annotations

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.action import entra_sync_health
from hosts import TwinHost


class WindowsTwin(TwinHost):
    """The twin reached as a real server would be: ages are then judged by the controller's clock."""

    kind = "windows"


@pytest.fixture
def host(seed):
    """host(name, objects=None, **scheduler) -> a twin of a seed; ``objects`` per connector in order."""

    def _host(name, objects=None, cls=TwinHost, **scheduler):
        state = seed(name)
        engine = state["entra_connect"]
        if engine:
            for connector, count in zip(engine["connectors"], objects or [], strict=False):
                connector["objects"] = count
            engine["scheduler"].update(scheduler)
        return cls(state, name)

    return _host


@pytest.mark.parametrize("check_mode", [False, True])
def test_a_healthy_staging_server_passes_and_returns_its_counts(run_action, host, check_mode) -> None:
    server = host("ha-sync02", objects=[2000, 700])
    result = run_action(entra_sync_health, {"role": "staging"}, server, check_mode=check_mode)
    assert (result["passed"], result["changed"], result.get("failed")) == (True, False, None)
    assert [c["name"] for c in result["checks"]] == [
        "sync_engine",
        "role",
        "last_sync",
        "scheduler",
        "import_sync_errors",
        "stopped_runs",
    ]
    assert server.primitives == ["snapshot", "connector_statistics"]
    assert server.calls[1][1] == {"PageSize": 1000, "CountConnectorSpace": True}
    assert [(c["name"], c["total_objects"], c["total_connectors"]) for c in result["connectors"]] == [
        # 2000: 20 placeholders, 200 disconnectors; 700 in the flat Entra namespace: 70 disconnectors.
        ("fabrikam.com", 2000, 1780),
        ("fabrikam.onmicrosoft.com - AAD", 700, 630),
    ]
    assert (result["computer_name"], result["role"], result["staging_mode"]) == ("HA-SYNC02", "staging", True)
    # The lab is judged by the lab's time, the twin's clock.
    assert result["judged_at"] == {"time": "2026-11-20T09:45:00.0000000Z", "clock": "lab twin"}
    assert result["decisions"][0].startswith("HA-SYNC02 judged as the staging server: sync_engine=True, role=True")
    assert "Object counts: fabrikam.com: 2000 objects, 1780 connectors; " in result["decisions"][-1]
    assert result["evidence"]["role"] == "StagingModeEnabled=True, as the staging server's must be"
    assert (result["lab"], result["host_round_trips"]) == (True, 2)


def test_failed_checks_are_evidence_unless_told_to_fail(run_action, host) -> None:
    result = run_action(entra_sync_health, {"role": "staging"}, host("ha-sync01"))
    assert result["passed"] is False and not result.get("failed")

    result = run_action(entra_sync_health, {"role": "staging", "fail_on_check": True}, host("ha-sync01"))
    assert result["failed"] is True
    assert result["msg"].startswith(
        "ha-sync01: 1 sync health check(s) did not pass, nothing was changed - role: StagingModeEnabled=False, but "
        "the server is judged as the staging server"
    )


def test_a_disabled_scheduler_fails_with_what_to_do(run_action, host) -> None:
    args = {"role": "active", "fail_on_check": True}
    result = run_action(entra_sync_health, args, host("ha-sync01", SyncCycleEnabled=False))
    assert result["msg"].endswith(
        "scheduler: SyncCycleEnabled=False: the scheduler starts no cycle; enable it with "
        "Set-ADSyncScheduler -SyncCycleEnabled $true [S8]"
    )


def test_counting_can_be_left_to_the_statistics_cmdlet(run_action, host) -> None:
    server = host("ha-sync01", objects=[2000, 700])
    result = run_action(entra_sync_health, {"role": "active", "count_connector_space": False}, server)
    assert server.calls[1][1] == {"PageSize": 1000, "CountConnectorSpace": False}
    assert [(c["total_objects"], c["reported_total_connectors"]) for c in result["connectors"]] == [
        (None, 1780),
        (None, 630),
    ]


def test_an_engine_that_cannot_be_read_is_reported_without_counts(run_action, seed) -> None:
    state = seed("ha-sync02")
    state["entra_connect"]["service"]["status"] = "Stopped"
    server = TwinHost(state, "ha-sync02")
    result = run_action(entra_sync_health, {"role": "staging"}, server)
    assert [c["name"] for c in result["checks"]] == ["sync_engine"] and result["passed"] is False
    assert result["connectors"] == [] and server.primitives == ["snapshot"]


def test_a_server_without_entra_connect_fails(run_action, host) -> None:
    server = host("new-sync01")
    result = run_action(entra_sync_health, {"role": "staging"}, server)
    assert result["failed"] is True
    assert result["msg"] == "Entra Connect is not installed on new-sync01; there is no sync health to read"
    assert server.primitives == ["snapshot"]


def test_a_windows_server_is_judged_by_the_controller_clock(run_action, host) -> None:
    result = run_action(entra_sync_health, {"role": "active"}, host("ha-sync01", cls=WindowsTwin))
    assert result["judged_at"]["clock"] == "controller" and result["lab"] is False
    # The seed's clock is fixed; the controller's is today's, days later, and the decisions say so.
    assert any("HA-SYNC01's clock reads 2026-11-20T09:45:00.0000000Z" in d for d in result["decisions"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"role": "active", "max_sync_age_days": 0}, "max_sync_age_days must be at least 1, got 0"),
        ({"role": "primary"}, "value of role must be one of: active, staging, got: primary"),
        ({}, "missing required arguments: role"),
    ],
)
def test_bad_options_fail_before_reading_the_server(run_action, host, args, message) -> None:
    server = host("ha-sync01")
    result = run_action(entra_sync_health, args, server)
    assert result["failed"] is True and message in result["msg"]
    assert server.calls == []
