"""The AWX / Automation Controller configuration (awx/, docs/awx.md) run as far as it can be without a controller:
the configuration playbook's syntax and lint, and the workflow's job templates run on the lab in the workflow's
order, each with its template's extra_vars and survey defaults and the artifacts (set_stats) of the jobs before it,
as AWX hands them on; and a stop at a gate, which fails a job only when asked."""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import BIN, INVENTORY, ROOT, ansible_env

AWX = ROOT / "awx"


def _vars(name: str) -> dict[str, Any]:
    return yaml.safe_load((AWX / "vars" / name).read_text(encoding="utf-8"))


def run(lab_dir: Path, playbook: str, extra_vars: dict[str, Any], *args: str) -> tuple[int, dict[str, Any]]:
    """Run a playbook on the lab with these extra variables; the return code and the JSON callback's output.

    Each job runs as AWX runs it: in a fresh container, so with an Ansible home of its own, and with the
    sealing key directory that the credential of awx/configure.yml injects, on storage every job shares."""
    env = dict(
        ansible_env(lab_dir),
        ANSIBLE_SHOW_CUSTOM_STATS="1",
        ANSIBLE_HOME=tempfile.mkdtemp(prefix="job-home-", dir=lab_dir.parent),
        ENTRA_CONNECT_KEY_DIR=str(lab_dir.parent / "shared-keys"),
    )
    proc = subprocess.run(
        [
            str(BIN / "ansible-playbook"),
            "-i",
            str(INVENTORY),
            str(ROOT / playbook),
            "-e",
            json.dumps(extra_vars),
            *args,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    try:
        output = json.loads(proc.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"ansible-playbook printed no JSON (rc={proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc.returncode, output


def last_message(output: dict[str, Any]) -> Any:
    task = output["plays"][-1]["tasks"][-1]
    return task["hosts"]["localhost"].get("msg")


@pytest.mark.parametrize("playbook", ["awx/configure.yml", "awx/notify.yml"])
def test_the_awx_playbooks_pass_the_syntax_check(playbook: str) -> None:
    proc = subprocess.run(
        [str(BIN / "ansible-playbook"), "--syntax-check", playbook],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr


def job_vars(job_template: dict[str, Any], *layers: dict[str, Any]) -> dict[str, Any]:
    """A job's extra variables as AWX composes them: the template's extra_vars, its survey defaults, then what the
    workflow hands on (its own variables, then the artifacts of the jobs before)."""
    configure = yaml.safe_load((AWX / "configure.yml").read_text(encoding="utf-8"))[0]
    composed = dict(configure["vars"]["awx_job_extra_vars"], **job_template.get("extra_vars", {}))
    for item in job_template.get("survey", {}).get("spec", []):
        if "default" in item:
            composed[item["variable"]] = item["default"]
    for layer in layers:
        composed.update(layer)
    return composed


def test_the_workflow_runs_the_swing_migration_on_the_lab(lab_dir: Path) -> None:
    templates = {jt["name"]: jt for jt in _vars("job_templates.yml")["awx_job_templates"]}
    nodes = {node["identifier"]: node for node in _vars("workflow.yml")["awx_workflow"]["nodes"]}
    # The workflow survey's answers: the lab's directory as the shared working directory.
    workflow_vars = {"entra_connect_work_dir": str(lab_dir)}
    artifacts: dict[str, Any] = {}
    outcomes: dict[str, dict[str, Any]] = {}
    current: str | None = "preflight"
    while current:
        node = nodes[current]
        if "job_template" in node:
            template = templates[node["job_template"]]
            tags = ["--tags", template["job_tags"]] if "job_tags" in template else []
            rc, output = run(lab_dir, template["playbook"], job_vars(template, workflow_vars, artifacts), *tags)
            assert rc == 0, (current, last_message(output))
            stats = output["global_custom_stats"]
            artifacts.update(stats)
            outcomes[current] = stats["entra_connect_run"]
            if current == "cutover_evidence":
                evidence_stats = json.dumps(stats)
                evidence_report = Path(stats["entra_connect_pairs"]["contoso"]["report"]["markdown_path"])
        # Success all the way, a person approving at each approval node.
        current = (node.get("success") or [None])[0]
    assert list(outcomes) == [
        "preflight",
        "export_prepare",
        "verify_staging",
        "cutover_evidence",
        "cutover",
        "verify",
        "decommission",
    ]
    # The evidence job stops at the approval, which is its success, with the evidence in its artifacts.
    assert outcomes["cutover_evidence"]["outcome"] == "stopped"
    assert outcomes["cutover_evidence"]["stopped_at"] == ["cutover"]
    assert outcomes["export_prepare"]["stopped_at"] == ["wizard"]
    assert outcomes["verify_staging"]["outcome"] == "done"
    # The approval token of that stop is in the report file, never in the artifacts (every later job's variables).
    tokens = re.findall(
        r"entra_connect_approve_cutover=(contoso:[0-9a-f]+:[0-9TZ]+:[0-9a-f]+)", evidence_report.read_text()
    )
    assert tokens
    token = tokens[0]
    assert token not in evidence_stats
    assert "entra_connect_approve_cutover=********" in evidence_stats
    # The cutover job approves "last" (its survey's default) and cuts over.
    assert outcomes["cutover"]["outcome"] == "done"
    assert "NEW-SYNC01 (2.6.91.0) is the active server" in outcomes["cutover"]["headlines"][0]
    pair = artifacts["entra_connect_pairs"]["contoso"]
    assert pair["report"]["markdown"].startswith("# swing_migration report: pair contoso")
    assert Path(pair["report"]["markdown_path"]).parent == lab_dir / "reports"


def test_a_stop_at_the_wizard_ends_a_cli_run_successfully_and_fails_an_awx_job(lab_dir: Path) -> None:
    stop = {"wizard_gate_simulate_in_lab": False}
    rc, output = run(lab_dir, "playbooks/swing_migration.yml", stop)
    assert rc == 0, last_message(output)
    stats = output["global_custom_stats"]
    assert stats["entra_connect_run"]["outcome"] == "stopped"
    assert stats["entra_connect_pairs"]["contoso"]["stopped_at"] == "wizard"
    assert stats["entra_connect_pairs"]["contoso"]["phase"] == "wizard"
    assert stats["entra_connect_pairs"]["contoso"]["headline"].startswith("contoso: STOPPED at wizard on new-sync01")

    # The same stop in an AWX job (entra_connect_stop_fails) fails it, after the report, with the headline - also in
    # a job that exists to reach another gate (entra_connect_stop_expected).
    awx_job = dict(stop, entra_connect_stop_fails=True, entra_connect_stop_expected=["cutover"])
    rc, output = run(lab_dir, "playbooks/swing_migration.yml", awx_job)
    assert rc == 2
    message = last_message(output)
    assert message[0].startswith("STOPPED at a gate")
    assert message[1].startswith("contoso: STOPPED at wizard on new-sync01")
    assert output["global_custom_stats"]["entra_connect_run"]["outcome"] == "stopped"

    # At the gate the job exists to reach, the stop is its success.
    rc, output = run(lab_dir, "playbooks/swing_migration.yml", dict(awx_job, entra_connect_stop_expected=["wizard"]))
    assert rc == 0, last_message(output)
    stopped = output["global_custom_stats"]

    # The failure branch shows what the stopped job recorded, and fails the workflow with it.
    rc, output = run(lab_dir, "awx/notify.yml", stopped)
    assert rc == 2
    assert "stopped - contoso: STOPPED at wizard on new-sync01" in last_message(output)
