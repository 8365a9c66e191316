"""What a preflight costs: the snapshot primitive on the lab, its validation, the verdict, and
preflight.yml. Prints figures; asserts nothing. Run with `make benchmarks`."""

from __future__ import annotations

import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

ROUNDS = 300


def per_call(label: str, rounds: int, func) -> None:
    func()  # warm caches (schemas, scripts)
    start = time.perf_counter()
    for _round in range(rounds):
        func()
    elapsed = time.perf_counter() - start
    # Memory in a separate pass: tracing slows the calls it measures.
    tracemalloc.start()
    func()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rate = rounds / elapsed
    print(f"{label:<40} {elapsed / rounds * 1e3:7.3f} ms/call {rate:8.0f} calls/s  peak {peak / 1024:5.0f} KiB")


def main() -> None:
    # conftest makes the collection importable; the collection's modules can only be imported after it.
    from conftest import SEEDS  # noqa: I001  (must come first)
    from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._contract.validate import (
        validate_answer,
    )
    from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.facts import snapshot_facts
    from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._lab.store import FileTwinStore
    from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.primitives import (
        snapshot_parameters,
    )
    from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.support_rules import judge

    seed = str(SEEDS / "old-sync01.json")
    params = snapshot_parameters()
    answer = FileTwinStore(seed).transact(lambda twin: twin.call("snapshot", params))
    print(f"snapshot answer of old-sync01: {len(json.dumps(answer))} bytes of JSON")
    per_call(
        "lab snapshot (load state, answer)",
        ROUNDS,
        lambda: FileTwinStore(seed).transact(lambda twin: twin.call("snapshot", params)),
    )
    per_call("schema validation of one answer", ROUNDS, lambda: validate_answer("snapshot", answer, "bench"))
    today = datetime.date(2026, 11, 21)
    per_call("facts + verdict", ROUNDS, lambda: judge(snapshot_facts(answer), today))

    with tempfile.TemporaryDirectory() as lab:
        for path in SEEDS.glob("*.json"):
            shutil.copy(path, lab)
        env = dict(
            os.environ,
            ANSIBLE_CONFIG=str(ROOT / "ansible.cfg"),
            ENTRA_LAB_DIR=lab,
            ANSIBLE_STDOUT_CALLBACK="ansible.posix.json",
        )
        start = time.perf_counter()
        proc = subprocess.run(
            [
                str(ROOT / ".venv" / "bin" / "ansible-playbook"),
                "-i",
                str(ROOT / "inventories" / "lab"),
                str(ROOT / "playbooks" / "preflight.yml"),
            ],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        elapsed = time.perf_counter() - start
    trips: dict[str, int] = {}
    for play in json.loads(proc.stdout)["plays"]:
        for task in play["tasks"]:
            for host, result in task["hosts"].items():
                trips[host] = trips.get(host, 0) + int(result.get("host_round_trips", 0))
    print(f"preflight.yml on the lab servers: {elapsed:.2f} s wall; host round trips {trips}")


if __name__ == "__main__":
    main()
