"""What a run says of itself: the report's headline names the server whose task failed, in the phase of that
task; every run keeps its report; a real run never says what it would do."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
WINDOWS_SERVER_2025 = {
    "caption": "Microsoft Windows Server 2025 Datacenter",
    "version": "10.0.26100",
    "build_number": 26100,
    "installation_type": "Server",
}


def _report(lab_dir: Path, name: str = "contoso-swing_migration") -> dict[str, Any]:
    return json.loads((lab_dir / "reports" / f"{name}.json").read_text())


def _failed(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["host"]: p for p in report["phases"] if p["status"] == "failed"}


def _last_message(run) -> list[str]:
    return run.results("Fail the run when a server failed")["localhost"]["msg"]


def test_a_target_refused_in_preflight_is_named_with_its_reason_and_its_partner_is_not_blamed(
    play, lab, lab_dir
) -> None:
    new = lab.state("new-sync01")
    new["os"] = WINDOWS_SERVER_2025
    lab.write("new-sync01", new)

    run = play("swing_migration.yml")
    assert run.rc != 0
    # The plan refuses the pair before it has a plan; the pair still gets its report, which leads with the
    # refusal, naming new-sync01 and why, and keeps what the preflight read of each server.
    report = _report(lab_dir)
    assert report["headline"].startswith(
        "contoso: REFUSED before any change - Pair contoso: the new server new-sync01 (NEW-SYNC01) cannot take "
        "Entra Connect: Windows Server 2025 is not supported"
    ), report["headline"]
    assert report["phase_at_start"] == "refused" and report["plan"] == []
    states = {s["host"]: (s["computer_name"], s["state_before"]) for s in report["servers"]}
    assert states == {
        "old-sync01": ("OLD-SYNC01", "ACTIVE (exporting)"),
        "new-sync01": ("NEW-SYNC01", "no Entra Connect"),
    }
    assert report["lab"] is True
    # new-sync01, which Ansible failed with the plan, says it stopped because of that task, not that "a task"
    # failed on it; the run's last message says the same as the report.
    assert _failed(report)["new-sync01"]["message"].startswith(
        "stopped because Derive each pair's phase from the servers' own state failed on old-sync01, a task run once "
        "for every server"
    )
    first, second = _last_message(run)
    assert first.startswith(
        "contoso: FAILED in preflight (a task run once for every server, on old-sync01) - Derive each pair's phase "
        "from the servers' own state: swing_migration cannot start"
    )
    assert second.startswith("contoso: FAILED in preflight on new-sync01 - stopped because Derive each pair's phase")


def test_a_server_that_cannot_be_read_at_the_first_read_heads_its_pairs_report(play, lab, lab_dir) -> None:
    new = lab.state("new-sync01")
    new["faults"] = {"primitive_errors": {"snapshot": "Access is denied"}}
    lab.write("new-sync01", new)
    before = lab.raw()

    run = play("swing_migration.yml")
    assert run.rc != 0
    report = _report(lab_dir)
    assert report["headline"].startswith("contoso: FAILED in preflight on new-sync01 - Read the Entra Connect server: ")
    assert "Access is denied" in report["headline"]
    assert report["phase_at_start"] == "refused" and report["lab"] is True
    states = {s["host"]: s["state_before"] for s in report["servers"]}
    assert states == {"old-sync01": "ACTIVE (exporting)", "new-sync01": "not read"}
    assert any("no reading of new-sync01" in d for d in report["decisions"]), report["decisions"]
    assert {name: content for name, content in lab.raw().items() if name in before} == before


def test_a_preflight_check_that_fails_still_reports_the_plan_the_run_would_have_had(play, lab_dir) -> None:
    run = play("swing_migration.yml", "-e", "cutover_timeout=abc")
    assert run.rc != 0
    report = _report(lab_dir)
    # The pair could be planned; a check of the cutover role stopped the run before any change.
    assert report["phase_at_start"] == "prepare"
    assert report["headline"].startswith("contoso: FAILED in preflight on "), report["headline"]
    assert "cutover_timeout" in report["headline"]


def test_a_target_failing_in_prepare_heads_the_report_not_the_plan_that_missed_it(play, lab, lab_dir) -> None:
    new = lab.state("new-sync01")
    new["faults"] = {"primitive_errors": {"tls12_write": "Access is denied"}}
    lab.write("new-sync01", new)

    run = play("swing_migration.yml")
    assert run.rc != 0
    report = _report(lab_dir)
    assert report["headline"] == (
        "contoso: FAILED in prepare on new-sync01 - Enable TLS 1.2 for .NET and SChannel: The tls12_write script "
        "failed on NEW-SYNC01: Access is denied"
    )
    # old-sync01 stopped after it, when the phase was derived again without new-sync01 (failed earlier): its pair
    # could not go on, and it says so, in the plan derived again, not as a failure of its own.
    old = _failed(report)["old-sync01"]
    assert (old["phase"], old["cause"]) == ("plan", "partner")
    assert old["message"] == "stopped because new-sync01 of its pair failed earlier in this run"
    # The run's last message says the same, the real failure first.
    assert [line.split(" - ")[0] for line in _last_message(run)] == [
        "contoso: FAILED in prepare on new-sync01",
        "contoso: FAILED in plan on old-sync01",
    ]


def test_a_target_lost_mid_run_is_named_unreachable_not_blamed_on_its_partner(play, lab, lab_dir) -> None:
    # Count new-sync01's round trips in a whole run (a fault beyond reach fires never), then lose the connection at
    # its restart after TLS 1.2, when a write cannot be retried: Ansible drops new-sync01 as unreachable.
    counted = lab.state("new-sync01")
    counted["faults"] = {"fail_call": {"at": 100000, "how": "unreachable"}}
    lab.write("new-sync01", counted)
    fresh = {name: (lab_dir / name).read_bytes() for name in ("old-sync01.json", "contoso.tenant.json")}
    assert play("swing_migration.yml").rc == 0
    at = lab.state("new-sync01")["faults"]["calls"].index("reboot") + 1
    for name, content in fresh.items():
        (lab_dir / name).write_bytes(content)
    shutil.rmtree(lab_dir / "reports")
    lost = json.loads((ROOT / "lab" / "seeds" / "new-sync01.json").read_text())
    lost["faults"] = {"fail_call": {"at": at, "how": "unreachable"}}
    lab.write("new-sync01", lost)

    run = play("swing_migration.yml")
    assert run.rc != 0 and run.stats("new-sync01")["unreachable"] == 1
    report = _report(lab_dir)
    # Not "FAILED in preflight on old-sync01 - ... no reading of new-sync01 (unreachable, ...)".
    assert report["headline"].startswith("contoso: FAILED on new-sync01 - unreachable: it did not reach the end")
    old = _failed(report)["old-sync01"]
    assert (old["cause"], old["message"]) == (
        "partner",
        "stopped because new-sync01 of its pair failed earlier in this run",
    )


RUN_ONCE_PLAYBOOK = """
- name: A decision taken once for every server fails after the preflight
  hosts: entra_connect_source:entra_connect_target
  gather_facts: false
  tasks:
    - name: Preflight, then a decision taken once for every server
      block:
        - name: Preflight
          ansible.builtin.import_role:
            name: hybrid_identity.entra_connect.preflight
          vars:
            preflight_runbook: swing_migration
        # Included, as the preflight includes its plan: then Ansible sends every server to the rescue.
        - name: Decide
          ansible.builtin.include_tasks:
            file: decide.yml
            apply:
              tags: [cutover]
          tags: [cutover]
      rescue:
        - name: Record the failure for the report
          ansible.builtin.import_role:
            name: hybrid_identity.entra_connect.migration_report
            tasks_from: failure
      always:
        - name: Read the servers as the run leaves them
          ansible.builtin.import_role:
            name: hybrid_identity.entra_connect.migration_report
            tasks_from: finish

- name: Report
  ansible.builtin.import_playbook: %s
"""
DECIDE = """
- name: Decide once for every server
  ansible.builtin.fail:
    msg: the pair cannot go on
  run_once: true
"""


def test_a_server_stopped_by_a_task_run_once_on_its_partner_never_heads_the_report(play, lab_dir, tmp_path) -> None:
    playbook = tmp_path / "run_once.yml"
    playbook.write_text(RUN_ONCE_PLAYBOOK % (ROOT / "playbooks" / "report.yml"))
    (tmp_path / "decide.yml").write_text(DECIDE)

    run = play(str(playbook))
    assert run.rc != 0
    report = _report(lab_dir)
    # Ansible failed new-sync01 too, without a task or a result of its own: it does not stand for the failure.
    assert report["headline"] == (
        "contoso: FAILED in cutover (a task run once for every server, on old-sync01) - Decide once for every "
        "server: the pair cannot go on"
    )
    stopped = _failed(report)["new-sync01"]
    assert (stopped["phase"], stopped["cause"]) == ("cutover", "partner")
    assert stopped["message"] == (
        "stopped because Decide once for every server failed on old-sync01, a task run once for every server: "
        "the pair cannot go on"
    )


def test_a_failed_verification_is_reported_in_verify_on_the_new_server(play, lab, lab_dir, monkeypatch) -> None:
    migrated = play("swing_migration.yml")
    assert migrated.rc == 0, migrated.stderr
    new = lab.state("new-sync01")
    new["entra_connect"]["scheduler"]["SyncCycleEnabled"] = False
    lab.write("new-sync01", new)
    # verify.yml is imported with the tags verify and decommission, which Ansible lists in an order that depends on
    # the hash seed; under this one decommission comes first, as in the run where a verification was reported as
    # the decommission.
    monkeypatch.setenv("PYTHONHASHSEED", "0")

    run = play(
        "swing_migration.yml", "-e", "entra_connect_decommission=true", "-e", "entra_connect_decommission_override=true"
    )
    assert run.rc != 0
    report = _report(lab_dir)
    failed = _failed(report)
    assert failed["new-sync01"]["phase"] == "verify"
    assert report["headline"].startswith(
        "contoso: FAILED in verify on new-sync01 - Judge run results, scheduler and exports: new-sync01: 1 gate(s) "
        "did not pass"
    )
    # The old server's decommission refused for want of that verification: reported, but after it.
    assert failed["old-sync01"]["phase"] == "decommission"
    assert _last_message(run)[1].startswith("contoso: FAILED in decommission on old-sync01 - Require the verification")


def test_a_run_with_tags_still_records_and_reports_its_failure(play, lab, lab_dir) -> None:
    new = lab.state("new-sync01")
    new["faults"] = {"primitive_errors": {"tls12_write": "Access is denied"}}
    lab.write("new-sync01", new)

    run = play("swing_migration.yml", "--tags", "export,prepare")
    assert run.rc != 0
    report = _report(lab_dir)
    assert report["headline"] == (
        "contoso: FAILED in prepare on new-sync01 - Enable TLS 1.2 for .NET and SChannel: The tls12_write script "
        "failed on NEW-SYNC01: Access is denied"
    )
    assert report["run"]["tags"] == ["export", "prepare"]


def test_each_run_keeps_its_report_and_says_which_run_it_is(play, lab_dir) -> None:
    stopped = play("swing_migration.yml", "-e", "wizard_gate_simulate_in_lab=false")
    assert stopped.rc == 0, stopped.stderr
    resumed = play("swing_migration.yml")
    assert resumed.rc == 0, resumed.stderr
    planned = play("swing_migration.yml", "--check")
    assert planned.rc == 0, planned.stderr

    reports = lab_dir / "reports"
    runs = sorted(p.name for p in reports.glob("contoso-swing_migration-2*.json"))
    assert len(runs) == 2
    first, second = (json.loads((reports / name).read_text()) for name in runs)
    # The first run's report is still there as it was written: the stop at the wizard gate.
    assert first["headline"].startswith("contoso: STOPPED at wizard on new-sync01")
    assert second["headline"].startswith("contoso: swing_migration done - NEW-SYNC01")
    for name, report in zip(runs, (first, second), strict=True):
        assert name == f"contoso-swing_migration-{report['run']['id']}.json"
        assert re.fullmatch(r"\d{8}T\d{6}Z(-\d+)?", report["run"]["id"])
        assert report["run"]["tags"] == ["all"] and report["run"]["started"]
        markdown = (reports / name).with_suffix(".md").read_text()
        assert f"Run {report['run']['id']} (tags: all)" in markdown
    assert first["run"]["id"] < second["run"]["id"]
    # The latest run's report under the name the docs give, and the plan of the check run beside it.
    assert _report(lab_dir) == second
    plans = sorted(p.name for p in reports.glob("contoso-swing_migration-plan*.json"))
    plan = _report(lab_dir, "contoso-swing_migration-plan")
    assert plans == ["contoso-swing_migration-plan-" + plan["run"]["id"] + ".json", "contoso-swing_migration-plan.json"]
    where = planned.results("Show where each report is")["localhost"]["msg"][0]
    assert where.startswith(str(reports / f"contoso-swing_migration-plan-{plan['run']['id']}.md - PLAN for contoso"))


def _sentences(run) -> list[str]:
    """Every message and decision of every task result of a run."""
    found = []
    for play in run.output["plays"]:
        for task in play["tasks"]:
            for result in task["hosts"].values():
                found += [m for m in [result.get("msg")] if isinstance(m, str)] + list(result.get("decisions") or [])
    return found


def test_a_real_run_never_says_what_it_would_do(play, lab_dir) -> None:
    # The export as a play may give it, naming a file that is not on the controller.
    export = json.dumps({"target_preparation_export": {"path": str(lab_dir / "missing" / "settings.json")}})
    real = play("swing_migration.yml", "--tags", "export,prepare", "-e", export)
    assert real.rc == 0, real.stderr
    said = [sentence for sentence in _sentences(real) if "the settings file" in sentence.lower()]
    assert said == [
        f"The settings file was not staged: the export of old-sync01 ({lab_dir / 'missing' / 'settings.json'}) is "
        "not a file on the controller."
    ]
    whole = play("swing_migration.yml")
    assert whole.rc == 0, whole.stderr
    for sentence in _sentences(real) + _sentences(whole):
        assert not re.search(r"\bwould (start|stage|copy|take|wait|make|fetch|simulate|uninstall)\b", sentence, re.I)
        assert "(check mode)" not in sentence

    planned = play(
        "swing_migration.yml",
        "--check",
        "-e",
        "entra_connect_decommission=true",
        "-e",
        "entra_connect_decommission_override=true",
    )
    assert planned.rc == 0, planned.stderr
    assert any(s.startswith("Would uninstall Entra Connect") for s in _sentences(planned))


def test_a_server_that_cannot_be_read_at_the_end_fails_the_run_not_done(play, lab, lab_dir) -> None:
    # Count new-sync01's round trips in a whole run; its last one is the read as the run leaves it.
    counted = lab.state("new-sync01")
    counted["faults"] = {"fail_call": {"at": 100000, "how": "error"}}
    lab.write("new-sync01", counted)
    fresh = {name: (lab_dir / name).read_bytes() for name in ("old-sync01.json", "contoso.tenant.json")}
    assert play("swing_migration.yml").rc == 0
    calls = lab.state("new-sync01")["faults"]["calls"]
    assert calls[-1] == "snapshot"
    for name, content in fresh.items():
        (lab_dir / name).write_bytes(content)
    shutil.rmtree(lab_dir / "reports")
    last = json.loads((ROOT / "lab" / "seeds" / "new-sync01.json").read_text())
    last["faults"] = {"fail_call": {"at": len(calls), "how": "error"}}
    lab.write("new-sync01", last)

    run = play("swing_migration.yml")
    # new-sync01 was made active and verified, but nobody saw the end state: not "ended with 0 active server(s)"
    # and exit code 0.
    assert run.rc != 0
    report = _report(lab_dir)
    assert report["headline"].startswith(
        "contoso: FAILED in finish on new-sync01 - Read the server as the run leaves it: "
    ), report["headline"]
    assert "run the playbook again to confirm it" in report["headline"]
    assert lab.state("new-sync01")["entra_connect"]["staging_mode"] is False
    # The next run confirms it.
    assert play("swing_migration.yml").rc == 0
    assert _report(lab_dir)["headline"].startswith("contoso: swing_migration done - NEW-SYNC01")


def test_decommission_waits_for_the_monitoring_period_and_says_until_when(play, lab, lab_dir) -> None:
    # Asked in the run of the cutover: the plan holds it from the preflight on; the migration itself goes ahead.
    run = play("swing_migration.yml", "-e", "entra_connect_decommission=true")
    assert run.rc == 0, run.stderr
    report = _report(lab_dir)
    step = next(s for s in report["plan"] if s["step"] == "decommission")
    assert step["status"] == "held" and step["what"].startswith("held until ")
    assert "monitoring period (168 h)" in step["what"]
    assert lab.state("old-sync01")["entra_connect"] is not None
    assert any(item.startswith("Decommission OLD-SYNC01: held until") for item in report["remaining_for_a_human"])
    # A shorter period that has passed (the activation is a few seconds old) lets it go ahead.
    gone = play(
        "swing_migration.yml",
        "-e",
        "entra_connect_decommission=true",
        "-e",
        "entra_connect_decommission_monitoring_hours=0",
    )
    assert gone.rc == 0, gone.stderr
    assert lab.state("old-sync01")["entra_connect"] is None
