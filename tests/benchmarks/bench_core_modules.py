"""What the core modules cost on the lab: host round trips per task, wall time, peak memory, and for
the settings export the fetch, hash and validation of a large export. Prints figures; asserts nothing.
Run with `make benchmarks`.

The scenario runs twice on fresh twins: once timed, once under tracemalloc for peak memory, because
tracing slows the code it measures several times over.
"""

from __future__ import annotations

import copy
import json
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "unit")]

# A large tenant: this many custom rules in the applied policy the export fetches.
LARGE_RULE_COUNT = 40_000
APPLIED = "C:\\ProgramData\\AADConnect\\Applied-SynchronizationPolicy-20260602-142107.json"


def large_state(state: dict[str, Any]) -> dict[str, Any]:
    large = copy.deepcopy(state)
    policy = large["files"][APPLIED]["content"]
    rule = policy["onpremisesDirectoryPolicy"][0]["customSynchronizationRules"][0]
    policy["onpremisesDirectoryPolicy"][0]["customSynchronizationRules"] = [
        dict(
            rule,
            name=f"In from AD - Custom {index:05d}",
            precedence=index % 100,
            scopeFilters=[{"attribute": "department", "condition": "EQUAL", "value": f"D{index}"}],
        )
        for index in range(LARGE_RULE_COUNT)
    ]
    return large


def scenario(old: dict[str, Any], trace: bool) -> list[tuple[str, float, float, dict[str, Any]]]:
    from ansible_collections.hybrid_identity.entra_connect.plugins.action import (
        entra_export_settings,
        entra_scheduler,
        entra_staging_mode,
        entra_sync_cycle,
        entra_tls12,
    )
    from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action import base as action_base
    from hosts import TwinHost, run_module

    rows = []

    def task(label: str, host: TwinHost, module: Any, args: dict[str, Any]) -> None:
        action_base.host_for = lambda action, task_vars: host
        if trace:
            tracemalloc.start()
        start = time.perf_counter()
        result = run_module(module, args, host)
        elapsed = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1] if trace else 0.0
        tracemalloc.stop()
        rows.append((label, elapsed, peak, result))

    host = TwinHost(old)
    task("entra_tls12, values wrong", host, entra_tls12, {})
    task("entra_tls12, compliant (restart pending)", host, entra_tls12, {})
    task("entra_tls12, reboot", host, entra_tls12, {"reboot": True})
    task("entra_scheduler, read only", host, entra_scheduler, {})
    task("entra_scheduler, set interval", host, entra_scheduler, {"customized_sync_cycle_interval": "01:00:00"})
    task("entra_staging_mode, query", host, entra_staging_mode, {"state": "query"})
    task("entra_sync_cycle, Delta, 2 connectors", host, entra_sync_cycle, {})
    task("entra_sync_cycle, Initial, 2 connectors", host, entra_sync_cycle, {"policy_type": "Initial"})
    big = TwinHost(large_state(old))
    size = len(big.twin.files.data(APPLIED)) / 2**20
    with tempfile.TemporaryDirectory() as dest:
        task(f"entra_export_settings, {size:.1f} MiB export, first", big, entra_export_settings, {"dest": dest})
        task(f"entra_export_settings, {size:.1f} MiB export, unchanged", big, entra_export_settings, {"dest": dest})
    return rows


def main() -> None:
    # conftest makes the collection importable; the collection's modules can only be imported after it.
    from conftest import SEEDS

    old = json.loads((SEEDS / "old-sync01.json").read_text())
    old.pop("tenant_log")
    timed = scenario(old, trace=False)
    traced = scenario(old, trace=True)
    print("One task per line, on the lab twin: no connection cost; a Windows host adds one WinRM call per round trip.")
    print(f"{'task':<52} {'wall':>9} {'round trips':>12} {'changed':>8} {'peak':>10}")
    for (label, elapsed, _peak, result), (_label, _elapsed, peak, _result) in zip(timed, traced, strict=True):
        trips, changed = result["host_round_trips"], result["changed"]
        print(f"{label:<52} {elapsed * 1e3:6.1f} ms {trips:>12} {changed!s:>8} {peak / 2**20:6.1f} MiB")
    cycle = next(result for label, _e, _p, result in timed if label.startswith("entra_sync_cycle, Delta"))
    print(
        f"Delta cycle: {len(cycle['runs'])} runs, {cycle['host_round_trips'] - 3} polls "
        "(status read, start and results make the other 3 round trips)"
    )


if __name__ == "__main__":
    main()
