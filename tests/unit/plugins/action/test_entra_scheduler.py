"""entra_scheduler against the twin."""

from __future__ import annotations

import json

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.action import entra_scheduler
from hosts import TwinHost


@pytest.fixture
def host(old_state) -> TwinHost:
    old_state.pop("tenant_log")
    return TwinHost(old_state)


def test_reading_only_returns_every_field_and_the_last_sync(host, run_action) -> None:
    result = run_action(entra_scheduler, {}, host)
    assert (result["changed"], result["changes"], result["host_round_trips"]) == (False, {}, 1)
    assert result["scheduler"]["currently_effective_sync_cycle_interval"] == "00:30:00"
    assert result["scheduler"]["staging_mode_enabled"] is False
    # The seed's newest run (the AD export) ended at 09:30:49; its clock reads 09:45:00.
    assert result["last_sync_end"] == "2026-11-20T09:30:49.0000000Z"
    assert (result["last_sync_age_hours"], result["last_sync_older_than_7_days"]) == (0.2, False)


def test_an_interval_is_set_once(host, run_action) -> None:
    result = run_action(entra_scheduler, {"customized_sync_cycle_interval": "1:00:00"}, host, diff=True)
    assert result["changed"] is True and result["changes"] == {"CustomizedSyncCycleInterval": "01:00:00"}
    assert [call[1] for call in host.calls if call[0] == "scheduler_write"] == [
        {"CustomizedSyncCycleInterval": "01:00:00"}
    ]
    assert result["diff"] == {
        "before": {"CustomizedSyncCycleInterval": None},
        "after": {"CustomizedSyncCycleInterval": "01:00:00"},
    }
    assert host.twin.state["entra_connect"]["scheduler"]["CurrentlyEffectiveSyncCycleInterval"] == "01:00:00"
    again = run_action(entra_scheduler, {"customized_sync_cycle_interval": "01:00:00"}, host)
    assert (again["changed"], again["host_round_trips"]) == (False, 1)


def test_default_clears_the_custom_interval(host, run_action) -> None:
    run_action(entra_scheduler, {"customized_sync_cycle_interval": "02:00:00"}, host)
    result = run_action(entra_scheduler, {"customized_sync_cycle_interval": "default"}, host)
    assert result["changes"] == {"CustomizedSyncCycleInterval": ""}
    assert result["scheduler"]["customized_sync_cycle_interval"] is None
    assert host.twin.state["entra_connect"]["scheduler"]["CurrentlyEffectiveSyncCycleInterval"] == "00:30:00"


def test_only_the_settings_that_differ_are_written(host, run_action) -> None:
    result = run_action(entra_scheduler, {"sync_cycle_enabled": True, "next_sync_cycle_policy_type": "Initial"}, host)
    assert result["changes"] == {"NextSyncCyclePolicyType": "Initial"}
    assert host.twin.state["entra_connect"]["scheduler"]["NextSyncCyclePolicyType"] == "Initial"


@pytest.mark.parametrize(
    ("interval", "message"),
    [
        (
            "00:10:00",
            "customized_sync_cycle_interval 00:10:00 is shorter than the interval Entra ID allows for old-sync01 "
            "(AllowedSyncCycleInterval 00:30:00). Nothing was changed.",
        ),
        (
            "8.00:00:00",
            "customized_sync_cycle_interval 8.00:00:00 is longer than 7 days: a delta sync must run within 7 days",
        ),
        (
            "90 minutes",
            "customized_sync_cycle_interval '90 minutes' is not a time span: "
            "expected hh:mm:ss or d.hh:mm:ss such as 00:30:00",
        ),
    ],
)
def test_bad_intervals_are_refused_and_nothing_is_written(host, run_action, interval, message) -> None:
    result = run_action(entra_scheduler, {"customized_sync_cycle_interval": interval}, host)
    assert result["failed"] is True and result["msg"].startswith(message)
    assert "scheduler_write" not in host.primitives


def test_a_suspended_scheduler_is_reported_and_left_alone(host, run_action) -> None:
    host.twin.state["entra_connect"]["scheduler"]["SchedulerSuspended"] = True
    result = run_action(entra_scheduler, {"sync_cycle_enabled": False}, host)
    assert "is suspended (SchedulerSuspended=True)" in result["warnings"][0]
    assert [call[1] for call in host.calls if call[0] == "scheduler_write"] == [{"SyncCycleEnabled": False}]
    assert host.twin.state["entra_connect"]["scheduler"]["SchedulerSuspended"] is True


def test_a_last_sync_older_than_7_days_is_flagged(host, run_action) -> None:
    host.twin.advance(8 * 86400)
    result = run_action(entra_scheduler, {}, host)
    assert result["last_sync_older_than_7_days"] is True
    assert "more than 7 days ago, so Microsoft requires a full (Initial) sync" in result["warnings"][0]


def test_check_mode_writes_nothing(host, run_action) -> None:
    result = run_action(entra_scheduler, {"sync_cycle_enabled": False}, host, check_mode=True)
    assert result["changed"] is True and host.primitives == ["sync_status", "snapshot"]
    assert host.twin.state["entra_connect"]["scheduler"]["SyncCycleEnabled"] is True


def test_without_entra_connect_nothing_is_written(new_state, run_action) -> None:
    new_state.pop("tenant_log")
    result = run_action(entra_scheduler, {"sync_cycle_enabled": True}, TwinHost(new_state, "new-sync01"))
    assert result["msg"].startswith("Entra Connect is not installed on new-sync01 (NEW-SYNC01)")


# -- a connection lost during the write: never sent twice, confirmed by a fresh sync_status -------------


def test_a_write_lost_before_it_happened_fails_and_changes_nothing(host, run_action) -> None:
    before = json.loads(json.dumps(host.twin.state["entra_connect"]))
    host.drop_before("scheduler_write")
    result = run_action(
        entra_scheduler, {"sync_cycle_enabled": False, "customized_sync_cycle_interval": "1:00:00"}, host
    )
    assert result["failed"] is True and result.get("changed") is not True
    assert result["msg"] == (
        "The connection to old-sync01 dropped during scheduler_write (OLD-SYNC01: connection reset during "
        "scheduler_write (transient fault injected in memory)); a fresh sync_status read shows it did not take "
        "effect (CustomizedSyncCycleInterval=None, SyncCycleEnabled=True). Nothing was repeated: a write that may "
        "have happened is never sent again. Run the task again: the run reads old-sync01 and carries on from what "
        "it finds."
    )
    assert host.primitives == ["sync_status", "snapshot", "scheduler_write", "sync_status"]
    assert host.twin.state["entra_connect"] == before


def test_a_write_whose_answer_was_lost_carries_on_from_the_fresh_read(host, run_action) -> None:
    host.twin.state["faults"] = {"lose_answers": {"scheduler_write": 1}}
    result = run_action(
        entra_scheduler, {"sync_cycle_enabled": False, "customized_sync_cycle_interval": "1:00:00"}, host
    )
    assert not result.get("failed")
    assert result["changed"] is True
    assert result["changes"] == {"SyncCycleEnabled": False, "CustomizedSyncCycleInterval": "01:00:00"}
    assert host.primitives == ["sync_status", "snapshot", "scheduler_write", "sync_status"]
    note = (
        "The connection to old-sync01 dropped during scheduler_write; a fresh sync_status read shows it took effect "
        "(CustomizedSyncCycleInterval=01:00:00, SyncCycleEnabled=False). It was not sent again."
    )
    assert result["decisions"] == [note] and result["warnings"] == [note]
    scheduler = host.twin.state["entra_connect"]["scheduler"]
    assert (scheduler["SyncCycleEnabled"], scheduler["CustomizedSyncCycleInterval"]) == (False, "01:00:00")


@pytest.mark.parametrize("check_mode", [True, False])
def test_from_2_6_91_a_change_is_refused_before_anything_is_sent(host, run_action, check_mode) -> None:
    # Set-ADSyncScheduler opens an interactive Entra sign-in from 2.6.91.0 [S3], which a non-interactive host
    # cannot give; the twin fails such a call, so the refusal has to come first.
    host.twin.state["entra_connect"]["version"] = "2.6.91.0"
    result = run_action(entra_scheduler, {"sync_cycle_enabled": False}, host, check_mode=check_mode)
    assert result["failed"] is True and result.get("changed") is not True
    assert "(Entra Connect 2.6.91.0) cannot be changed by this collection" in result["msg"]
    assert "interactive PowerShell session" in result["msg"]
    assert "scheduler_write" not in host.primitives
    assert host.twin.state["entra_connect"]["scheduler"]["SyncCycleEnabled"] is True


def test_from_2_6_91_reading_and_an_unchanged_setting_still_work(host, run_action) -> None:
    host.twin.state["entra_connect"]["version"] = "2.6.91.0"
    result = run_action(entra_scheduler, {"sync_cycle_enabled": True}, host)
    assert (result.get("failed"), result["changed"]) == (None, False) and host.primitives == ["sync_status"]


def test_the_twin_fails_a_scheduler_write_on_2_6_91_as_the_prompt_would(host) -> None:
    host.twin.state["entra_connect"]["version"] = "2.6.91.0"
    with pytest.raises(Exception, match="NonInteractive mode"):
        host.twin.call("scheduler_write", {"SyncCycleEnabled": False})
