"""The windows molecule scenario, rehearsed: its own plays run against the lab twins through
ENTRA_WINDOWS_INVENTORY, so what it asserts about a real pair is known to pass on a good migration.

Without a pair it must fail, never pass: that is what keeps a missing Windows run from counting.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from conftest import BIN, ROOT

REHEARSAL_INVENTORY = Path(__file__).with_name("windows_rehearsal.yml")


def molecule(lab_dir: Path, work_dir: Path, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ENTRA_WINDOWS_")}
    return subprocess.run(
        [str(BIN / "molecule"), "test", "--scenario-name", "windows", "--no-command-borders"],
        cwd=ROOT,
        env=dict(
            clean,
            PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}",
            ANSIBLE_CONFIG=str(ROOT / "ansible.cfg"),
            ANSIBLE_NOCOLOR="1",
            ENTRA_LAB_DIR=str(lab_dir),
            ENTRA_WINDOWS_WORK_DIR=str(work_dir),
            **env,
        ),
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def test_without_a_pair_the_scenario_fails_and_names_what_is_missing(lab_dir, tmp_path) -> None:
    run = molecule(lab_dir, tmp_path / "work", ENTRA_WINDOWS_SOURCE="sync01.contoso.com")
    output = run.stdout + run.stderr
    assert run.returncode != 0
    assert (
        "The windows scenario needs a real pair: set ENTRA_WINDOWS_TARGET, ENTRA_WINDOWS_USER, "
        "ENTRA_WINDOWS_PASSWORD, ENTRA_WINDOWS_TRANSPORT or ENTRA_WINDOWS_INVENTORY" in " ".join(output.split())
    )


def test_plan_mode_reads_plans_and_leaves_the_pair_as_it_was(lab_dir, lab, tmp_path) -> None:
    before = lab.raw()
    run = molecule(lab_dir, tmp_path / "work", ENTRA_WINDOWS_INVENTORY=str(REHEARSAL_INVENTORY))
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert lab.raw() == before
    plan = json.loads((tmp_path / "work" / "reports" / "windows-swing_migration-plan.json").read_text())
    assert plan["headline"].startswith("PLAN for windows (check mode, nothing changed): phase prepare")


def test_migrate_mode_migrates_the_pair_and_proves_a_second_run_changes_nothing(lab_dir, lab, tmp_path) -> None:
    run = molecule(
        lab_dir, tmp_path / "work", ENTRA_WINDOWS_INVENTORY=str(REHEARSAL_INVENTORY), ENTRA_WINDOWS_MODE="migrate"
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert lab.state("new-sync01")["entra_connect"]["staging_mode"] is False
    assert lab.state("old-sync01")["entra_connect"]["staging_mode"] is True
    after = json.loads((tmp_path / "work" / "after.json").read_text())
    assert (after["pair"], after["source"], after["target"]) == ("windows", "windows-source", "windows-target")
    report = json.loads((tmp_path / "work" / "reports" / "windows-swing_migration.json").read_text())
    assert "swing_migration done - NEW-SYNC01 (2.6.91.0) is the active server" in report["headline"]
