"""entra_tls12 against the twin: the eight values, the marker, the restart."""

from __future__ import annotations

import json

from ansible_collections.hybrid_identity.entra_connect.plugins.action import entra_tls12
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.facts import MARKER_PATH
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.tls12 import (
    MARKER_NAME,
    TLS12_VALUES,
)
from hosts import TwinHost

CLIENT = "HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client"


def _registry_values(host: TwinHost) -> dict[tuple[str, str], dict]:
    registry = host.twin.state["registry"]
    return {(path, name): registry.get(path, {}).get(name) for path, name, _wanted in TLS12_VALUES}


def test_check_mode_reports_the_changes_and_writes_nothing(old_state, run_action) -> None:
    host = TwinHost(old_state)
    before = _registry_values(host)
    result = run_action(entra_tls12, {}, host, check_mode=True, diff=True)
    assert result["changed"] is True and result["reboot_required"] is True
    assert host.primitives == ["tls12_read"] and _registry_values(host) == before
    # The seed has one compliant value, and the Client's Enabled as a string.
    assert [v["compliant"] for v in result["values"]].count(True) == 1
    assert f"{CLIENT.replace('HKLM:', 'HKLM')}\\Enabled = '1' (String)\n" in result["diff"]["before"]
    assert result["diff"]["after"].count("(DWord)") == 8


def test_writes_the_wrong_values_only_and_a_restart_stays_due(old_state, run_action) -> None:
    host = TwinHost(old_state)
    result = run_action(entra_tls12, {}, host)
    assert (result["changed"], result["reboot_required"], result["rebooted"]) == (True, True, False)
    written = host.calls[1][1]["Values"]
    assert len(written) == 7
    assert {"path": CLIENT, "name": "Enabled", "data": 1} in written
    assert all(
        value == {"type": "DWord", "data": wanted}
        for value, (_path, _name, wanted) in zip(_registry_values(host).values(), TLS12_VALUES, strict=True)
    )
    assert host.twin.state["registry"][MARKER_PATH][MARKER_NAME]["data"] == host.twin.state["clock"]
    # A later run finds nothing to write but still knows the values are not in effect yet.
    again = run_action(entra_tls12, {}, host)
    assert (again["changed"], again["reboot_required"], again["host_round_trips"]) == (False, True, 1)
    assert "restart" in again["warnings"][0]


def test_reboot_when_required_then_nothing_is_due(old_state, run_action) -> None:
    host = TwinHost(old_state)
    boot_before = host.twin.state["last_boot_time"]
    result = run_action(entra_tls12, {"reboot": True, "reboot_timeout": 900}, host)
    assert (result["changed"], result["rebooted"], result["reboot_required"]) == (True, True, False)
    assert host.primitives == ["tls12_read", "tls12_write", "reboot"] and host.calls[2][1] == {"timeout": 900}
    assert host.twin.state["last_boot_time"] > boot_before
    again = run_action(entra_tls12, {"reboot": True}, host)
    assert (again["changed"], again["rebooted"], again["reboot_required"]) == (False, False, False)
    assert again["host_round_trips"] == 1


def test_reboot_finishes_a_restart_left_due_by_an_earlier_run(old_state, run_action) -> None:
    host = TwinHost(old_state)
    run_action(entra_tls12, {}, host)
    result = run_action(entra_tls12, {"reboot": True}, host)
    assert (result["changed"], result["rebooted"]) == (True, True)
    assert host.primitives[-2:] == ["tls12_read", "reboot"]


def test_check_mode_with_reboot_predicts_it_without_rebooting(old_state, run_action) -> None:
    host = TwinHost(old_state)
    result = run_action(entra_tls12, {"reboot": True}, host, check_mode=True)
    assert (result["changed"], result["rebooted"], result["reboot_required"]) == (True, False, True)
    assert host.primitives == ["tls12_read"]


def test_async_with_reboot_is_refused_before_the_host_is_read(old_state, run_action) -> None:
    host = TwinHost(old_state)
    result = run_action(entra_tls12, {"reboot": True}, host, async_val=600)
    assert result["failed"] is True and host.calls == []
    assert result["msg"].startswith("entra_tls12 cannot reboot in an async task")
    plain = run_action(entra_tls12, {}, host, async_val=600)
    assert "does not run as an async task" in plain["msg"]


def test_a_bad_timeout_fails_before_the_host_is_read(old_state, run_action) -> None:
    host = TwinHost(old_state)
    result = run_action(entra_tls12, {"reboot": True, "reboot_timeout": 0}, host)
    assert result["msg"] == "reboot_timeout must be a positive number of seconds, got 0" and host.calls == []


def test_check_mode_decision_says_the_values_would_be_written(run_action, new_state) -> None:
    host = TwinHost(new_state, "new-sync01")
    result = run_action(entra_tls12, {}, host, check_mode=True)
    assert result["decisions"] == ["TLS 1.2 values would be written (check mode)"]
    assert "tls12_write" not in host.primitives


# -- a connection lost during the write: never sent twice, confirmed by a fresh tls12_read ---------------


def _state_without_faults(host: TwinHost) -> dict:
    return {key: value for key, value in json.loads(json.dumps(host.twin.state)).items() if key != "faults"}


def test_a_write_lost_before_it_happened_fails_and_changes_nothing(old_state, run_action) -> None:
    host = TwinHost(old_state)
    before = _state_without_faults(host)
    host.drop_before("tls12_write")
    result = run_action(entra_tls12, {"reboot": True}, host)
    assert result["failed"] is True and result.get("changed") is not True
    assert result["msg"] == (
        "The connection to old-sync01 dropped during tls12_write (OLD-SYNC01: connection reset during tls12_write "
        "(transient fault injected in memory)); a fresh tls12_read read shows it did not take effect (0 of 7 values "
        "as written). Nothing was repeated: a write that may have happened is never sent again. Run the task "
        "again: the run reads old-sync01 and carries on from what it finds."
    )
    # Written once, then the confirming read; no restart.
    assert host.primitives == ["tls12_read", "tls12_write", "tls12_read"]
    assert _state_without_faults(host) == before


def test_a_write_whose_answer_was_lost_carries_on_and_restarts(old_state, run_action) -> None:
    host = TwinHost(old_state)
    host.twin.state["faults"] = {"lose_answers": {"tls12_write": 1}}
    result = run_action(entra_tls12, {"reboot": True}, host)
    assert not result.get("failed")
    assert (result["changed"], result["rebooted"], result["reboot_required"]) == (True, True, False)
    assert host.primitives == ["tls12_read", "tls12_write", "tls12_read", "reboot"]
    note = (
        "The connection to old-sync01 dropped during tls12_write; a fresh tls12_read read shows it took effect "
        "(7 of 7 values as written). It was not sent again."
    )
    assert result["decisions"] == ["TLS 1.2 values written, server restarted", note]
    assert result["warnings"] == [note]
    assert all(
        value == {"type": "DWord", "data": wanted}
        for value, (_path, _name, wanted) in zip(_registry_values(host).values(), TLS12_VALUES, strict=True)
    )
