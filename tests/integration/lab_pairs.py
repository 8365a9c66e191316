"""Many independent lab pairs in one lab directory, for the fault matrix (test_fault_matrix.py) and the
many-pairs benchmark (tests/benchmarks/bench_many_pairs.py).

A pair is a copy of a seed pair under new names: its own computer names (``OLD-M07``, ``NEW-M07``), its
own inventory names (``old-m07``, ``new-m07``) and its own tenant (``m07.onmicrosoft.com``, with its AD
domain ``m07.com`` and its tenant log ``m07.tenant.json``), because a run refuses two pairs that sync one
tenant and two inventory names of one computer. The names are replaced in the JSON text of every state
and of the tenant log, so the files' contents and the tenant log's server names follow. A pair name with a
hyphen (``m-07``) cannot occur inside a file kept as base64, so a pair copied from a lab a run left (whose
staged installer is base64) can be copied again safely.
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(os.environ.get("VIRTUAL_ENV", ROOT / ".venv")) / "bin"
SEEDS = ROOT / "lab" / "seeds"
INSTALLER = ROOT / "lab" / "installer" / "AzureADConnect.msi"

SOURCE, TARGET, SERVERS = "entra_connect_source", "entra_connect_target", "entra_connect_servers"


@dataclass
class Template:
    """A pair to copy: its states by seed host, its tenant log, the tenant word its names use, and for
    each seed host its inventory group and the prefix of its copies' names."""

    states: dict[str, dict[str, Any]]
    tenant: dict[str, Any]
    word: str
    roles: dict[str, tuple[str, str]]

    @classmethod
    def from_seeds(cls, word: str, roles: dict[str, tuple[str, str]]) -> Template:
        states = {host: json.loads((SEEDS / f"{host}.json").read_text()) for host in roles}
        tenant = json.loads((SEEDS / f"{word}.tenant.json").read_text())
        return cls(states, tenant, word, roles)

    @classmethod
    def from_lab(cls, lab_dir: Path, pair: LabPair, roles: dict[str, tuple[str, str]]) -> Template:
        """A pair as a run left it, to copy again (its faults cleared); ``roles`` by its inventory names."""
        states = {}
        for host in roles:
            state = json.loads((lab_dir / f"{host}.json").read_text())
            state.pop("faults", None)
            states[host] = state
        tenant = json.loads((lab_dir / pair.tenant_log).read_text())
        return cls(states, tenant, pair.name, roles)


# The swing migration's seed pair, and the HA pair of switch_roles.yml.
SWING_ROLES = {"old-sync01": (SOURCE, "old"), "new-sync01": (TARGET, "new")}
HA_ROLES = {"ha-sync01": (SERVERS, "ha1"), "ha-sync02": (SERVERS, "ha2")}


@dataclass
class LabPair:
    """One pair written into a lab directory."""

    name: str
    tenant_log: str
    groups: dict[str, str] = field(default_factory=dict)  # inventory host -> group
    computers: dict[str, str] = field(default_factory=dict)  # inventory host -> computer name
    seed_of: dict[str, str] = field(default_factory=dict)  # inventory host -> the template host it copies

    def host(self, prefix: str) -> str:
        return f"{prefix}-{self.name}"

    def computer(self, prefix: str) -> str:
        return self.computers[self.host(prefix)]


def _renamer(names: dict[str, str]):
    pattern = re.compile("|".join(re.escape(old) for old in sorted(names, key=len, reverse=True)))
    return lambda text: pattern.sub(lambda match: names[match.group(0)], text)


def write_pair(
    lab_dir: Path, template: Template, name: str, faults: dict[str, dict[str, Any]] | None = None
) -> LabPair:
    """Copy ``template`` into ``lab_dir`` as pair ``name``; ``faults`` by template host are set on the copies."""
    word = template.word
    names = {word: name, word.upper(): name.upper(), word.capitalize(): name.capitalize()}
    pair = LabPair(name=name, tenant_log=f"{name}.tenant.json")
    for seed_host, (group, prefix) in template.roles.items():
        host = f"{prefix}-{name}"
        computer = host.upper()
        names[template.states[seed_host]["computer_name"]] = computer
        names[seed_host] = host
        pair.groups[host], pair.computers[host], pair.seed_of[host] = group, computer, seed_host
    rename = _renamer(names)
    for seed_host, state in template.states.items():
        host = names[seed_host]
        copied = json.loads(rename(json.dumps(state)))
        copied["tenant_log"] = pair.tenant_log
        copied.pop("faults", None)
        if faults and faults.get(seed_host):
            copied["faults"] = copy.deepcopy(faults[seed_host])
        write_json(lab_dir / f"{host}.json", copied)
    write_json(lab_dir / pair.tenant_log, json.loads(rename(json.dumps(template.tenant))))
    return pair


def write_json(path: Path, document: dict[str, Any]) -> None:
    path.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n")


def read_json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text())


def write_inventory(lab_dir: Path, pairs: list[LabPair], path: Path) -> Path:
    """A YAML (here: JSON) inventory of ``pairs``, the lab's variables as inventories/lab sets them."""
    groups: dict[str, dict[str, Any]] = {}
    for pair in pairs:
        for host, group in pair.groups.items():
            groups.setdefault(group, {"hosts": {}})["hosts"][host] = {
                "entra_connect_pair": pair.name,
                "entra_lab_state_file": str(lab_dir / f"{host}.json"),
            }
    groups["all"] = {
        "vars": {
            "ansible_connection": "hybrid_identity.entra_connect.lab",
            "entra_connect_work_dir": str(lab_dir),
            "entra_connect_installer_src": str(INSTALLER),
        }
    }
    path.write_text(json.dumps(groups, indent=2) + "\n")
    return path


@dataclass
class Run:
    rc: int
    output: dict[str, Any]
    stdout: str
    stderr: str
    seconds: float
    reports: list[Path]  # the report files this run wrote (new names under reports/)

    def round_trips(self) -> dict[str, int]:
        """Host -> the host round trips its tasks reported."""
        trips: dict[str, int] = {}
        for play in self.output.get("plays", []):
            for task in play["tasks"]:
                for host, result in task["hosts"].items():
                    if host != "localhost":
                        trips[host] = trips.get(host, 0) + int(result.get("host_round_trips", 0) or 0)
        return trips


def run_playbook(lab_dir: Path, inventory: Path, playbook: str, *args: str, forks: int = 10, timeout: int = 300) -> Run:
    """ansible-playbook on the lab directory, with the JSON callback; the reports it wrote are the new ones."""
    reports = lab_dir / "reports"
    before = set(reports.iterdir()) if reports.exists() else set()
    env = dict(
        os.environ,
        ANSIBLE_CONFIG=str(ROOT / "ansible.cfg"),
        ENTRA_LAB_DIR=str(lab_dir),
        ANSIBLE_STDOUT_CALLBACK="ansible.posix.json",
        ANSIBLE_LOAD_CALLBACK_PLUGINS="1",
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_FORCE_COLOR="0",
    )
    command = [str(BIN / "ansible-playbook"), "-i", str(inventory), "-f", str(forks)]
    command += [str(ROOT / "playbooks" / playbook), *args]
    start = time.perf_counter()
    proc = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=timeout)
    seconds = time.perf_counter() - start
    try:
        output = json.loads(proc.stdout)
    except json.JSONDecodeError:
        output = {}
    after = set(reports.iterdir()) if reports.exists() else set()
    return Run(proc.returncode, output, proc.stdout, proc.stderr, seconds, sorted(after - before))


def tenant_log(lab_dir: Path, pair: LabPair) -> dict[str, Any]:
    return read_json(lab_dir / pair.tenant_log)


def two_active_events(log: dict[str, Any]) -> list[dict[str, Any]]:
    """The events of a tenant log after which two servers or more were active (exporting)."""
    return [event for event in log["events"] if len(event["active_servers"]) > 1]
