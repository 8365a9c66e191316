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


def _pending_deletes(lab, deletes: int = 450) -> None:
    """The new server after the wizard and its initial sync, with pending deletes on contoso.com (seed variant)."""
    variant = json.loads(
        (Path(__file__).resolve().parents[2] / "lab" / "seeds" / "new-sync01-pending-deletes.json").read_text()
    )
    variant["entra_connect"]["pending_exports"]["contoso.com"]["delete"] = deletes
    lab.write("new-sync01", variant)


def test_pending_deletes_above_the_limit_stop_before_the_cutover(play, lab, lab_dir) -> None:
    _pending_deletes(lab)
    run = play("swing_migration.yml", "-e", "cutover_max_deletes=100")
    assert run.rc != 0
    headline = _report(lab_dir)["headline"]
    assert headline.startswith("contoso: FAILED in cutover on new-sync01 - Judge the evidence gates"), headline
    assert "pending_deletes: contoso.com: 450 pending deletes, limit 100 per connector" in headline
    # Nothing was switched: the old server still exports, the deletes were never exported.
    log = json.loads((lab_dir / "contoso.tenant.json").read_text())
    assert log["active_servers"] == ["OLD-SYNC01"]
    assert [e for e in log["events"] if e["event"] != "export"] == []
    # The analysis is kept beside the reports: a CSV row per deleted object.
    rows = (lab_dir / "evidence" / "contoso-pending-exports" / "contoso.com.csv").read_text().splitlines()
    assert sum(1 for row in rows if ",delete," in row) == 450


def test_an_approval_of_other_evidence_approves_nothing(play, lab, lab_dir) -> None:
    _pending_deletes(lab, 12)
    first = play("swing_migration.yml", *NO_SIMULATED_OPERATOR)
    assert first.rc == 0, first.stderr
    token = re.search(r"entra_connect_approve_cutover=(\S+) \(valid", _report(lab_dir)["headline"]).group(1)
    # The pending exports change after the person looked at them.
    state = lab.state("new-sync01")
    state["entra_connect"]["pending_exports"]["contoso.com"]["delete"] = 40
    lab.write("new-sync01", state)

    again = play("swing_migration.yml", *NO_SIMULATED_OPERATOR, "-e", f"entra_connect_approve_cutover={token}")
    assert again.rc == 0
    headline = _report(lab_dir)["headline"]
    assert "the evidence changed since it was approved: pending_exports (contoso.com)" in headline, headline
    assert lab.state("new-sync01")["entra_connect"]["staging_mode"] is True


def test_a_target_missing_the_ad_connector_and_its_rules_stops_before_the_cutover(play, lab, lab_dir) -> None:
    # The new server after the wizard and its initial sync, but its AD connector and that connector's rules deleted.
    variant = json.loads(
        (Path(__file__).resolve().parents[2] / "lab" / "seeds" / "new-sync01-pending-deletes.json").read_text()
    )
    engine = variant["entra_connect"]
    ad = next(c for c in engine["connectors"] if c["name"] == "contoso.com")["identifier"]
    engine["connectors"] = [c for c in engine["connectors"] if c["identifier"] != ad]
    engine["sync_rules"] = [r for r in engine["sync_rules"] if r["connector"] != ad]
    engine["connector_settings"].pop(ad, None)
    engine["pending_exports"] = {}
    engine["run_history"] = [r for r in engine["run_history"] if r["connector_id"] != ad]
    lab.write("new-sync01", variant)

    # Decommission is asked too, and overridden: nothing of it may happen when the cutover does not.
    run = play(
        "swing_migration.yml", "-e", "entra_connect_decommission=true", "-e", "entra_connect_decommission_override=true"
    )
    assert run.rc != 0
    headline = _report(lab_dir)["headline"]
    assert headline.startswith("contoso: FAILED in cutover on new-sync01 - Judge the evidence gates"), headline
    assert "contoso.com (an AD connector) on OLD-SYNC01 has no counterpart on NEW-SYNC01" in headline
    log = json.loads((lab_dir / "contoso.tenant.json").read_text())
    assert log["active_servers"] == ["OLD-SYNC01"]
    assert lab.state("old-sync01")["entra_connect"] is not None
