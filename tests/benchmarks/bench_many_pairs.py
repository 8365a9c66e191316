"""What a swing migration of many pairs in one run costs on the lab: 20 pairs (each its own tenant, copies
of the seed pair) with forks=10, one swing_migration.yml run. Prints the wall time, the time per pair, the
host round trips, whether every pair converged and whether every tenant log kept one active server at a
time; asserts nothing. Run with `.venv/bin/python tests/benchmarks/bench_many_pairs.py [--pairs N] [--forks F]`.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "integration"))

# The helper lives with the integration tests.
from lab_pairs import (
    SWING_ROLES,
    Template,
    read_json,
    run_playbook,
    tenant_log,
    write_inventory,
    write_pair,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--pairs", type=int, default=20)
    parser.add_argument("--forks", type=int, default=10)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as directory:
        lab_dir = Path(directory)
        template = Template.from_seeds("contoso", SWING_ROLES)
        pairs = [write_pair(lab_dir, template, f"m-{index:02d}") for index in range(options.pairs)]
        inventory = write_inventory(lab_dir, pairs, lab_dir / "inventory.yml")
        run = run_playbook(lab_dir, inventory, "swing_migration.yml", forks=options.forks, timeout=3600)
        peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

        trips = run.round_trips()
        converged = one_active = 0
        for pair in pairs:
            log = tenant_log(lab_dir, pair)
            new = pair.computer("new")
            report = lab_dir / "reports" / f"{pair.name}-swing_migration.json"
            headline = read_json(report)["headline"] if report.exists() else ""
            converged += log["active_servers"] == [new] and headline.startswith(f"{pair.name}: swing_migration done")
            one_active += all(len(event["active_servers"]) <= 1 for event in log["events"])

    old = [trips.get(pair.host("old"), 0) for pair in pairs]
    new = [trips.get(pair.host("new"), 0) for pair in pairs]
    print(f"swing_migration.yml, {options.pairs} pairs, forks={options.forks}, exit code {run.rc}")
    print(f"  wall time         {run.seconds:8.1f} s")
    print(f"  time per pair     {run.seconds / options.pairs:8.2f} s")
    print(f"  peak memory       {peak_mib:8.1f} MiB (the largest process)")
    per_pair = f"per pair: old {sum(old) / len(pairs):.0f}, new {sum(new) / len(pairs):.0f}"
    print(f"  host round trips  {sum(old) + sum(new):8d} ({per_pair})")
    print(f"  converged         {converged:8d} of {options.pairs} (new server active, report done)")
    print(f"  one active server {one_active:8d} of {options.pairs} tenant logs (no event with two active servers)")
    print("The controller's task loop, not the twins, takes the time: compare the single pair of bench_runbooks.py.")


if __name__ == "__main__":
    main()
