"""entra_connect_info and entra_version_gate, the read-only modules, against a mocked Host."""

from __future__ import annotations

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.action import entra_connect_info, entra_version_gate
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import HostCommandError
from hosts import FakeHost


@pytest.mark.parametrize("check_mode", [False, True])
def test_info_returns_facts_and_the_raw_snapshot(old_state, snapshot_of, run_action, check_mode) -> None:
    answer = snapshot_of(old_state)
    result = run_action(entra_connect_info, {}, FakeHost(answer), check_mode=check_mode)
    assert result["changed"] is False and not result.get("failed")
    assert result["snapshot"] == answer
    assert result["entra_connect"]["product"]["version"] == "1.6.16.0"
    assert (result["lab"], result["host_round_trips"]) == (True, 1)


def test_info_refuses_an_answer_that_breaks_the_schema(old_state, snapshot_of, run_action) -> None:
    answer = snapshot_of(old_state)
    answer["adsync"]["scheduler"]["SyncCycleEnabled"] = "yes"
    result = run_action(entra_connect_info, {}, FakeHost(answer))
    assert result["failed"] is True
    assert "at field 'adsync.scheduler.SyncCycleEnabled': 'yes' is not of type 'boolean'" in result["msg"]
    assert "entra_connect" not in result


def test_info_reports_a_script_failure(run_action) -> None:
    host = FakeHost(HostCommandError("The snapshot script failed on old-sync01: Access is denied"))
    result = run_action(entra_connect_info, {}, host)
    timing = result.pop("controller_time")
    assert result == {
        "failed": True,
        "msg": "The snapshot script failed on old-sync01: Access is denied",
        "lab": True,
        "host_round_trips": 1,
        "connection_events": [],
        "decisions": [],
        "evidence": {},
    }
    assert timing["started"] <= timing["ended"]


def test_info_rejects_unknown_options(run_action) -> None:
    host = FakeHost()
    result = run_action(entra_connect_info, {"gather_subset": "all"}, host)
    assert result["failed"] is True and "gather_subset" in result["msg"]
    assert host.calls == []


def test_gate_fails_an_unsupported_server_with_why(old_state, snapshot_of, run_action) -> None:
    result = run_action(entra_version_gate, {"at_date": "2026-11-21"}, FakeHost(snapshot_of(old_state)))
    assert result["failed"] is True
    assert result["msg"].startswith("OLD-SYNC01: 1.6.16.0 unsupported: Windows Server 2012 R2 is not supported")
    assert "V1, retired on 2022-08-31" in result["msg"]
    assert result["verdict"] == "unsupported" and result["end_of_support"] == "2022-08-31"
    assert {r["code"] for r in result["reasons"]} == {"os_unsupported", "v1_retired"}


def test_gate_reports_only_when_asked(old_state, snapshot_of, run_action) -> None:
    args = {"at_date": "2026-11-21", "fail_on_unsupported": False}
    result = run_action(entra_version_gate, args, FakeHost(snapshot_of(old_state)), check_mode=True)
    assert not result.get("failed") and result["changed"] is False
    assert result["verdict"] == "unsupported" and result["passed"] is False


def test_gate_passes_a_supported_server_and_warns(old_state, snapshot_of, run_action) -> None:
    state = old_state
    state["os"].update(caption="Microsoft Windows Server 2022 Standard", version="10.0.20348", build_number=20348)
    state["entra_connect"]["version"] = "2.5.79.0"
    result = run_action(entra_version_gate, {"at_date": "2026-10-01"}, FakeHost(snapshot_of(state)))
    assert not result.get("failed")
    assert (result["verdict"], result["os"], result["end_of_support"]) == (
        "supported",
        "Windows Server 2022",
        "2026-10-23",
    )
    assert result["warnings"] == ["2.5.79.0 reaches end of support on 2026-10-23, in 22 days (version history table)"]


def test_gate_uses_a_given_snapshot_without_contacting_the_host(new_state, snapshot_of, run_action) -> None:
    host = FakeHost()
    result = run_action(entra_version_gate, {"snapshot": snapshot_of(new_state), "at_date": "2026-11-21"}, host)
    assert host.calls == [] and result["host_round_trips"] == 0
    assert result["verdict"] == "not_installed" and result["passed"] is True


def test_gate_validates_a_given_snapshot(new_state, snapshot_of, run_action) -> None:
    snapshot = snapshot_of(new_state)
    del snapshot["os"]["build_number"]
    result = run_action(entra_version_gate, {"snapshot": snapshot}, FakeHost())
    assert result["failed"] is True
    assert result["msg"].startswith("The snapshot answer from the snapshot option breaks the contract at field 'os'")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"at_date": "21.11.2026"}, "at_date '21.11.2026' is not a date: expected YYYY-MM-DD"),
        ({"minimum_version": "2.5"}, "minimum_version '2.5' is not a version"),
    ],
)
def test_gate_bad_input_fails_before_reading_the_host(run_action, args, message) -> None:
    host = FakeHost()
    result = run_action(entra_version_gate, args, host)
    assert result["failed"] is True and result["msg"].startswith(message)
    assert host.calls == []


@pytest.mark.parametrize(
    ("args", "message"),
    [({"fail_on_unsupported": "perhaps"}, "fail_on_unsupported"), ({"minimum": "2.5.79.0"}, "minimum")],
)
def test_gate_argument_spec_rejects_mistyped_and_unknown_options(run_action, args, message) -> None:
    host = FakeHost()
    result = run_action(entra_version_gate, args, host)
    assert result["failed"] is True and message in result["msg"]
    assert host.calls == []
