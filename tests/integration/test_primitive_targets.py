"""The per-primitive targets (tests/integration/targets/primitive_*), rehearsed on the lab twins.

The windows scenario runs them against a real pair (extensions/molecule/windows/primitives.yml); here the same
play runs with the rehearsal inventory, whose pair is the lab twins of the swing seed: one server with Entra
Connect and one without. Every target must pass there, change nothing, and say that the answers came from a lab.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.raw_reads import (
    read_only_primitives,
)
from conftest import BIN, ROOT, ansible_env
from test_windows_scenario import REHEARSAL_INVENTORY

TARGETS = ROOT / "tests" / "integration" / "targets"
PLAY = ROOT / "extensions" / "molecule" / "windows" / "primitives.yml"


def test_there_is_one_target_per_read_only_primitive_and_the_scenario_runs_them_all() -> None:
    targets = sorted(path.name for path in TARGETS.glob("primitive_*"))
    assert targets == [f"primitive_{name}" for name in read_only_primitives()]
    for target in targets:
        assert (TARGETS / target / "tasks" / "main.yml").is_file()
        assert (TARGETS / target / "aliases").read_text().split() == ["windows", "unsupported"]
    loop = yaml.safe_load(PLAY.read_text())[0]["tasks"][0]["loop"]
    assert sorted(loop) == targets
    converge = yaml.safe_load((PLAY.parent / "converge.yml").read_text())[0]["tasks"]
    assert any("primitives.yml" in str(task.get("ansible.builtin.command", {}).get("argv")) for task in converge)


def test_every_target_passes_on_the_lab_twins_and_says_they_are_a_lab(lab_dir: Path, lab) -> None:
    before = lab.raw()
    proc = subprocess.run(
        [str(BIN / "ansible-playbook"), "-i", str(REHEARSAL_INVENTORY), str(PLAY)],
        cwd=ROOT,
        env=ansible_env(lab_dir, callback="ansible.builtin.default"),
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert lab.raw() == before
    for name in read_only_primitives():
        for host in ("windows-source", "windows-target"):
            assert f"{name} of {host}: LAB TWIN, not a real server" in proc.stdout
    assert "Windows server" not in proc.stdout
    # The source has a sync engine, the target none: the engine reads were checked on one, refused on the other.
    assert "failed=0" in proc.stdout and "unreachable=0" in proc.stdout


def test_a_target_fails_when_the_server_breaks_a_promise(lab_dir: Path, lab) -> None:
    # A server that says it booted after it answered breaks what tls12_read promises (_lab/registry.py).
    state = lab.state("old-sync01")
    state["last_boot_time"] = "2030-01-01T00:00:00.0000000Z"
    lab.write("old-sync01", state)
    proc = subprocess.run(
        [str(BIN / "ansible-playbook"), "-i", str(REHEARSAL_INVENTORY), str(PLAY)],
        cwd=ROOT,
        env=ansible_env(lab_dir, callback="ansible.builtin.default"),
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert proc.returncode != 0
    assert "answer.last_boot_utc <= answer.now_utc" in proc.stdout
    assert "windows-source             : ok=" in proc.stdout and "failed=1" in proc.stdout
