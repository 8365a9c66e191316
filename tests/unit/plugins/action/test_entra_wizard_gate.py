"""entra_wizard_gate and its worksheet: stop, wait, simulate, and refuse a server that left staging."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.action import entra_wizard_gate
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.facts import SETTING_SIGN_ON_METHOD
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.worksheet import (
    worksheet,
    worksheet_lines,
)
from hosts import TwinHost
from lab_twins import ROOT, seed_tenants

INSTALLER = "C:\\EntraConnectMigration\\AzureADConnect.msi"
SETTINGS = "C:\\EntraConnectMigration\\settings.json"
ARGS = {
    "installer_path": INSTALLER,
    "settings_path": SETTINGS,
    "source": "old-sync01",
    "sign_in_method": "PasswordHashSync",
}
GAPS = [
    {"kind": "sign_in_method", "subject": "Sign-in", "detail": "PHS", "remedy": ""},
    {"kind": "device_writeback", "subject": "Device writeback", "detail": "was on.", "remedy": "Enable it."},
]


def test_the_worksheet_names_the_choices_the_accounts_and_what_to_reapply() -> None:
    sheet = worksheet("new (NEW)", "C:\\i.msi", "C:\\s.json", "AD FS federation", "old", ["corp.contoso.com"], GAPS)
    assert "choose Customize, not Express settings" in sheet["wizard"][0]
    assert "'Import synchronization settings' and select C:\\s.json (exported from old)" in sheet["wizard"][1]
    assert sheet["wizard"][3] == (
        "User sign-in: keep AD FS federation, which the import preselects. "
        "Every AD FS or PingFederate setting must be entered again."
    )
    assert "leave 'Enable staging mode' TICKED" in sheet["wizard"][4]
    assert sheet["accounts"][1].startswith("Active Directory corp.contoso.com: an Enterprise Admin")
    # The sign-in method is a wizard choice, not something to re-apply afterwards.
    assert sheet["reapply_by_hand"] == ["Device writeback - was on. Enable it."]


def test_the_worksheet_without_a_known_method_or_gaps_still_reads_as_instructions() -> None:
    sheet = worksheet("new (NEW)", "C:\\i.msi", "C:\\s.json", None, "old", [], [])
    assert sheet["wizard"][3] == (
        "User sign-in: keep the method the old server uses (it could not be read), which the import preselects."
    )
    assert (
        sheet["accounts"][1]
        == "Each Active Directory forest: an Enterprise Admin, or the existing AD DS connector account."
    )
    lines = worksheet_lines(sheet)
    assert lines[0] == "In the wizard:" and lines[1].startswith("  1. On new (NEW)")
    assert lines[-2:] == ["Re-apply by hand after the wizard (the settings file does not carry these):", "  - nothing"]


class WindowsTwin(TwinHost):
    """The twin reached as a real server would be: no lab simulation; an operator may finish during a wait."""

    kind = "windows"
    can_simulate_wizard = False

    def __init__(self, *args, operator_done_after: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.operator_done_after = operator_done_after

    def wait(self, seconds: float) -> None:
        super().wait(seconds)
        if self.operator_done_after is not None and len(self.waits) == self.operator_done_after:
            self.twin.simulate_wizard(INSTALLER, SETTINGS, "PasswordHashSync")


def _prepared(new_state, old_state, tmp_path: Path, host_class=TwinHost, **kwargs) -> TwinHost:
    """The new server as target preparation leaves it: installer and settings staged, next to its tenant log."""
    host = host_class(new_state, "new-sync01", tenants=seed_tenants(), **kwargs)
    host.twin.state["directories"].append("C:\\EntraConnectMigration")
    host.twin.put(str(ROOT / "lab" / "installer" / "AzureADConnect.msi"), INSTALLER)
    applied = sorted(k for k in old_state["files"] if "Applied-SynchronizationPolicy" in k)[-1]
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps(old_state["files"][applied]["content"]))
    host.twin.put(str(settings), SETTINGS)
    host.calls.clear()
    return host


def test_without_an_operator_it_stops_with_the_worksheet(run_action, new_state, old_state, tmp_path) -> None:
    host = _prepared(new_state, old_state, tmp_path, WindowsTwin)
    result = run_action(entra_wizard_gate, ARGS, host)
    assert (result["stopped"], result["changed"], result["installed"], result.get("failed")) == (
        True,
        False,
        False,
        None,
    )
    assert result["msg"].startswith("STOPPED at the wizard gate: Entra Connect is not installed on new-sync01.")
    assert result["msg"].endswith("then run the playbook again; it resumes here.")
    assert result["worksheet_lines"][0] == "In the wizard:" and host.primitives == ["snapshot"]


def test_with_wait_it_polls_until_the_operator_is_done(run_action, new_state, old_state, tmp_path) -> None:
    host = _prepared(new_state, old_state, tmp_path, WindowsTwin, operator_done_after=3)
    result = run_action(entra_wizard_gate, dict(ARGS, wait=True, poll_interval=600, timeout=3600), host)
    assert not result.get("failed") and result["waited"] == 1800 and host.waits == [600, 600, 600]
    assert result["msg"] == "The wizard is done - Entra Connect 2.6.91.0 is installed on new-sync01 in staging mode."
    assert result["simulated"] is False and result["changed"] is False


def test_waiting_gives_up_at_the_timeout_with_what_to_do(run_action, new_state, old_state, tmp_path) -> None:
    host = _prepared(new_state, old_state, tmp_path, WindowsTwin)
    result = run_action(entra_wizard_gate, dict(ARGS, wait=True, poll_interval=400, timeout=1000), host)
    assert host.waits == [400, 400, 200]
    assert result["failed"] is True
    assert result["msg"].startswith("Entra Connect is still not installed on new-sync01 after waiting 1000 s")


def test_the_lab_simulates_the_operator_and_says_so(run_action, new_state, old_state, tmp_path) -> None:
    host = _prepared(new_state, old_state, tmp_path)
    result = run_action(entra_wizard_gate, ARGS, host)
    assert (result["changed"], result["simulated"], result["installed"]) == (True, True, True)
    assert result["msg"].startswith("SIMULATED in the lab: an operator completed the wizard")
    assert host.twin.state["entra_connect"]["staging_mode"] is True
    assert host.twin.state["entra_connect"]["global_settings"][SETTING_SIGN_ON_METHOD] == "PasswordHashSync"

    again = run_action(entra_wizard_gate, ARGS, host)
    assert (again["changed"], again["simulated"]) == (False, False)


def test_the_lab_operator_reapplies_what_the_worksheet_lists(run_action, new_state, old_state, tmp_path) -> None:
    host = _prepared(new_state, old_state, tmp_path)
    profile = {"connector": "contoso.com", "run_profile": "Delta Import OU=Sales"}
    gaps = [
        *GAPS,
        {
            "kind": "custom_run_profile",
            "subject": "contoso.com: Delta Import OU=Sales",
            "detail": "",
            "remedy": "",
            "values": profile,
        },
    ]
    result = run_action(entra_wizard_gate, dict(ARGS, not_carried=gaps), host)
    assert result["simulated"] is True
    assert result["wizard"]["reapplied_by_hand"] == ["custom_run_profile: contoso.com: Delta Import OU=Sales"]
    product = host.twin.state["entra_connect"]
    ad = next(c["identifier"] for c in product["connectors"] if c["name"] == "contoso.com")
    assert product["connector_settings"][ad]["run_profiles"][-1] == "Delta Import OU=Sales"
    # The worksheet still lists it for a person, with the gap without values.
    assert len(result["worksheet"]["reapply_by_hand"]) == 2


@pytest.mark.parametrize(
    ("host_class", "extra", "would"),
    [
        (TwinHost, {}, "Would simulate the operator completing the wizard (lab) on new-sync01"),
        (WindowsTwin, {"wait": True, "timeout": 900}, "Would wait up to 900 s for the wizard on new-sync01"),
        (WindowsTwin, {}, "Would stop with this worksheet on new-sync01"),
    ],
)
def test_check_mode_says_what_the_gate_would_do(run_action, new_state, old_state, tmp_path, host_class, extra, would):
    host = _prepared(new_state, old_state, tmp_path, host_class)
    result = run_action(entra_wizard_gate, dict(ARGS, **extra), host, check_mode=True)
    assert result["msg"] == f"{would}: Entra Connect is not installed there yet."
    assert host.twin.state["entra_connect"] is None and host.waits == []


def test_a_server_installed_without_staging_mode_is_refused(run_action, old_state, tmp_path) -> None:
    host = TwinHost(old_state, "new-sync01")
    result = run_action(entra_wizard_gate, ARGS, host)
    assert result["failed"] is True
    assert result["msg"].startswith("Entra Connect is installed on new-sync01 but NOT in staging mode")


def test_a_poll_interval_below_one_second_is_refused(run_action, new_state) -> None:
    host = TwinHost(new_state, "new-sync01")
    result = run_action(entra_wizard_gate, dict(ARGS, poll_interval=0), host)
    assert result["failed"] is True and host.calls == []
