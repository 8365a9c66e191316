"""entra_staging_mode against the twin: readings, the refusal, the tenant log."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import Any

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.action import entra_staging_mode
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.dates import UTC, format_utc
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._lab import twin as twin_module
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
        "Refusing to take new-sync01 out of staging mode: the task does not say how the other servers of the pair "
        "were found. Read every other server of the pair right before this task with "
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


def test_a_stale_reading_is_refused(pair, run_action) -> None:
    old = pair.old
    new = pair.new
    run_action(entra_staging_mode, {"state": "enabled"}, old)
    reading = _reading(run_action, old)
    reading["read_at"] = format_utc(datetime.datetime.now(UTC) - datetime.timedelta(minutes=10))
    result = run_action(entra_staging_mode, {"state": "disabled", "other_servers": [reading]}, new)
    assert "the reading of old-sync01 is 600 s old, older than max_reading_age (300 s)" in result["msg"]


def test_a_reading_of_itself_or_a_promise_is_refused(pair, run_action) -> None:
    new = pair.new
    own = run_action(entra_staging_mode, {"state": "disabled", "other_servers": [_reading(run_action, new)]}, new)
    assert "other_servers[0] is a reading of this server itself (NEW-SYNC01)" in own["msg"]
    promise = run_action(entra_staging_mode, {"state": "disabled", "other_servers": [{"staging_mode": True}]}, new)
    # A bare promise lacks four of the reading's five required fields.
    assert (
        "other_servers[0] is not a reading taken by entra_staging_mode (at field '(the answer itself)': "
        "'source' is a required property (and 3 more problem(s)))"
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
    assert old.primitives == ["sync_status"] and old.twin.state["entra_connect"]["staging_mode"] is False
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


def test_sspr_needs_the_admin_credential_which_travels_as_a_sensitive_parameter(pair, run_action) -> None:
    old = pair.old
    old.twin.state["entra_connect"].update(version="2.5.79.0", password_writeback=True)
    refused = run_action(entra_staging_mode, {"state": "enabled"}, old)
    assert "administrator credentials are required" in refused["msg"]
    credential = {"username": "admin@contoso.onmicrosoft.com", "password": "S3cret!"}
    result = run_action(entra_staging_mode, {"state": "enabled", "admin_credential": credential}, old)
    assert result["changed"] is True
    write = [call for call in old.calls if call[0] == "staging_write"][-1]
    assert write[2] == {"AdminCredential": credential} and "S3cret!" not in json.dumps(write[1])
    assert "S3cret!" not in json.dumps(result)


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
