"""Reads in check mode see what a real run sees: the lab host runs them as win_powershell does then (with
-WhatIf), and the twin answers a read script that heeds WhatIf as a server would (_lab/what_if.py)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.action import (
    entra_connect_info,
    entra_cutover_gate,
    entra_scheduler,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action.base import host_for
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host import lab
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.primitives import (
    snapshot_parameters,
    status_parameters,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._lab.store import MemoryTwinStore
from hosts import TwinHost

READS: dict[str, tuple[dict[str, Any], tuple[str, ...]]] = {
    "snapshot": (snapshot_parameters(), ("adsync", "run_history")),
    "sync_status": (status_parameters(), ("recent_runs",)),
    "run_results": ({"NumberRequested": 200}, ("runs",)),
}


def _runs(answer: dict[str, Any], path: tuple[str, ...]) -> Any:
    for key in path:
        answer = answer[key]
    return answer


def _host(state: dict[str, Any], check_mode: bool) -> TwinHost:
    state.pop("tenant_log", None)
    host = TwinHost(state)
    host.check_mode = check_mode
    return host


@pytest.mark.parametrize("check_mode", [False, True])
def test_the_lab_host_of_a_task_runs_in_the_tasks_check_mode(old_state, check_mode) -> None:
    connection = SimpleNamespace(is_entra_connect_lab=True, twin_store=lambda: MemoryTwinStore(old_state, {}))
    action = SimpleNamespace(_connection=connection, _task=SimpleNamespace(check_mode=check_mode))
    host = host_for(action, {"inventory_hostname": "old-sync01"})  # type: ignore[arg-type]
    assert isinstance(host, lab.LabHost) and host.check_mode is check_mode


@pytest.mark.parametrize("primitive", sorted(READS))
def test_a_check_mode_read_sees_the_run_history_a_real_run_sees(old_state, primitive) -> None:
    parameters, path = READS[primitive]
    real = _host(old_state, check_mode=False).call(primitive, parameters)
    check = _host(old_state, check_mode=True).call(primitive, parameters)
    assert len(_runs(real, path)) == 6
    assert _runs(check, path) == _runs(real, path)


def test_the_7_day_rule_holds_in_check_mode(old_state, run_action) -> None:
    result = run_action(entra_scheduler, {}, _host(old_state, check_mode=True), check_mode=True)
    assert result["last_sync_end"] == "2026-11-20T09:30:49.0000000Z"
    assert result["last_sync_older_than_7_days"] is False and "warnings" not in result


def test_connect_info_in_check_mode_shows_the_last_runs(old_state, run_action) -> None:
    result = run_action(entra_connect_info, {}, _host(old_state, check_mode=True), check_mode=True)
    facts = result["entra_connect"]
    assert [run["run_profile_name"] for run in facts["last_runs"]] != []
    assert facts["last_sync_end"] == "2026-11-20T09:30:49.0000000Z"


# What a read script that heeds WhatIf would get, as the twin models it: scripts as they were before each read
# script turned WhatIf off.
HEEDING = frozenset(READS)


def test_the_twin_answers_a_script_that_heeds_whatif_with_no_run_history(old_state, monkeypatch) -> None:
    monkeypatch.setattr(lab, "HEED_WHAT_IF", HEEDING)
    for primitive, (parameters, path) in READS.items():
        assert _runs(_host(old_state, check_mode=True).call(primitive, parameters), path) == []
        # Without check mode win_powershell sends no -WhatIf, so nothing changes.
        assert len(_runs(_host(old_state, check_mode=False).call(primitive, parameters), path)) == 6


def test_a_script_that_heeds_whatif_would_break_the_7_day_rule_in_check_mode(
    old_state, run_action, monkeypatch
) -> None:
    monkeypatch.setattr(lab, "HEED_WHAT_IF", HEEDING)
    result = run_action(entra_scheduler, {}, _host(old_state, check_mode=True), check_mode=True)
    assert result["last_sync_end"] is None and result["last_sync_older_than_7_days"] is True
    assert "more than 7 days ago" in result["warnings"][0]


def test_a_script_that_heeds_whatif_would_fail_the_gates_in_check_mode(seed, run_action, monkeypatch) -> None:
    # The pending-deletes seed has run its initial sync; a check-mode gate that saw no history would say it had not.
    state = seed("new-sync01-pending-deletes")
    args = {"expect": "staging", "fail_on_gate": False}
    real = run_action(entra_cutover_gate, args, _host(state, check_mode=True), check_mode=True)
    monkeypatch.setattr(lab, "HEED_WHAT_IF", HEEDING)
    blind = run_action(entra_cutover_gate, args, _host(state, check_mode=True), check_mode=True)
    assert (real["needs_initial_sync"], blind["needs_initial_sync"]) == (False, True)
