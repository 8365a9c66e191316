"""Run the collection's playbooks against a private copy of the lab, as `make demo` does."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(os.environ.get("VIRTUAL_ENV", ROOT / ".venv")) / "bin"
INVENTORY = ROOT / "inventories" / "lab"


@dataclass
class PlayRun:
    rc: int
    output: dict[str, Any]
    stderr: str

    def results(self, task_name: str) -> dict[str, dict[str, Any]]:
        """Host -> result of the task whose name ends with task_name (the last such task)."""
        found: dict[str, dict[str, Any]] = {}
        for play in self.output["plays"]:
            for task in play["tasks"]:
                if task["task"]["name"].endswith(task_name):
                    found = task["hosts"]
        return found

    def stats(self, host: str) -> dict[str, int]:
        return self.output["stats"][host]


@pytest.fixture
def lab_dir(tmp_path: Path) -> Path:
    """Fresh copies of the seed states."""
    directory = tmp_path / "lab"
    shutil.copytree(ROOT / "lab" / "seeds", directory)
    return directory


def ansible_env(lab_dir: Path, callback: str = "ansible.posix.json") -> dict[str, str]:
    return dict(
        os.environ,
        ANSIBLE_CONFIG=str(ROOT / "ansible.cfg"),
        ENTRA_LAB_DIR=str(lab_dir),
        ANSIBLE_STDOUT_CALLBACK=callback,
        ANSIBLE_LOAD_CALLBACK_PLUGINS="1",
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_FORCE_COLOR="0",
    )


@pytest.fixture
def play(lab_dir: Path):
    def _play(playbook: str, *args: str, inventory: Path = INVENTORY) -> PlayRun:
        proc = subprocess.run(
            [str(BIN / "ansible-playbook"), "-i", str(inventory), str(ROOT / "playbooks" / playbook), *args],
            cwd=ROOT,
            env=ansible_env(lab_dir),
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        try:
            output = json.loads(proc.stdout)
        except json.JSONDecodeError:
            pytest.fail(f"ansible-playbook printed no JSON (rc={proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
        return PlayRun(proc.returncode, output, proc.stderr)

    return _play


@dataclass
class ModuleRun:
    rc: int
    result: dict[str, Any]
    stdout: str
    stderr: str


@pytest.fixture
def module(lab_dir: Path):
    """Run one of the collection's modules on one lab host with `ansible`, as an administrator would."""

    def _module(host: str, name: str, args: dict[str, Any] | None = None, *options: str) -> ModuleRun:
        command = [str(BIN / "ansible"), "-i", str(INVENTORY), host, "-m", f"hybrid_identity.entra_connect.{name}"]
        # An empty JSON object would be taken as raw parameters.
        command += (["-a", json.dumps(args)] if args else []) + list(options)
        proc = subprocess.run(
            command, cwd=ROOT, env=ansible_env(lab_dir), capture_output=True, text=True, check=False, timeout=300
        )
        # With -v and more, Ansible's own lines come before the callback's JSON document.
        start = 0 if proc.stdout.startswith("{") else proc.stdout.find("\n{") + 1
        try:
            output = json.loads(proc.stdout[start:])
        except json.JSONDecodeError:
            pytest.fail(f"ansible printed no JSON (rc={proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
        return ModuleRun(proc.returncode, output["plays"][0]["tasks"][0]["hosts"][host], proc.stdout, proc.stderr)

    return _module


class LabFiles:
    """The state files of a lab directory, read as a test would check them."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def raw(self) -> dict[str, bytes]:
        return {path.name: path.read_bytes() for path in sorted(self.directory.glob("*.json"))}

    def state(self, host: str) -> dict[str, Any]:
        return json.loads((self.directory / f"{host}.json").read_text())

    def write(self, host: str, state: dict[str, Any]) -> None:
        (self.directory / f"{host}.json").write_text(json.dumps(state, indent=2, sort_keys=True) + "\n")

    def tenant_events(self) -> list[dict[str, Any]]:
        return json.loads((self.directory / "contoso.tenant.json").read_text())["events"]


@pytest.fixture
def lab(lab_dir: Path) -> LabFiles:
    return LabFiles(lab_dir)
