"""The cutover waits for a person who has seen the evidence; the approval is bound to that evidence."""

from __future__ import annotations

import json
import re
from pathlib import Path

NO_SIMULATED_OPERATOR = ("-e", "cutover_approval_simulate_in_lab=false")


def _report(lab_dir: Path) -> dict:
    return json.loads((lab_dir / "reports" / "contoso-swing_migration.json").read_text())


def test_the_cutover_stops_for_approval_before_any_change_and_goes_on_once_approved(play, lab, lab_dir) -> None:
    first = play("swing_migration.yml", *NO_SIMULATED_OPERATOR)
    assert first.rc == 0, first.stderr
    report = _report(lab_dir)
    assert report["headline"].startswith("contoso: STOPPED at cutover on new-sync01 - STOPPED before the cutover"), (
        report["headline"]
    )
    # Nothing of the cutover happened: the old server is still the active one, and no switch is in the tenant log.
    assert json.loads((lab_dir / "contoso.tenant.json").read_text())["active_servers"] == ["OLD-SYNC01"]
    assert lab.state("new-sync01")["entra_connect"]["staging_mode"] is True
    token = re.search(r"entra_connect_approve_cutover=(\S+) \(valid", report["headline"])
    assert token, report["headline"]
    request = json.loads((lab_dir / "approvals" / "contoso-cutover-approval.json").read_text())
    assert request["token"] == token.group(1)

    # A token typed by hand approves nothing; the run stops again.
    forged = play("swing_migration.yml", *NO_SIMULATED_OPERATOR, "-e", "entra_connect_approve_cutover=contoso:0:0:0")
    assert "not a token this controller issued" in _report(lab_dir)["headline"]
    assert forged.rc == 0 and lab.state("new-sync01")["entra_connect"]["staging_mode"] is True

    # The token of the stop approves the same evidence: the cutover goes ahead.
    approved = play(
        "swing_migration.yml", *NO_SIMULATED_OPERATOR, "-e", f"entra_connect_approve_cutover={token.group(1)}"
    )
    assert approved.rc == 0, approved.stderr
    assert _report(lab_dir)["headline"].startswith("contoso: swing_migration done - NEW-SYNC01")
    log = json.loads((lab_dir / "contoso.tenant.json").read_text())
    assert log["active_servers"] == ["NEW-SYNC01"]
    assert all(len(event["active_servers"]) <= 1 for event in log["events"])


def test_the_lab_says_its_simulated_operator_approved(play, lab_dir) -> None:
    run = play("swing_migration.yml")
    assert run.rc == 0, run.stderr
    decisions = _report(lab_dir)["decisions"]
    assert any("approved by the lab's simulated operator (lab run" in d for d in decisions), decisions
