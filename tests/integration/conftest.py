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
    def _play(playbook: str, *args: str) -> PlayRun:
        proc = subprocess.run(
            [str(BIN / "ansible-playbook"), "-i", str(INVENTORY), str(ROOT / "playbooks" / playbook), *args],
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
