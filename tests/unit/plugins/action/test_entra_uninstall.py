"""entra_uninstall: only a server in staging mode, msiexec's exit codes, check mode."""

from __future__ import annotations

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.action import entra_uninstall
from hosts import FakeHost, TwinHost


def test_an_active_server_is_never_uninstalled(run_action, seed) -> None:
    server = TwinHost(seed("ha-sync01"), "ha-sync01")
    result = run_action(entra_uninstall, {}, server)
    assert result["failed"] is True
    assert result["msg"].startswith("Refusing to uninstall Entra Connect from ha-sync01: it is not in staging mode")
    assert result["msg"].endswith("Nothing was changed.")
    assert server.primitives == ["snapshot"] and server.twin.state["entra_connect"] is not None


def test_check_mode_names_what_it_would_remove(run_action, seed) -> None:
    server = TwinHost(seed("ha-sync02"), "ha-sync02")
    result = run_action(entra_uninstall, {}, server, check_mode=True)
    assert (result["changed"], result["msg"]) == (True, "Would uninstall Entra Connect 2.6.91.0 from ha-sync02")
    assert server.primitives == ["snapshot"]


def test_a_server_in_staging_is_uninstalled_once(run_action, seed) -> None:
    server = TwinHost(seed("ha-sync02"), "ha-sync02")
    result = run_action(entra_uninstall, {}, server)
    assert (result["changed"], result["reboot_required"]) == (True, False)
    assert [r["display_name"] for r in result["removed"]] == ["Microsoft Entra Connect Sync"]
    assert server.twin.state["entra_connect"] is None

    again = run_action(entra_uninstall, {}, server)
    assert (again["changed"], again["removed"]) == (False, [])


def _staging_answer(old_state, snapshot_of):
    old_state["entra_connect"]["staging_mode"] = True
    return snapshot_of(old_state)


@pytest.mark.parametrize(("code", "reboot"), [(0, False), (3010, True)])
def test_msiexec_success_codes(run_action, old_state, snapshot_of, code, reboot) -> None:
    removed = [{"display_name": "Microsoft Azure AD Connect", "product_code": "{A}", "exit_code": code}]
    result = run_action(entra_uninstall, {}, FakeHost(_staging_answer(old_state, snapshot_of), {"removed": removed}))
    assert not result.get("failed") and result["reboot_required"] is reboot


def test_any_other_msiexec_code_fails_with_the_product_named(run_action, old_state, snapshot_of) -> None:
    removed = [
        {"display_name": "Microsoft Azure AD Connect", "product_code": "{A}", "exit_code": 0},
        {
            "display_name": "Microsoft Azure AD Connect synchronization services",
            "product_code": "{B}",
            "exit_code": 1603,
        },
    ]
    host = FakeHost(_staging_answer(old_state, snapshot_of), {"removed": removed})
    result = run_action(entra_uninstall, {}, host)
    assert result["failed"] is True
    assert result["msg"] == (
        "Uninstalling from old-sync01 failed: "
        "Microsoft Azure AD Connect synchronization services {B}: msiexec exit code 1603"
    )
    assert host.calls[1][0] == "uninstall"
    assert "Microsoft Azure AD Connect" in host.calls[1][1]["ProductDisplayNames"]


class RebootingHost(FakeHost):
    """A queue of answers that also records restarts."""

    def __init__(self, *answers) -> None:
        super().__init__(*answers)
        self.reboots: list[int] = []

    def reboot(self, timeout: int) -> dict:
        self.round_trips += 1
        self.reboots.append(timeout)
        return {"rebooted": True, "elapsed": 30}


@pytest.mark.parametrize(("code", "restarts"), [(3010, [900]), (0, [])])
def test_reboot_restarts_only_when_windows_installer_asks(run_action, old_state, snapshot_of, code, restarts) -> None:
    removed = [{"display_name": "Microsoft Azure AD Connect", "product_code": "{A}", "exit_code": code}]
    host = RebootingHost(_staging_answer(old_state, snapshot_of), {"removed": removed})
    result = run_action(entra_uninstall, {"reboot": True, "reboot_timeout": 900}, host)
    assert host.reboots == restarts
    assert (result["rebooted"], result["reboot_required"]) == (bool(restarts), False)
    assert result["host_round_trips"] == 2 + len(restarts)


def test_without_reboot_a_due_restart_is_only_reported(run_action, old_state, snapshot_of) -> None:
    removed = [{"display_name": "Microsoft Azure AD Connect", "product_code": "{A}", "exit_code": 3010}]
    host = RebootingHost(_staging_answer(old_state, snapshot_of), {"removed": removed})
    result = run_action(entra_uninstall, {}, host)
    assert host.reboots == [] and (result["rebooted"], result["reboot_required"]) == (False, True)


def test_a_bad_reboot_timeout_fails_before_the_server_is_read(run_action) -> None:
    host = RebootingHost()
    result = run_action(entra_uninstall, {"reboot": True, "reboot_timeout": 0}, host)
    assert result["failed"] is True and "reboot_timeout must be a positive number" in result["msg"]
    assert host.calls == []


def test_an_uninstall_whose_answer_was_lost_is_confirmed_and_a_restart_taken_as_due(run_action, seed) -> None:
    server = TwinHost(seed("ha-sync02"), "ha-sync02")
    server.twin.state["faults"] = {"lose_answers": {"uninstall": 1}}
    result = run_action(entra_uninstall, {}, server)
    assert (result["changed"], result["removed"], result["reboot_required"]) == (True, [], True)
    assert server.primitives == ["snapshot", "uninstall", "snapshot"]
    assert result["warnings"][0] == (
        "The connection to ha-sync02 dropped during uninstall; a fresh snapshot read shows it took effect (no "
        "uninstall entry of Entra Connect is left). It was not sent again."
    )
    assert "whether a restart is required is unknown" in result["warnings"][1]


def test_an_uninstall_lost_before_it_happened_fails_and_is_not_repeated(run_action, seed) -> None:
    server = TwinHost(seed("ha-sync02"), "ha-sync02")
    server.drop_before("uninstall")
    result = run_action(entra_uninstall, {}, server)
    assert result["failed"] is True and "still installed: Microsoft Entra Connect Sync" in result["msg"]
    assert server.primitives == ["snapshot", "uninstall", "snapshot"]
    assert server.twin.state["entra_connect"] is not None
