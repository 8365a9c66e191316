"""entra_uninstall: only a server in staging mode, the whole product family, a fresh read that the ADSync service
is gone, msiexec's exit codes, what is left to the operator, check mode."""

from __future__ import annotations

import copy

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.action import entra_uninstall
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._lab.installer import (
    LAB_EXIT_CODE,
    UNINSTALL_KEY,
    ensure_family,
)
from hosts import FakeHost, TwinHost

ENGINE = "Microsoft Azure AD Connect synchronization services"
HEALTH = "Microsoft Azure AD Connect Health agent for sync"


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


def test_the_family_is_removed_in_order_and_localdb_kept(run_action, seed) -> None:
    server = TwinHost(seed("ha-sync02"), "ha-sync02")
    result = run_action(entra_uninstall, {}, server)
    assert not result.get("failed"), result.get("msg")
    assert (result["changed"], result["reboot_required"]) == (True, False)
    assert [r["display_name"] for r in result["removed"]] == ["Microsoft Entra Connect Sync", ENGINE, HEALTH]
    assert {r["exit_code"] for r in result["removed"]} == {0}
    # The fresh read after the removal is what the result rests on.
    assert server.primitives == ["snapshot", "uninstall", "snapshot"]
    assert server.twin.state["entra_connect"] is None
    assert [k["display_name"] for k in result["left"]] == ["Microsoft SQL Server 2022 LocalDB"]
    assert "other software may use it" in result["left"][0]["reason"]
    assert result["evidence"]["adsync_service"] == "gone"

    again = run_action(entra_uninstall, {}, server)
    assert (again["changed"], again["removed"]) == (False, [])


def test_the_cloud_clean_up_a_quiet_removal_skips_is_left_to_the_operator(run_action, seed) -> None:
    server = TwinHost(seed("ha-sync02"), "ha-sync02")
    result = run_action(entra_uninstall, {}, server)
    # 2.6.91.0 is past 2.6.84.0, whose uninstall wizard does the cloud clean-up after an administrator signs in.
    assert "cleans up its cloud configuration only in its uninstall wizard" in result["cloud_cleanup"][0]
    assert any(
        "Sync_ha-sync02_" in step and "never what the active server uses" in step for step in result["cloud_cleanup"]
    )
    assert any(w.startswith("Left for you: ") for w in result["warnings"])


def _engine_key(state: dict) -> str:
    """The path of the engine's uninstall key, after giving the seed its family."""
    keys = ensure_family(state)
    return next(p for p, k in keys.items() if k["DisplayName"]["data"] == ENGINE)


def test_an_engine_left_behind_fails_with_the_adsync_service_named(run_action, seed) -> None:
    # An engine whose uninstall entry carries a name the collection does not know: msiexec removes the wizard
    # product with exit code 0, and the ADSync service stays. Reporting success here would be wrong.
    state = seed("ha-sync02")
    state["registry"][_engine_key(state)]["DisplayName"]["data"] = "Microsoft Entra Connect Sync engine"
    server = TwinHost(state, "ha-sync02")
    result = run_action(entra_uninstall, {}, server)
    assert result["failed"] is True
    assert result["msg"].startswith("Removing Entra Connect from ha-sync02 did not finish: the ADSync service is still")
    assert "Removed: Microsoft Entra Connect Sync, " + HEALTH in result["msg"]
    assert server.twin.state["entra_connect"] is not None


def test_a_failed_msiexec_is_named_with_its_exit_code(run_action, seed) -> None:
    state = seed("ha-sync02")
    state["registry"][_engine_key(state)][LAB_EXIT_CODE] = {"type": "DWord", "data": 1603}
    server = TwinHost(state, "ha-sync02")
    result = run_action(entra_uninstall, {}, server)
    assert result["failed"] is True
    assert f"({ENGINE}) ended with exit code 1603" in result["msg"]
    assert "the ADSync service is still there (Running, start type Automatic)" in result["msg"]


def _staging_answer(old_state, snapshot_of):
    old_state["entra_connect"]["staging_mode"] = True
    return snapshot_of(old_state)


def _gone(old_state, snapshot_of):
    state = copy.deepcopy(old_state)
    state["entra_connect"] = None
    return snapshot_of(state)


FOUND = [
    {"display_name": "Microsoft Azure AD Connect", "display_version": "1.6.16.0", "product_code": "{A}"},
    {"display_name": "Notepad++ (64-bit x64)", "display_version": "8.6", "product_code": "Notepad++"},
]


def test_nothing_matched_fails_naming_what_was_looked_for_and_what_looks_related(
    run_action, old_state, snapshot_of
) -> None:
    found = [
        {"display_name": "Microsoft Entra Connect Sync (Preview)", "display_version": "3.0.1.0", "product_code": "{C}"},
        FOUND[1],
    ]
    host = FakeHost(_staging_answer(old_state, snapshot_of), {"found": found, "removed": []})
    result = run_action(entra_uninstall, {}, host)
    assert result["failed"] is True
    assert result["msg"].startswith("Nothing was removed from old-sync01: no uninstall entry is named any of ")
    assert f"'{ENGINE}'" in result["msg"]
    assert "look related: 'Microsoft Entra Connect Sync (Preview)'." in result["msg"]
    assert "Notepad" not in result["msg"]


def test_the_twin_matches_nothing_when_the_product_has_an_unknown_name(run_action, seed) -> None:
    state = seed("ha-sync02")
    preview = "Microsoft Entra Connect Sync (Preview)"
    state["entra_connect"]["display_name"] = preview
    state["registry"][UNINSTALL_KEY + "\\{0C0FFEE0-0000-4000-8000-000000000001}"] = {
        "DisplayName": {"type": "String", "data": preview},
        "DisplayVersion": {"type": "String", "data": "2.6.91.0"},
    }
    server = TwinHost(state, "ha-sync02")
    result = run_action(entra_uninstall, {}, server)
    assert result["failed"] is True and result["msg"].startswith("Nothing was removed from ha-sync02")
    assert f"look related: '{preview}'." in result["msg"]
    assert server.primitives == ["snapshot", "uninstall"]
    assert server.twin.state["entra_connect"] is not None


@pytest.mark.parametrize(("code", "reboot"), [(0, False), (3010, True)])
def test_msiexec_success_codes(run_action, old_state, snapshot_of, code, reboot) -> None:
    removed = [{"display_name": "Microsoft Azure AD Connect", "product_code": "{A}", "exit_code": code}]
    host = FakeHost(
        _staging_answer(old_state, snapshot_of), {"found": FOUND, "removed": removed}, _gone(old_state, snapshot_of)
    )
    result = run_action(entra_uninstall, {}, host)
    assert not result.get("failed") and result["reboot_required"] is reboot
    assert result["removed"] == removed


def test_the_fresh_read_asks_for_the_family_and_localdb(run_action, old_state, snapshot_of) -> None:
    removed = [{"display_name": "Microsoft Azure AD Connect", "product_code": "{A}", "exit_code": 0}]
    host = FakeHost(
        _staging_answer(old_state, snapshot_of), {"found": FOUND, "removed": removed}, _gone(old_state, snapshot_of)
    )
    run_action(entra_uninstall, {}, host)
    sent = host.calls[1][1]["ProductDisplayNames"]
    assert sent.index("Microsoft Azure AD Connect") < sent.index(ENGINE) < sent.index(HEALTH)
    assert not any("LocalDB" in name for name in sent)
    assert (
        host.calls[2][0] == "snapshot"
        and "Microsoft SQL Server 2019 LocalDB" in host.calls[2][1]["ProductDisplayNames"]
    )


def test_an_adsync_service_still_there_fails_even_when_msiexec_said_0(run_action, old_state, snapshot_of) -> None:
    removed = [{"display_name": "Microsoft Azure AD Connect", "product_code": "{A}", "exit_code": 0}]
    still = snapshot_of(old_state)
    host = FakeHost(_staging_answer(old_state, snapshot_of), {"found": FOUND, "removed": removed}, still)
    result = run_action(entra_uninstall, {}, host)
    assert result["failed"] is True
    assert "the ADSync service is still there (Running, start type Automatic)" in result["msg"]


def test_any_other_msiexec_code_fails_with_the_product_named(run_action, old_state, snapshot_of) -> None:
    removed = [
        {"display_name": "Microsoft Azure AD Connect", "product_code": "{A}", "exit_code": 0},
        {"display_name": ENGINE, "product_code": "{B}", "exit_code": 1603},
    ]
    host = FakeHost(
        _staging_answer(old_state, snapshot_of), {"found": FOUND, "removed": removed}, _gone(old_state, snapshot_of)
    )
    result = run_action(entra_uninstall, {}, host)
    assert result["failed"] is True
    assert result["msg"] == (
        "Removing Entra Connect from old-sync01 did not finish: "
        f"msiexec /x {{B}} ({ENGINE}) ended with exit code 1603. Removed: Microsoft Azure AD Connect. "
        "Remove what is left from Programs and Features (Microsoft's uninstall wizard removes every component), "
        "then run the task again to confirm."
    )


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
    host = RebootingHost(
        _staging_answer(old_state, snapshot_of), {"found": FOUND, "removed": removed}, _gone(old_state, snapshot_of)
    )
    result = run_action(entra_uninstall, {"reboot": True, "reboot_timeout": 900}, host)
    assert host.reboots == restarts
    assert (result["rebooted"], result["reboot_required"]) == (bool(restarts), False)
    assert result["host_round_trips"] == 3 + len(restarts)


def test_without_reboot_a_due_restart_is_only_reported(run_action, old_state, snapshot_of) -> None:
    removed = [{"display_name": "Microsoft Azure AD Connect", "product_code": "{A}", "exit_code": 3010}]
    host = RebootingHost(
        _staging_answer(old_state, snapshot_of), {"found": FOUND, "removed": removed}, _gone(old_state, snapshot_of)
    )
    result = run_action(entra_uninstall, {}, host)
    assert host.reboots == [] and (result["rebooted"], result["reboot_required"]) == (False, True)
    assert result["msg"].endswith("; restart old-sync01 before using it again")


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
    assert server.primitives == ["snapshot", "uninstall", "snapshot", "snapshot"]
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


def _engine_asks_for_a_restart(seed):
    state = seed("ha-sync02")
    state["registry"][_engine_key(state)][LAB_EXIT_CODE] = {"type": "DWord", "data": 3010}
    return state


def test_a_service_marked_for_deletion_is_restarted_away_when_reboot_is_allowed(run_action, seed) -> None:
    # msiexec 3010 on the engine: the ADSync service stays, stopped and marked for deletion, until a restart.
    server = TwinHost(_engine_asks_for_a_restart(seed), "ha-sync02")
    result = run_action(entra_uninstall, {"reboot": True}, server)
    assert result.get("failed") is not True, result.get("msg")
    assert result["rebooted"] is True and server.twin.state["entra_connect"] is None
    assert server.primitives.count("snapshot") == 3  # before, after the removal, after the restart


def test_without_reboot_it_waits_for_the_restart_and_names_it_and_a_rerun_finishes(run_action, seed) -> None:
    server = TwinHost(_engine_asks_for_a_restart(seed), "ha-sync02")
    first = run_action(entra_uninstall, {}, server)
    assert first["failed"] is True and "waits for a restart" in first["msg"]
    assert "Restart ha-sync02 (reboot: true does it)" in first["msg"]
    # Run again: the family is gone, only the marked service is left; the module names the restart, not staging.
    again = run_action(entra_uninstall, {}, server)
    assert again["failed"] is True and "waits for a restart" in again["msg"] and "staging" not in again["msg"]
    done = run_action(entra_uninstall, {"reboot": True}, server)
    assert (done.get("failed"), done["changed"], done["rebooted"]) == (None, True, True)
    assert server.twin.state["entra_connect"] is None
