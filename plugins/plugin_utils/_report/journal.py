# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A phase of the journal, from what the roles recorded: the phase, the server, and the registered results
of its tasks. The modules said what they decided and on what evidence; this only gathers it.

A failure is recorded by the report role's rescue (``failure``) with the failed task as Ansible describes it;
the phase, the message and why the server failed (``cause``) are decided here, from that task itself.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import re
from typing import Any

from .._common.dates import parse_utc

# The phases in the order the playbooks run them (swing_migration.yml; rollback.yml and switch_roles.yml run
# preflight, cutover, plan and verify in the same order). "plan" is the phase derived again after the wizard
# or the cutover (the preflight role's plan entry point).
PHASE_ORDER = (
    "preflight",
    "export",
    "prepare",
    "wizard",
    "plan",
    "verify_staging",
    "cutover",
    "verify",
    "decommission",
    # The read of each server as the run leaves it (migration_report's finish).
    "finish",
)

# A role runs a step only when the plan lists it, and the step is the phase: the condition of the role's block
# ("'verify' in preflight_steps_now") names the phase of every task in it. Ansible hands the failed task on with
# the conditions of the blocks around it, outermost first.
_STEP_GUARD = re.compile(r"""['"](?P<step>\w+)['"]\s+in\s+preflight_steps_now\b""")

# Why a server failed (an entry's ``cause``), in the order a headline prefers them: a task of the server itself,
# the server dropping out of the run, a task run once for every server (a decision about the pair, such as
# the plan), and a server stopped only because such a task failed on another server.
TASK = "task"
UNREACHABLE = "unreachable"
RUN_ONCE = "run_once"
PARTNER = "partner"
CAUSES = (TASK, UNREACHABLE, RUN_ONCE, PARTNER)


def failed_phase(task: dict[str, Any], planned: bool) -> str:
    """The phase of a failed task: the step its block runs for, else its earliest phase tag, else the preflight
    (``plan`` once the run had its plan: the phase derived again)."""
    steps: list[str] = [
        str(match["step"])
        for condition in task.get("when") or []
        if isinstance(condition, str)
        for match in _STEP_GUARD.finditer(condition)
    ]
    if steps:
        # The role's own block comes first; a task may add a condition on another step of its own.
        return steps[0]
    # A task outside its role's block carries the tags of the import; an import that a later phase also needs
    # (verify, tagged verify and decommission) carries both, and the task belongs to the earlier one.
    tags: list[str] = [str(tag) for tag in task.get("tags") or [] if tag in PHASE_ORDER]
    if tags:
        return min(tags, key=PHASE_ORDER.index)
    return "plan" if planned else "preflight"


def _failure(record: dict[str, Any]) -> dict[str, Any]:
    """Phase, cause, task and message of a failure the rescue recorded (``record['failure']``)."""
    failure = record["failure"]
    task = failure.get("task") or {}
    name = str(task.get("name") or "a task")
    msg = str(failure.get("msg") or "failed")
    ran_on = failure.get("ran_on") or record["host"]
    phase = record.get("phase") or failed_phase(task, bool(failure.get("planned")))
    if failure.get("unreachable"):
        return {"phase": record.get("phase") or "", "cause": UNREACHABLE, "message": msg}
    stopped_by = [str(host) for host in failure.get("stopped_by") or []]
    if stopped_by:
        # A server whose pair could not go on because a server of it failed earlier in the run did no work here.
        return {
            "phase": phase,
            "cause": PARTNER,
            "task": name,
            "message": f"stopped because {', '.join(stopped_by)} of its pair failed earlier in this run",
        }
    if ran_on != record["host"]:
        # Ansible fails every server of the play when a run_once task fails, and only the server it ran on
        # has the task and its result.
        return {
            "phase": phase,
            "cause": PARTNER,
            "task": name,
            "message": f"stopped because {name} failed on {ran_on}, a task run once for every server: {msg}",
        }
    return {
        "phase": phase,
        "cause": RUN_ONCE if task.get("run_once") else TASK,
        "task": name,
        "message": f"{name}: {msg}",
    }


def _ran(results: list[Any]) -> list[dict[str, Any]]:
    """The results of tasks that ran: a skipped task, or nothing registered, says nothing."""
    return [r for r in results if isinstance(r, dict) and r and not r.get("skipped")]


def _decisions(result: dict[str, Any]) -> list[Any]:
    """A task's decisions, then each connection that dropped during it that they do not already tell of."""
    decisions = list(result.get("decisions") or [])
    return decisions + [e for e in result.get("connection_events") or [] if e not in decisions]


def journal_entry(record: dict[str, Any]) -> dict[str, Any]:
    """One phase on one server, as the report shows it.

    ``record`` has ``phase``, ``host`` and ``results``; ``status`` and ``message`` when a role states them,
    or ``failure`` when the rescue recorded a failed task (``task``: its name, tags, conditions and run_once as
    Ansible gives them; ``msg``; ``ran_on``, the server it ran on; ``planned``, whether the run had its plan;
    ``stopped_by``, the servers of its pair whose earlier failure stopped this one).
    Whatever else a record states is taken as it is.
    """
    results = _ran(record.get("results") or [])
    times = [r["controller_time"] for r in results if isinstance(r.get("controller_time"), dict)]
    stopped = [r for r in results if r.get("stopped")]
    evidence: dict[str, Any] = {}
    for result in results:
        evidence.update(result.get("evidence") or {})
    entry: dict[str, Any] = {
        "phase": record.get("phase") or "",
        "host": record["host"],
        "status": "stopped" if stopped else "ok",
        "message": str(stopped[0].get("msg") or "") if stopped else "",
        "started": min((t["started"] for t in times), key=parse_utc) if times else None,
        "ended": max((t["ended"] for t in times), key=parse_utc) if times else None,
        "changed": any(bool(r.get("changed")) for r in results),
        "round_trips": sum(int(r.get("host_round_trips") or 0) for r in results),
        "decisions": [str(d) for r in results for d in _decisions(r)],
        "evidence": evidence,
    }
    if record.get("failure"):
        entry.update(_failure(record), status="failed")
    elif record.get("status") == "failed":
        entry["cause"] = TASK
    entry.update(
        {key: value for key, value in record.items() if key not in ("results", "failure") and value not in (None, "")}
    )
    return entry
