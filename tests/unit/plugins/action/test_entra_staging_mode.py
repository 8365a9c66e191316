"""entra_staging_mode against the twin: readings, the refusal, the tenant log."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import Any

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.action import entra_staging_mode
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action.evidence_key import run_key
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.dates import UTC, format_utc
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._lab import twin as twin_module
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.staging import seal
from hosts import TwinHost
from lab_twins import seed_tenants


@dataclass
class Pair:
    old: TwinHost
    new: TwinHost
    tenants: dict[str, Any]

    @property
    def tenant(self) -> dict[str, Any]:
        return self.tenants["contoso.tenant.json"]


@pytest.fixture
def pair(old_state) -> Pair:
    """The old server and a copy of it in staging mode, sharing a tenant log as the lab pair does."""
    tenants = seed_tenants()
    staging = json.loads(json.dumps(old_state))
    staging["computer_name"] = "NEW-SYNC01"
    staging["entra_connect"]["staging_mode"] = True
    old = TwinHost(old_state, "old-sync01", tenants=tenants)
    new = TwinHost(staging, "new-sync01", tenants=tenants)
    return Pair(old, new, tenants)


def _events(tenant: dict[str, Any]) -> list[tuple[str, str, list[str]]]:
    return [(e["server"], e["event"], e["active_servers"]) for e in tenant["events"]]


def _reading(run_action, host):
    return run_action(entra_staging_mode, {"state": "query"}, host)["reading"]


def test_query_returns_a_reading_and_changes_nothing(pair, run_action) -> None:
    old = pair.old
    result = run_action(entra_staging_mode, {"state": "query"}, old)
    assert (result["changed"], result["staging_mode"], result["host_round_trips"]) == (False, False, 1)
    assert result["reading"]["source"] == "hybrid_identity.entra_connect.entra_staging_mode"
    assert (result["reading"]["host"], result["reading"]["computer_name"]) == ("old-sync01", "OLD-SYNC01")
    assert result["scheduler"]["staging_mode_enabled"] is False


def test_the_switch_in_microsofts_order_never_leaves_two_servers_active(pair, run_action) -> None:
    old = pair.old
    new = pair.new
    tenant = pair.tenant
    enabled = run_action(entra_staging_mode, {"state": "enabled"}, old)
    assert (enabled["changed"], enabled["staging_mode"], enabled["reading"]["staging_mode"]) == (True, True, True)
    disabled = run_action(entra_staging_mode, {"state": "disabled", "other_servers": [_reading(run_action, old)]}, new)
    assert (disabled["changed"], disabled["staging_mode"]) == (True, False)
    assert _events(tenant) == [
        ("OLD-SYNC01", "staging_enabled", []),
        ("NEW-SYNC01", "staging_disabled", ["NEW-SYNC01"]),
    ]
    # The seed signs in with password hash sync and has no password writeback.
    services = [event["sync_services"] for event in tenant["events"]]
    assert services == [["export", "password_hash_sync"]] * 2
    # The scheduler was paused around the change and left as it was.
    assert new.twin.state["entra_connect"]["scheduler"]["SyncCycleEnabled"] is True
    # What the report shows: each module names what it did and on whose readings.
    assert enabled["decisions"] == ["old-sync01 entered staging mode"]
    assert disabled["decisions"] == ["new-sync01 left staging mode after fresh readings of old-sync01"]
    assert (enabled["evidence"], disabled["evidence"]) == ({"staging_mode": True}, {"staging_mode": False})
    again = run_action(entra_staging_mode, {"state": "enabled"}, old)
    assert (again["changed"], again["decisions"]) == (False, [])


def test_leaving_staging_without_evidence_is_refused_with_what_to_do(pair, run_action) -> None:
    new = pair.new
    tenant = pair.tenant
    result = run_action(entra_staging_mode, {"state": "disabled"}, new)
    assert result["msg"].startswith(
        "Refusing to take new-sync01 out of staging mode: the task does not say how the other servers of the "
        "tenant were found. Read every other server of the pair right before this task with "
        "hybrid_identity.entra_connect.entra_staging_mode (state: query)"
    )
    assert result["msg"].endswith("Nothing was changed.")
    assert new.primitives == ["sync_status"] and _events(tenant) == []


def test_an_active_peer_is_refused(pair, run_action) -> None:
    old = pair.old
    new = pair.new
    result = run_action(entra_staging_mode, {"state": "disabled", "other_servers": [_reading(run_action, old)]}, new)
    assert "old-sync01 (OLD-SYNC01) was found out of staging mode" in result["msg"]
    assert "Put old-sync01 into staging mode first (state: enabled)" in result["msg"]
    assert new.twin.state["entra_connect"]["staging_mode"] is True


def _taken_at(reading: dict[str, Any], moment: datetime.datetime) -> dict[str, Any]:
    """The reading as this run would have sealed it at another moment."""
    return seal(dict(reading, read_at=format_utc(moment)), run_key())


def _refusal(run_action, host, **args: Any) -> str:
    result = run_action(entra_staging_mode, dict(args, state="disabled"), host)
    assert result.get("failed") and host.twin.state["entra_connect"]["staging_mode"] is True, result
    assert "staging_write" not in host.primitives
    return str(result["msg"])


def test_a_stale_reading_is_refused(pair, run_action) -> None:
    run_action(entra_staging_mode, {"state": "enabled"}, pair.old)
    reading = _taken_at(_reading(run_action, pair.old), datetime.datetime.now(UTC) - datetime.timedelta(minutes=10))
    msg = _refusal(run_action, pair.new, other_servers=[reading])
    assert "the reading of old-sync01 is 600 s old, older than max_reading_age (300 s)" in msg


def test_a_reading_from_the_future_is_refused(pair, run_action) -> None:
    run_action(entra_staging_mode, {"state": "enabled"}, pair.old)
    reading = _taken_at(_reading(run_action, pair.old), datetime.datetime.now(UTC) + datetime.timedelta(days=365))
    msg = _refusal(run_action, pair.new, other_servers=[reading])
    assert "a reading from the future is never evidence" in msg


@pytest.mark.parametrize(
    "change",
    [
        {"staging_mode": True},
        {"read_at": "2099-01-01T00:00:00.0000000Z"},
        {"computer_name": "ELSEWHERE"},
        {"seal": "0" * 64},
    ],
)
def test_a_reading_changed_after_it_was_taken_is_refused(pair, run_action, change) -> None:
    # The old server is active; a caller edits its reading to show what would let the new one go active.
    forged = dict(_reading(run_action, pair.old), **change)
    msg = _refusal(run_action, pair.new, other_servers=[forged])
    assert "was not taken by entra_staging_mode on this controller, or was changed after it was taken" in msg


def test_a_reading_sealed_by_another_controller_is_refused(pair, run_action, tmp_path) -> None:
    run_action(entra_staging_mode, {"state": "enabled"}, pair.old)
    reading = seal(dict(_reading(run_action, pair.old)), run_key(str(tmp_path)))
    msg = _refusal(run_action, pair.new, other_servers=[reading])
    assert "was not taken by entra_staging_mode on this controller" in msg


def test_a_reading_of_a_server_of_another_tenant_is_refused(pair, run_action, seed) -> None:
    # HA-SYNC02 is in staging mode, but it syncs fabrikam: it says nothing about contoso's servers.
    unrelated = TwinHost(seed("ha-sync02"), "ha-sync02", tenants=seed_tenants())
    msg = _refusal(run_action, pair.new, other_servers=[_reading(run_action, unrelated)])
    assert (
        "other_servers[0] is a reading of ha-sync02 (HA-SYNC02), which syncs fabrikam.onmicrosoft.com, not this "
        "server's tenant contoso.onmicrosoft.com"
    ) in msg


def test_an_empty_list_needs_the_statement_that_no_other_server_exists(pair, run_action) -> None:
    msg = _refusal(run_action, pair.new, other_servers=[])
    assert "gives an empty other_servers list but does not state how the other servers" in msg
    assert "no_other_servers: true" in msg
    both = _refusal(run_action, pair.new, other_servers=[_reading(run_action, pair.old)], no_other_servers=True)
    assert "no_other_servers states that the tenant has no other server, yet other_servers holds readings" in both
    stated = run_action(entra_staging_mode, {"state": "disabled", "no_other_servers": True}, pair.new)
    assert (stated["changed"], stated["staging_mode"]) == (True, False)
    assert stated["decisions"] == [
        "new-sync01 left staging mode after the statement that the tenant has no other server"
    ]


def test_every_server_of_the_tenant_that_the_run_read_must_be_covered(pair, run_action) -> None:
    run_action(entra_staging_mode, {"state": "enabled"}, pair.old)
    reading = _reading(run_action, pair.old)
    # The run's preflight also read OLD-SYNC02 of the same tenant; the task leaves it out.
    third = {"computer_name": "OLD-SYNC02", "tenant": "contoso.onmicrosoft.com"}
    task_vars = {
        "ansible_play_hosts_all": ["old-sync01", "new-sync01", "old-sync02"],
        "hostvars": {
            "old-sync01": {
                "entra_connect_handoff": {
                    "reading": {"computer_name": "OLD-SYNC01", "tenant": "contoso.onmicrosoft.com"}
                }
            },
            "new-sync01": {
                "entra_connect_handoff": {
                    "reading": {"computer_name": "NEW-SYNC01", "tenant": "contoso.onmicrosoft.com"}
                }
            },
            "old-sync02": {"entra_connect_handoff": {"reading": third}},
        },
    }
    result = run_action(
        entra_staging_mode, {"state": "disabled", "other_servers": [reading]}, pair.new, task_vars=task_vars
    )
    assert (
        "this run read old-sync02 as a server of tenant contoso.onmicrosoft.com, and other_servers holds no "
        "reading of it" in result["msg"]
    )
    assert pair.new.twin.state["entra_connect"]["staging_mode"] is True
    # The same task passes without the third server in the run.
    del task_vars["hostvars"]["old-sync02"]
    passed = run_action(
        entra_staging_mode, {"state": "disabled", "other_servers": [reading]}, pair.new, task_vars=task_vars
    )
    assert passed["changed"] is True


def test_a_reading_of_itself_or_a_promise_is_refused(pair, run_action) -> None:
    new = pair.new
    own = run_action(entra_staging_mode, {"state": "disabled", "other_servers": [_reading(run_action, new)]}, new)
    assert "other_servers[0] is a reading of this server itself (NEW-SYNC01)" in own["msg"]
    promise = run_action(entra_staging_mode, {"state": "disabled", "other_servers": [{"staging_mode": True}]}, new)
    # A bare promise lacks six of the reading's seven required fields.
    assert (
        "other_servers[0] is not a reading taken by entra_staging_mode (at field '(the answer itself)': "
        "'source' is a required property (and 5 more problem(s)))"
    ) in promise["msg"]


def test_a_whole_registered_result_is_accepted(pair, run_action) -> None:
    old = pair.old
    new = pair.new
    run_action(entra_staging_mode, {"state": "enabled"}, old)
    registered = run_action(entra_staging_mode, {"state": "query"}, old)
    result = run_action(entra_staging_mode, {"state": "disabled", "other_servers": [registered]}, new)
    assert result["changed"] is True and result["staging_mode"] is False


def test_check_mode_predicts_and_writes_nothing(pair, run_action) -> None:
    old = pair.old
    tenant = pair.tenant
    result = run_action(entra_staging_mode, {"state": "enabled"}, old, check_mode=True, diff=True)
    assert (result["changed"], result["staging_mode"]) == (True, True)
    assert result["diff"] == {"before": {"staging_mode": False}, "after": {"staging_mode": True}}
    assert old.primitives == ["sync_status", "snapshot"] and old.twin.state["entra_connect"]["staging_mode"] is False
    assert _events(tenant) == []


def test_already_in_the_wanted_state_is_no_change(pair, run_action) -> None:
    new = pair.new
    result = run_action(entra_staging_mode, {"state": "enabled"}, new)
    assert (result["changed"], result["host_round_trips"]) == (False, 1)


def test_no_change_while_a_cycle_runs(pair, run_action) -> None:
    old = pair.old
    old.twin.call("sync_start", {"PolicyType": "Delta"})
    result = run_action(entra_staging_mode, {"state": "enabled"}, old)
    assert result["msg"].startswith("A sync cycle is running on old-sync01; staging mode is not changed")
    assert old.twin.state["entra_connect"]["staging_mode"] is False


def test_scheduler_can_be_left_disabled_after_the_change(pair, run_action) -> None:
    old = pair.old
    run_action(entra_staging_mode, {"state": "enabled", "sync_cycle_enabled_after": False}, old)
    assert old.twin.state["entra_connect"]["scheduler"]["SyncCycleEnabled"] is False


def test_sspr_on_2_5_3_is_refused_before_anything_is_sent_whatever_credential_is_given(pair, run_action) -> None:
    # 2.5.3.0: a PowerShell staging change with SSPR on needs administrator credentials, which no ADSync cmdlet
    # takes [S3][S9]: a credential given is never sent, and the change goes to the wizard.
    old = pair.old
    old.twin.state["entra_connect"].update(version="2.5.79.0", password_writeback=True)
    credential = {"username": "admin@contoso.onmicrosoft.com", "password": "S3cret!"}
    for check_mode in (True, False):
        refused = run_action(
            entra_staging_mode, {"state": "enabled", "admin_credential": credential}, old, check_mode=check_mode
        )
        assert refused["failed"] is True and refused.get("changed") is not True
        assert refused["msg"].startswith("old-sync01 (Entra Connect 2.5.79.0) cannot be put into staging mode")
        assert "Configure staging mode task on old-sync01" in refused["msg"] and "S3cret!" not in json.dumps(refused)
    assert "staging_write" not in old.primitives
    assert old.twin.state["entra_connect"]["staging_mode"] is False


def test_sspr_before_2_5_3_goes_through_and_a_given_credential_is_only_warned_about(pair, run_action) -> None:
    old = pair.old
    old.twin.state["entra_connect"].update(version="2.5.2.0", password_writeback=True)
    credential = {"username": "admin@contoso.onmicrosoft.com", "password": "S3cret!"}
    result = run_action(entra_staging_mode, {"state": "enabled", "admin_credential": credential}, old)
    assert result["changed"] is True and old.twin.state["entra_connect"]["staging_mode"] is True
    assert any("admin_credential is deprecated and was not used" in w for w in result["warnings"])
    write = [call for call in old.calls if call[0] == "staging_write"][-1]
    assert write[2] == {} and "S3cret!" not in json.dumps(old.calls)


def test_the_twin_refuses_a_credential_route_the_real_server_does_not_have(pair) -> None:
    # Whatever reaches it, a staging change with SSPR on 2.5.3.0+ fails as on a real server.
    old = pair.old
    old.twin.state["entra_connect"].update(version="2.6.91.0", password_writeback=True)
    with pytest.raises(Exception, match="administrator credentials are required"):
        old.twin.call(
            "staging_write",
            {"StagingSettingName": "Microsoft.Synchronize.StagingMode", "StagingMode": True, "PauseScheduler": False},
        )


def test_from_2_6_91_the_change_leaves_the_scheduler_alone(pair, run_action) -> None:
    # Set-ADSyncScheduler opens an interactive sign-in from 2.6.91.0 [S3]: the twin fails such a call, so the
    # change must be made without it.
    old = pair.old
    old.twin.state["entra_connect"]["version"] = "2.6.91.0"
    result = run_action(entra_staging_mode, {"state": "enabled"}, old)
    assert result["changed"] is True and old.twin.state["entra_connect"]["staging_mode"] is True
    write = [call for call in old.calls if call[0] == "staging_write"][-1][1]
    assert write["PauseScheduler"] is False and "SyncCycleEnabledAfter" not in write
    assert old.twin.state["entra_connect"]["scheduler"]["SyncCycleEnabled"] is True


def test_from_2_6_91_a_scheduler_change_with_the_staging_change_is_refused_first(pair, run_action) -> None:
    old = pair.old
    old.twin.state["entra_connect"]["version"] = "2.6.91.0"
    refused = run_action(entra_staging_mode, {"state": "enabled", "sync_cycle_enabled_after": False}, old)
    assert refused["failed"] is True and "Set-ADSyncScheduler opens an interactive Entra sign-in" in refused["msg"]
    assert "staging_write" not in old.primitives and old.twin.state["entra_connect"]["staging_mode"] is False


def test_a_pausing_write_on_2_6_91_fails_in_the_twin_as_the_prompt_would(pair) -> None:
    old = pair.old
    old.twin.state["entra_connect"]["version"] = "2.6.91.0"
    with pytest.raises(Exception, match="NonInteractive mode"):
        old.twin.call(
            "staging_write",
            {
                "StagingSettingName": "Microsoft.Synchronize.StagingMode",
                "StagingMode": True,
                "PauseScheduler": True,
                "SyncCycleEnabledAfter": True,
            },
        )
    assert old.twin.state["entra_connect"]["staging_mode"] is False


@pytest.mark.parametrize("version", ["2.6.91.0", "1.6.16.0"])
def test_a_cycle_started_between_read_and_change_leaves_staging_unchanged(
    pair, run_action, monkeypatch, version
) -> None:
    # On both routes: with the scheduler paused (before 2.6.91.0) the script checks again after the pause.
    old = pair.old
    old.twin.state["entra_connect"]["version"] = version
    real = twin_module.HANDLERS["staging_write"]

    def scheduler_starts_first(twin, parameters):
        twin.engine.sync_start({"PolicyType": "Delta"})
        return real(twin, parameters)

    monkeypatch.setitem(twin_module.HANDLERS, "staging_write", scheduler_starts_first)
    result = run_action(entra_staging_mode, {"state": "enabled"}, old)
    assert result["failed"] is True and result["msg"].startswith("A sync cycle started on old-sync01 between")
    assert old.twin.state["entra_connect"]["staging_mode"] is False and _events(pair.tenant) == []
    assert old.twin.state["entra_connect"]["scheduler"]["SyncCycleEnabled"] is True


def test_a_scheduler_that_cannot_be_restored_fails_the_task_with_the_command(pair, run_action) -> None:
    # The restore has its own try/catch in the script: the change stands, and the answer says the scheduler
    # stayed off, which the module must not pass over as success.
    old = pair.old
    old.twin.state["faults"] = {"scheduler_restore_fails": "The server is busy"}
    result = run_action(entra_staging_mode, {"state": "enabled"}, old)
    assert result["failed"] is True
    assert result["msg"].startswith("old-sync01 is now in staging mode, but its scheduler could not be set back")
    assert "(The server is busy)" in result["msg"] and "SyncCycleEnabled=False" in result["msg"]
    assert "Set-ADSyncScheduler -SyncCycleEnabled $true" in result["msg"]
    assert old.twin.state["entra_connect"]["staging_mode"] is True


def test_a_failed_change_reports_what_the_scheduler_reads_afterwards(pair, run_action) -> None:
    old = pair.old
    old.twin.state["faults"] = {"primitive_errors": {"staging_write": "Set-ADSyncGlobalSettings failed"}}
    result = run_action(entra_staging_mode, {"state": "enabled"}, old)
    assert result["failed"] is True and "Set-ADSyncGlobalSettings failed" in result["msg"]
    assert result["msg"].endswith("Afterwards the scheduler of old-sync01 reads SyncCycleEnabled=True.")


def test_a_disagreeing_global_setting_is_reported(pair, run_action, monkeypatch) -> None:
    old = pair.old
    answer = old.twin.call(
        "sync_status", {"StagingSettingName": "Microsoft.Synchronize.StagingMode", "RunHistoryCount": 5}
    )
    answer["staging_mode_setting"] = "True"
    monkeypatch.setitem(twin_module.HANDLERS, "sync_status", lambda twin, parameters: answer)
    result = run_action(entra_staging_mode, {"state": "query"}, old)
    assert (
        "the global setting Microsoft.Synchronize.StagingMode is True; the scheduler's value is used"
        in result["warnings"][0]
    )


def test_check_mode_decisions_say_what_would_happen(pair, run_action) -> None:
    result = run_action(entra_staging_mode, {"state": "enabled"}, pair.old, check_mode=True)
    assert result["decisions"] == ["old-sync01 would have entered staging mode"]
    assert pair.old.twin.state["entra_connect"]["staging_mode"] is False


# -- a connection lost during the staging change: never sent twice, confirmed by a fresh read -------------


def _without_faults(state: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in json.loads(json.dumps(state)).items() if key != "faults"}


def _never_two_active(tenant: dict[str, Any]) -> None:
    assert all(len(event["active_servers"]) <= 1 for event in tenant["events"])


def _lost_before(server: str) -> str:
    return (
        f"The connection to {server.lower()} dropped during staging_write ({server}: connection reset during "
        "staging_write (transient fault injected in memory)); a fresh sync_status read shows it did not take effect "
        "(StagingModeEnabled={now}). Nothing was repeated: a write that may have happened is never sent again. Run "
        f"the task again: the run reads {server.lower()} and carries on from what it finds."
    )


def _took_effect(server: str, now: bool) -> str:
    return (
        f"The connection to {server} dropped during staging_write; a fresh sync_status read shows it took effect "
        f"(StagingModeEnabled={now}). It was not sent again."
    )


def test_entering_staging_lost_before_it_happened_fails_and_changes_nothing(pair, run_action) -> None:
    old = pair.old
    before = _without_faults(old.twin.state)
    old.drop_before("staging_write")
    result = run_action(entra_staging_mode, {"state": "enabled"}, old)
    assert result["failed"] is True and result.get("changed") is not True
    assert result["msg"] == _lost_before("OLD-SYNC01").format(now=False)
    assert old.primitives == ["sync_status", "snapshot", "staging_write", "sync_status"]
    assert (old.resets, result["host_round_trips"]) == (1, 4)
    assert _without_faults(old.twin.state) == before
    assert _events(pair.tenant) == []


def test_entering_staging_whose_answer_was_lost_carries_on_from_the_fresh_read(pair, run_action) -> None:
    old = pair.old
    old.twin.state["faults"] = {"lose_answers": {"staging_write": 1}}
    result = run_action(entra_staging_mode, {"state": "enabled"}, old)
    assert not result.get("failed")
    assert (result["changed"], result["staging_mode"], result["reading"]["staging_mode"]) == (True, True, True)
    # Written once; the confirming read is the reading the result shows, so no further round trip.
    assert old.primitives == ["sync_status", "snapshot", "staging_write", "sync_status"]
    assert (old.resets, result["host_round_trips"]) == (1, 4)
    assert result["decisions"] == ["old-sync01 entered staging mode", _took_effect("old-sync01", True)]
    assert result["warnings"] == [_took_effect("old-sync01", True)]
    assert _events(pair.tenant) == [("OLD-SYNC01", "staging_enabled", [])]
    _never_two_active(pair.tenant)


def test_leaving_staging_lost_before_it_happened_fails_and_leaves_the_server_staging(pair, run_action) -> None:
    old, new = pair.old, pair.new
    run_action(entra_staging_mode, {"state": "enabled"}, old)
    before = _without_faults(new.twin.state)
    new.drop_before("staging_write")
    result = run_action(entra_staging_mode, {"state": "disabled", "other_servers": [_reading(run_action, old)]}, new)
    assert result["failed"] is True
    assert result["msg"] == _lost_before("NEW-SYNC01").format(now=True)
    assert new.primitives.count("staging_write") == 1
    assert new.primitives == ["sync_status", "snapshot", "staging_write", "sync_status"]
    # Still staging, and no activation record: the write never reached the server.
    assert _without_faults(new.twin.state) == before
    assert new.twin.state["entra_connect"]["staging_mode"] is True
    assert _events(pair.tenant) == [("OLD-SYNC01", "staging_enabled", [])]
    _never_two_active(pair.tenant)
    # The remedy the message gives: a new run reads both servers again, checks the evidence, and carries on.
    again = run_action(entra_staging_mode, {"state": "disabled", "other_servers": [_reading(run_action, old)]}, new)
    assert (again["changed"], again["staging_mode"]) == (True, False)
    assert _events(pair.tenant)[-1] == ("NEW-SYNC01", "staging_disabled", ["NEW-SYNC01"])
    _never_two_active(pair.tenant)


def test_leaving_staging_whose_answer_was_lost_is_done_once_and_reported(pair, run_action) -> None:
    old, new = pair.old, pair.new
    run_action(entra_staging_mode, {"state": "enabled"}, old)
    new.twin.state["faults"] = {"lose_answers": {"staging_write": 1}}
    result = run_action(entra_staging_mode, {"state": "disabled", "other_servers": [_reading(run_action, old)]}, new)
    assert not result.get("failed")
    assert (result["changed"], result["staging_mode"], result["reading"]["staging_mode"]) == (True, False, False)
    assert new.primitives == ["sync_status", "snapshot", "staging_write", "sync_status"]
    assert result["decisions"] == [
        "new-sync01 left staging mode after fresh readings of old-sync01",
        _took_effect("new-sync01", False),
    ]
    assert result["warnings"] == [_took_effect("new-sync01", False)]
    # Out of staging once, with its activation record; the tenant never had two active servers.
    assert new.twin.state["entra_connect"]["staging_mode"] is False
    assert "ActivatedAfterStaging" in new.twin.state["registry"]["HKLM:\\SOFTWARE\\hybrid_identity\\entra_connect"]
    assert _events(pair.tenant) == [
        ("OLD-SYNC01", "staging_enabled", []),
        ("NEW-SYNC01", "staging_disabled", ["NEW-SYNC01"]),
    ]
    _never_two_active(pair.tenant)
    # Run again, as the message of a failure would say: it reads the server and finds nothing to do.
    again = run_action(entra_staging_mode, {"state": "disabled", "other_servers": [_reading(run_action, old)]}, new)
    assert (again["changed"], again["host_round_trips"]) == (False, 1)
    assert new.primitives.count("staging_write") == 1
