"""The fault matrix: each runbook interrupted at one host round trip after another, then run again.

A point of the matrix is one round trip of one server of the pair (the Nth call that reaches it: a script,
a restart, a file sent or fetched, the simulated wizard) and a fault: ``error`` (the call fails as a
PowerShell error does), ``unreachable`` (the connection is lost before the call runs) or ``lost`` (the
call runs on the server and the connection is lost before its answer comes back). The lab fault
``fail_call`` (docs/lab.md) does exactly that to that round trip, once. A baseline run of each runbook,
with the fault set beyond reach, counts each server's round trips: the matrix is every round trip of
every server, with each of the three faults.

For every point run, in its own lab directory:

1. the runbook with the fault: the fault fires; after an error the run does not end "done", it exits
   non-zero or says STOPPED, and its report names the server the fault hit; after a lost connection the
   same, unless the collection survived it (a read run again, a write confirmed by a fresh read: the
   point is "absorbed", and the run must then have converged by itself);
2. the runbook again without the fault: it exits 0 and its report says done;
3. the pair is where the runbook leaves it (the right server active, made so by this collection; the
   other one in staging mode), the tenant log never shows two servers active (exporting) at once, across
   both runs, and only the active server exported; each run kept its own report, and the latest report is
   the second run's.

One point is one pair in one ``ansible-playbook`` run, not many pairs in one run: a failure in one pair
stops that pair alone (test_many_pairs.py), but a run's exit code and its lab fault counts would then not
be one point's.

Sampling. The whole matrix does not fit the ``make test`` budget on two cores, so by default each runbook
runs the three faults at each ``staging_write`` round trip (the cutover window) and every k-th of its
other round trips, with k the smallest stride that keeps the runbook within its point budget (SAMPLE
below); a sampled read gets ``error`` (a lost read is run again, which tests little more than the retry),
a sampled write ``unreachable`` and ``lost`` in turn. ``ENTRA_FAULT_MATRIX=all`` runs every point,
``ENTRA_FAULT_MATRIX=N`` samples N of each runbook. Each test prints the matrix size, the points run, how
they were sampled and the outcome, also when pytest captures output.
"""

from __future__ import annotations

import json
import math
import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.primitives import PRIMITIVES
from lab_pairs import (
    HA_ROLES,
    SOURCE,
    SWING_ROLES,
    TARGET,
    LabPair,
    Run,
    Template,
    read_json,
    run_playbook,
    tenant_log,
    write_inventory,
    write_json,
    write_pair,
)

FAULTS = ("error", "unreachable", "lost")
BEYOND_REACH = 1_000_000
# Points run per runbook when sampling: about four and a half minutes for the three on two idle cores, now that a
# cutover gathers its evidence (csexport, health, counts) and each run has more round trips to sample from.
SAMPLE = {"swing_migration": 12, "switch_roles": 8, "rollback": 8}
# ENTRA_FAULT_MATRIX=all runs every point; a number N samples N points of each runbook instead of SAMPLE's.
CHOICE = os.environ.get("ENTRA_FAULT_MATRIX", "").strip().lower()
FULL = CHOICE == "all"
WORKERS = max(2, min(4, os.cpu_count() or 2))
MARKER_KEY = "HKLM:\\SOFTWARE\\hybrid_identity\\entra_connect"
# Rollback makes the old server active again only if it is supported (as extensions/molecule/rollback does).
SUPPORTED_OLD = {
    "os": {
        "build_number": 17763,
        "caption": "Microsoft Windows Server 2019 Standard",
        "installation_type": "Server",
        "version": "10.0.17763",
    },
    "entra_connect": {
        "display_name": "Microsoft Entra Connect Sync",
        "version": "2.6.91.0",
        "server_configuration_version": "2.6.91.0",
    },
}


@dataclass(frozen=True)
class Point:
    server: str  # the template host the fault is set on
    at: int  # its round trip that fails, 1 for the first
    how: str  # one of FAULTS
    what: str  # what that round trip is, from the baseline

    def label(self, prefix: dict[str, str]) -> str:
        return f"{prefix[self.server]} #{self.at} {self.what} {self.how}"


@dataclass
class Runbook:
    playbook: str
    template: Template
    active: str  # the prefix of the server that must end active
    staging: str  # the prefix of the one that must end in staging mode
    args: Callable[[LabPair], list[str]] = lambda pair: []

    @property
    def name(self) -> str:
        return self.playbook.removesuffix(".yml")

    @property
    def prefix(self) -> dict[str, str]:
        return {host: prefix for host, (_role, prefix) in self.template.roles.items()}


@dataclass
class Outcome:
    point: Point
    absorbed: bool = False  # the collection survived the lost connection: the first run converged
    problems: list[str] = field(default_factory=list)
    headline: str = ""  # of the interrupted run
    seconds: float = 0.0


def _faults(runbook: Runbook, fail_call: dict[str, Any] | None = None, server: str | None = None) -> dict:
    return {
        host: {"fail_call": dict(fail_call or {"at": BEYOND_REACH, "how": "error"})}
        for host in runbook.template.roles
        if server is None or host == server
    }


def _run_reports(run: Run, pair: LabPair, runbook: Runbook) -> list[Path]:
    """The report this run wrote for the pair under its own run name (not the 'latest' copy)."""
    return [
        path for path in run.reports if path.suffix == ".json" and path.name.startswith(f"{pair.name}-{runbook.name}-")
    ]


def _failed_tasks(run: Run) -> list[str]:
    return [
        f"{host}: {task['task']['name']}: {result.get('msg')}"
        for play in run.output.get("plays", [])
        for task in play["tasks"]
        for host, result in task["hosts"].items()
        if result.get("failed") or result.get("unreachable")
    ]


def baseline(runbook: Runbook, lab_dir: Path) -> tuple[dict[str, list[str]], LabPair]:
    """Run the runbook with the fault beyond reach: what each server's round trips are, in order."""
    lab_dir.mkdir(parents=True)
    pair = write_pair(lab_dir, runbook.template, "bl-00", _faults(runbook))
    inventory = write_inventory(lab_dir, [pair], lab_dir / "inventory.yml")
    run = run_playbook(lab_dir, inventory, runbook.playbook, *runbook.args(pair))
    assert run.rc == 0, _failed_tasks(run) or run.stderr
    calls = {}
    for host, seed_host in pair.seed_of.items():
        calls[seed_host] = read_json(lab_dir / f"{host}.json")["faults"]["calls"]
    return calls, pair


def every_point(calls: dict[str, list[str]]) -> list[Point]:
    return [
        Point(server, at, how, what)
        for server, trips in calls.items()
        for at, what in enumerate(trips, start=1)
        for how in FAULTS
    ]


def _writes(what: str) -> bool:
    """A round trip that changes the server: a writing primitive, a restart, a file sent, the wizard."""
    spec = PRIMITIVES.get(what)
    return not spec.read_only if spec is not None else what in ("reboot", "put", "wizard")


def sample(calls: dict[str, list[str]], budget: int) -> tuple[list[Point], str]:
    """Every fault at every staging_write (the cutover window), then every k-th other round trip: an error
    on a read (a lost read is run again), a connection lost before or after a write in turn."""
    window = [p for p in every_point(calls) if p.what == "staging_write"]
    rest = [(server, at, what) for server, trips in calls.items() for at, what in enumerate(trips, 1)]
    rest = [slot for slot in rest if slot[2] != "staging_write"]
    room = max(1, budget - len(window))
    stride = max(1, math.ceil(len(rest) / room))
    chosen, writes = [], 0
    for server, at, what in rest[stride // 2 :: stride]:
        how = "error"
        if _writes(what):
            how, writes = ("unreachable", "lost")[writes % 2], writes + 1
        chosen.append(Point(server, at, how, what))
    how = (
        f"every fault at each staging_write ({len(window)}), then one in {stride} of the other "
        f"{len(rest)} round trips ({len(chosen)}): error on a read, unreachable or lost in turn on a write"
    )
    return window + chosen, how


def check_point(runbook: Runbook, point: Point, lab_dir: Path) -> Outcome:
    """Interrupt the runbook at ``point``, run it again without the fault, and judge both runs."""
    started = time.perf_counter()
    outcome = Outcome(point)
    problems = outcome.problems
    lab_dir.mkdir(parents=True)
    fault = {"at": point.at, "how": point.how}
    pair = write_pair(lab_dir, runbook.template, "pt-00", _faults(runbook, fault, point.server))
    inventory = write_inventory(lab_dir, [pair], lab_dir / "inventory.yml")
    host = pair.host(runbook.prefix[point.server])
    args = runbook.args(pair)

    first = run_playbook(lab_dir, inventory, runbook.playbook, *args)
    faults = read_json(lab_dir / f"{host}.json").get("faults") or {}
    fired = faults.get("fail_call", {}).get("fired")
    calls = faults.get("calls", [])
    if fired != point.what:
        problems.append(f"the fault did not fire as in the baseline: fired {fired!r}, round trips {calls}")
    survivable = point.how != "error"
    first_reports = _run_reports(first, pair, runbook)
    kept = {path: path.read_bytes() for path in first_reports}
    if not first_reports:
        problems.append(f"the interrupted run wrote no report (rc={first.rc}): {_failed_tasks(first)}")
    else:
        headline = outcome.headline = read_json(first_reports[0])["headline"]
        done = f": {runbook.name} done - " in headline
        if done and first.rc == 0 and survivable:
            outcome.absorbed = True
        elif done:
            problems.append(f"the interrupted run says done (rc={first.rc}): {headline}")
        elif first.rc == 0 and "STOPPED" not in headline:
            problems.append(f"the interrupted run exits 0 without saying STOPPED: {headline}")
        if not outcome.absorbed and host.lower() not in headline.lower():
            problems.append(f"the interrupted run's headline does not name {host}: {headline}")

    for each in pair.groups:
        state = read_json(lab_dir / f"{each}.json")
        state.pop("faults", None)
        write_json(lab_dir / f"{each}.json", state)
    second = run_playbook(lab_dir, inventory, runbook.playbook, *args)
    if second.rc != 0:
        problems.append(f"the run without the fault failed (rc={second.rc}): {_failed_tasks(second)}")
    second_reports = _run_reports(second, pair, runbook)
    active, staging = pair.host(runbook.active), pair.host(runbook.staging)
    expected = f"{pair.name}: {runbook.name} done - {pair.computers[active]} "
    if len(second_reports) != 1:
        problems.append(f"the run without the fault wrote {len(second_reports)} reports of its own, not 1")
    else:
        final = read_json(second_reports[0])
        if not final["headline"].startswith(expected):
            problems.append(f"the final report does not say done: {final['headline']}")
        latest = lab_dir / "reports" / f"{pair.name}-{runbook.name}.json"
        if read_json(latest) != final:
            problems.append("the latest report is not the last run's")
    for path, content in kept.items():
        if not path.exists() or path.read_bytes() != content:
            problems.append(f"the interrupted run's report {path.name} was not kept")

    log = tenant_log(lab_dir, pair)
    if log["active_servers"] != [pair.computers[active]]:
        problems.append(f"active in the tenant: {log['active_servers']}, not {pair.computers[active]}")
    for event in log["events"]:
        if len(event["active_servers"]) > 1:
            problems.append(f"two servers active at once in the tenant log: {event}")
        if event["event"] == "export" and event["active_servers"] != [event["server"]]:
            problems.append(f"an export by a server that was not the one active server: {event}")
    states = {each: read_json(lab_dir / f"{each}.json")["entra_connect"] for each in (active, staging)}
    if states[active]["staging_mode"] is not False or states[staging]["staging_mode"] is not True:
        problems.append(
            f"staging modes: {active} {states[active]['staging_mode']}, {staging} {states[staging]['staging_mode']}"
        )
    record = read_json(lab_dir / f"{active}.json")["registry"].get(MARKER_KEY, {})
    if "ActivatedAfterStaging" not in record:
        problems.append(f"{active} is active without this collection's activation record")
    outcome.seconds = time.perf_counter() - started
    return outcome


def run_matrix(runbook: Runbook, tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    started = time.perf_counter()
    calls, _reports = baseline(runbook, tmp / "baseline")
    points = every_point(calls)
    if FULL:
        chosen, how = points, "none, ENTRA_FAULT_MATRIX=all"
    else:
        chosen, how = sample(calls, int(CHOICE) if CHOICE.isdigit() else SAMPLE[runbook.name])
    with ThreadPoolExecutor(WORKERS) as pool:
        outcomes = list(pool.map(lambda ip: check_point(runbook, ip[1], tmp / f"point-{ip[0]:03d}"), enumerate(chosen)))
    seconds = time.perf_counter() - started

    failed = [o for o in outcomes if o.problems]
    absorbed = sum(o.absorbed for o in outcomes)
    trips = ", ".join(f"{runbook.prefix[s]} {len(c)}" for s, c in calls.items())
    verdict = "all converged" if not failed else f"{len(failed)} FAILED"
    lines = [
        f"{runbook.name}: {len(points)} points ({trips} round trips, {len(FAULTS)} faults), {len(chosen)} run "
        f"(sampling: {how}), {verdict}; {absorbed} lost connections survived; {seconds:.0f} s, {WORKERS} at a time",
    ]
    if not FULL:
        lines.append("  points run: " + ", ".join(o.point.label(runbook.prefix) for o in outcomes))
    for outcome in failed:
        lines.append(f"  {outcome.point.label(runbook.prefix)}: " + "; ".join(outcome.problems))
    with capsys.disabled():
        print("\n" + "\n".join(lines))
    assert not failed, "\n".join(lines)


def _swing() -> Runbook:
    return Runbook("swing_migration.yml", Template.from_seeds("contoso", SWING_ROLES), active="new", staging="old")


def _switch() -> Runbook:
    return Runbook(
        "switch_roles.yml",
        Template.from_seeds("fabrikam", HA_ROLES),
        active="ha2",
        staging="ha1",
        args=lambda pair: ["-e", json.dumps({"entra_connect_make_active": [pair.host("ha2")]})],
    )


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Template:
    """A pair the swing migration completed, its old server a supported one: where a rollback starts."""
    lab_dir = tmp_path_factory.mktemp("migrated")
    template = Template.from_seeds("contoso", SWING_ROLES)
    old = template.states["old-sync01"]
    old["os"] = SUPPORTED_OLD["os"]
    old["entra_connect"].update(SUPPORTED_OLD["entra_connect"])
    pair = write_pair(lab_dir, template, "mg-00")
    inventory = write_inventory(lab_dir, [pair], lab_dir / "inventory.yml")
    run = run_playbook(lab_dir, inventory, "swing_migration.yml")
    assert run.rc == 0, _failed_tasks(run) or run.stderr
    return Template.from_lab(lab_dir, pair, {"old-mg-00": (SOURCE, "old"), "new-mg-00": (TARGET, "new")})


def test_swing_migration_converges_after_an_interruption_at_any_round_trip(tmp_path, capsys) -> None:
    run_matrix(_swing(), tmp_path, capsys)


def test_switch_roles_converges_after_an_interruption_at_any_round_trip(tmp_path, capsys) -> None:
    run_matrix(_switch(), tmp_path, capsys)


def test_rollback_converges_after_an_interruption_at_any_round_trip(migrated, tmp_path, capsys) -> None:
    run_matrix(Runbook("rollback.yml", migrated, active="old", staging="new"), tmp_path, capsys)
