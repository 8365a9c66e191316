"""A re-run resumes where the servers are: after a stop at the wizard gate, and after a failed cutover."""

from __future__ import annotations

import json
from pathlib import Path


def _report(lab_dir: Path) -> dict:
    return json.loads((lab_dir / "reports" / "contoso-swing_migration.json").read_text())


def _phases(report: dict) -> dict[tuple[str, str], bool]:
    return {(p["phase"], p["host"]): p.get("changed", False) for p in report["phases"]}


def test_a_stop_at_the_wizard_gate_resumes_there_once_the_wizard_is_done(play, lab, lab_dir) -> None:
    # No simulated operator: the run prepares the new server and stops with the worksheet.
    stopped = play("swing_migration.yml", "-e", "wizard_gate_simulate_in_lab=false")
    assert stopped.rc == 0, stopped.stderr
    report = _report(lab_dir)
    assert report["headline"].startswith("contoso: STOPPED at wizard on new-sync01 - STOPPED at the wizard gate")
    assert lab.state("new-sync01")["entra_connect"] is None
    assert lab.state("old-sync01")["entra_connect"]["staging_mode"] is False
    staged = lab.state("new-sync01")["files"]
    assert "C:\\EntraConnectMigration\\AzureADConnect.msi" in staged

    # The operator completes the wizard (simulated), and the next run carries on from there.
    resumed = play("swing_migration.yml")
    assert resumed.rc == 0, resumed.stderr
    report = _report(lab_dir)
    assert report["phase_at_start"] == "prepare"
    assert report["headline"].startswith("contoso: swing_migration done - NEW-SYNC01")
    phases = _phases(report)
    # Preparing again finds TLS 1.2 set and the installer staged: nothing to change there.
    assert phases[("prepare", "new-sync01")] is False
    assert phases[("wizard", "new-sync01")] is True


def test_a_failed_cutover_leaves_no_server_active_and_the_next_run_finishes_it(play, lab, lab_dir) -> None:
    new = lab.state("new-sync01")
    new["faults"] = {"primitive_errors": {"staging_write": "The ADSync service is not responding"}}
    lab.write("new-sync01", new)

    failed = play("swing_migration.yml")
    assert failed.rc != 0
    report = _report(lab_dir)
    assert report["headline"].startswith("contoso: FAILED in cutover on new-sync01")
    assert "The ADSync service is not responding" in report["headline"]
    # The old server went into staging first; the new one never left it, so nothing exports, but
    # nothing is exported by two servers either.
    assert lab.state("old-sync01")["entra_connect"]["staging_mode"] is True
    assert lab.state("new-sync01")["entra_connect"]["staging_mode"] is True

    repaired = lab.state("new-sync01")
    del repaired["faults"]
    lab.write("new-sync01", repaired)
    resumed = play("swing_migration.yml")
    assert resumed.rc == 0, resumed.stderr
    report = _report(lab_dir)
    assert report["phase_at_start"] == "cutover"
    assert report["headline"].startswith("contoso: swing_migration done - NEW-SYNC01")
    events = json.loads((lab_dir / "contoso.tenant.json").read_text())["events"]
    assert all(len(event["active_servers"]) <= 1 for event in events)
    assert [(e["server"], e["event"]) for e in events if e["event"] != "export"] == [
        ("OLD-SYNC01", "staging_enabled"),
        ("NEW-SYNC01", "staging_disabled"),
    ]


def test_a_failed_delta_cycle_after_the_cutover_is_run_again_by_the_next_run(play, lab, lab_dir) -> None:
    # Up to the staging verification: the new server has its initial sync, in staging mode.
    staged = play("swing_migration.yml", "--tags", "export,prepare,wizard,verify_staging")
    assert staged.rc == 0, staged.stderr
    new = lab.state("new-sync01")
    # The export of the delta cycle right after the switch ends with errors on the Entra connector.
    new["faults"] = {"run_results": {"contoso.onmicrosoft.com - AAD|Export": "completed-export-errors"}}
    lab.write("new-sync01", new)

    failed = play("swing_migration.yml")
    assert failed.rc != 0
    assert lab.state("new-sync01")["entra_connect"]["staging_mode"] is False
    assert lab.state("old-sync01")["entra_connect"]["staging_mode"] is True

    # The cause is fixed; the next run finds no good export since the activation, runs the cycle again
    # instead of failing on the same failed run, and verifies.
    repaired = lab.state("new-sync01")
    del repaired["faults"]
    lab.write("new-sync01", repaired)
    resumed = play("swing_migration.yml")
    assert resumed.rc == 0, resumed.stderr
    report = _report(lab_dir)
    assert report["phase_at_start"] == "verify"
    assert report["headline"].startswith("contoso: swing_migration done - NEW-SYNC01")
    cycles = resumed.results("Run the delta cycle again when the exports are all that is missing")
    assert cycles["new-sync01"]["changed"] is True
    events = json.loads((lab_dir / "contoso.tenant.json").read_text())["events"]
    assert all(len(event["active_servers"]) <= 1 for event in events)
