"""What the runbooks cost on the lab: wall time, peak memory and host round trips per server for each
playbook run, in the order an administrator would run them. Prints figures; asserts nothing.
Run with `make benchmarks`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"

# Each run starts from the state the previous one left.
RUNS = [
    ("swing_migration.yml --check (plan)", "swing_migration.yml", ["--check"]),
    ("swing_migration.yml (prepare to verify)", "swing_migration.yml", []),
    ("swing_migration.yml again (no change)", "swing_migration.yml", []),
    ("swing_migration.yml, decommission asked", "swing_migration.yml", ["-e", "entra_connect_decommission=true"]),
    ("switch_roles.yml (HA pair)", "switch_roles.yml", ["-e", '{"entra_connect_make_active": ["ha-sync02"]}']),
]

# Runs ansible-playbook and prints the peak resident memory of it and every process it waited for.
MEASURE = (
    "import resource, subprocess, sys\n"
    "proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "sys.stdout.write(proc.stdout)\n"
    "sys.stderr.write(f'{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}\\n')\n"
)


def run(playbook: str, args: list[str], lab: str) -> tuple[float, int, dict]:
    env = dict(
        os.environ,
        ANSIBLE_CONFIG=str(ROOT / "ansible.cfg"),
        ENTRA_LAB_DIR=lab,
        ANSIBLE_STDOUT_CALLBACK="ansible.posix.json",
    )
    command = [
        str(BIN / "ansible-playbook"),
        "-i",
        str(ROOT / "inventories" / "lab"),
        str(ROOT / "playbooks" / playbook),
    ]
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", MEASURE, *command, *args], env=env, capture_output=True, text=True, check=True
    )
    elapsed = time.perf_counter() - start
    return elapsed, int(proc.stderr.strip().splitlines()[-1]), json.loads(proc.stdout)


def per_host(output: dict) -> dict[str, dict[str, int]]:
    figures: dict[str, dict[str, int]] = {}
    for play in output["plays"]:
        for task in play["tasks"]:
            for host, result in task["hosts"].items():
                if host == "localhost":
                    continue
                entry = figures.setdefault(host, {"tasks": 0, "round_trips": 0})
                entry["tasks"] += 1
                entry["round_trips"] += int(result.get("host_round_trips", 0))
    for host, entry in figures.items():
        entry["changed"] = output["stats"][host]["changed"]
    return figures


def main() -> None:
    print(f"{'run':<44} {'wall s':>7} {'peak MiB':>9}  per server: tasks / host round trips / changed")
    with tempfile.TemporaryDirectory() as lab:
        for path in (ROOT / "lab" / "seeds").glob("*.json"):
            shutil.copy(path, lab)
        for label, playbook, args in RUNS:
            elapsed, peak_kib, output = run(playbook, args, lab)
            servers = ", ".join(
                f"{host} {f['tasks']}/{f['round_trips']}/{f['changed']}" for host, f in sorted(per_host(output).items())
            )
            print(f"{label:<44} {elapsed:7.2f} {peak_kib / 1024:9.1f}  {servers}")
    print("A host round trip is one call that reaches the server (a script, a file sent, a restart);")
    print("on Windows each costs a WinRM/PSRP exchange, so these counts, not the lab's wall time, predict a real run.")


if __name__ == "__main__":
    main()
