# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The migration report of one pair: a JSON record and the same in Markdown for people.

The report is built from the pair's plan at the start of the run, the journal each phase wrote (times,
decisions, evidence, host round trips) and the servers' readings at the end.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import datetime
from typing import Any

from .._common.dates import format_utc, parse_utc
from .journal import CAUSES, PHASE_ORDER, RUN_ONCE, TASK, UNREACHABLE, journal_entry

REPORT_FORMAT = "hybrid_identity.entra_connect.report/1"


def _duration(entry: dict[str, Any]) -> float | None:
    if not entry.get("started") or not entry.get("ended"):
        return None
    return round((parse_utc(entry["ended"]) - parse_utc(entry["started"])).total_seconds(), 2)


def _server_line(host: str, before: dict[str, Any], after: dict[str, Any] | None) -> dict[str, Any]:
    now = after or {}
    return {
        "host": host,
        "computer_name": before["computer_name"],
        "role": before["role"],
        "version_before": before["version"],
        "version_after": (now.get("product") or {}).get("version") if after else None,
        "state_before": before["state"],
        "state_after": _state(after) if after else "not read at the end",
    }


def _state(facts: dict[str, Any]) -> str:
    if not facts.get("installed"):
        return "no Entra Connect"
    return "staging mode" if facts.get("staging_mode") else "ACTIVE (exporting)"


def _still_to_do(plan: dict[str, Any], servers: list[dict[str, Any]]) -> list[str]:
    todo = []
    sources = [s for s in servers if s["role"] == "source"]
    for step in plan["steps"]:
        if step["step"] == "decommission" and step["status"] == "held" and sources:
            todo.append(f"Decommission {sources[0]['computer_name']}: {step['what']}; then run again with it.")
        if step["step"] == "decommission" and step["status"] == "skipped" and sources:
            source = sources[0]
            if source["state_after"] == "staging mode":
                todo.append(
                    f"Decommission {source['computer_name']} once you are satisfied: run swing_migration.yml with "
                    "-e entra_connect_decommission=true (or --tags decommission), then retire the server."
                )
    return todo


def _failure_key(entry: dict[str, Any]) -> tuple[int, int, bool, str]:
    """The failure a headline names first: a server's own failed task before a server that dropped out, before
    a task run once for every server, before a server stopped only because such a task failed elsewhere; then
    the earliest phase of the run, then the earliest end."""
    cause = entry.get("cause") or TASK
    phase = entry.get("phase") or ""
    ended = entry.get("ended")
    return (
        CAUSES.index(cause) if cause in CAUSES else 0,
        PHASE_ORDER.index(phase) if phase in PHASE_ORDER else len(PHASE_ORDER),
        ended is None,
        format_utc(parse_utc(ended)) if ended else "",
    )


def failure_line(entry: dict[str, Any]) -> str:
    """``FAILED in <phase> on <server> - <message>``, naming the server whose task failed and why."""
    where = f" in {entry['phase']}" if entry.get("phase") else ""
    if entry.get("cause") == RUN_ONCE:
        where += f" (a task run once for every server, on {entry['host']})"
    else:
        where += f" on {entry['host']}"
    return f"FAILED{where} - {entry.get('message') or 'see the play output'}"


def failure_lines(report: dict[str, Any]) -> list[str]:
    """Every failure of a report's run, the one its headline names first."""
    failed = sorted((e for e in report["phases"] if e.get("status") == "failed"), key=_failure_key)
    return [failure_line(entry) for entry in failed]


def headline(
    plan: dict[str, Any], journal: list[dict[str, Any]], servers: list[dict[str, Any]], check_mode: bool
) -> str:
    pair = plan["pair"]
    failed = sorted((e for e in journal if e.get("status") == "failed"), key=_failure_key)
    stopped = [e for e in journal if e.get("status") == "stopped"]
    if check_mode:
        if failed:
            return f"PLAN for {pair} (check mode, nothing changed): {failure_line(failed[0])}"
        upcoming = [s["step"] for s in plan["steps"] if s["status"] == "now"]
        would = ", ".join(upcoming) or "nothing"
        return f"PLAN for {pair} (check mode, nothing changed): phase {plan['phase']}; would run {would}"
    own = [e for e in failed if (e.get("cause") or TASK) in (TASK, UNREACHABLE)]
    if plan.get("refusal") and not own:
        # The plan refused the pair at the first preflight, which only reads: the refusal is the news.
        return f"{pair}: REFUSED before any change - " + " ".join(plan["refusal"])
    if failed:
        return f"{pair}: {failure_line(failed[0])}"
    if stopped:
        entry = stopped[0]
        return f"{pair}: STOPPED at {entry['phase']} on {entry['host']} - {entry.get('message') or ''}".strip()
    active = [s for s in servers if s["state_after"].startswith("ACTIVE")]
    others = ", ".join(f"{s['computer_name']} {s['state_after']}" for s in servers if s not in active)
    if len(active) == 1:
        who = active[0]
        return (
            f"{pair}: {plan['runbook']} done - {who['computer_name']} ({who['version_after']}) is the active server; "
            f"{others}"
        )
    return f"{pair}: {plan['runbook']} ended with {len(active)} active server(s); {others}"


def _lost(hosts: list[str], journal: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A failure entry for each server that dropped out of the run without a failure of its own on record: an
    unreachable server leaves the play without its rescue, so only its absence at the end tells of it."""
    failed = {e["host"] for e in journal if e.get("status") == "failed"}
    return [
        journal_entry(
            {
                "phase": "",
                "host": host,
                "results": [],
                "failure": {
                    "unreachable": True,
                    "msg": (
                        "unreachable: it did not reach the end of the run, as Ansible drops a server whose connection "
                        "is lost; the play output has the connection error"
                    ),
                },
            }
        )
        for host in sorted(set(hosts) - failed)
    ]


def build_report(
    plan: dict[str, Any],
    journal: list[dict[str, Any]],
    after: dict[str, Any],
    remaining: list[str],
    check_mode: bool,
    lab: bool,
    written_at: datetime.datetime,
    *,
    run: dict[str, Any] | None = None,
    lost: list[str] | None = None,
) -> dict[str, Any]:
    """The report of one pair. ``run`` says which run it is (``id``, ``tags``, the file names of this run's
    report and of the latest); ``lost`` names the pair's servers that did not reach the end of the run."""
    servers = [_server_line(host, before, after.get(host)) for host, before in sorted(plan["servers"].items())]
    journal = journal + _lost([h for h in lost or [] if h in plan["servers"]], journal)
    # In the order they ended; a failure whose task gave no times was recorded after everything that did.
    entries = sorted(
        journal,
        key=lambda e: (e.get("ended") is None, format_utc(parse_utc(e["ended"])) if e.get("ended") else "", e["host"]),
    )
    starts = [e["started"] for e in entries if e.get("started")]
    round_trips: dict[str, int] = {host: 0 for host in plan["servers"]}
    for entry in entries:
        round_trips[entry["host"]] = round_trips.get(entry["host"], 0) + int(entry.get("round_trips") or 0)
    return {
        "format": REPORT_FORMAT,
        "pair": plan["pair"],
        "runbook": plan["runbook"],
        "check_mode": check_mode,
        "lab": lab,
        "written_at": written_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "run": dict(run or {}, started=min(starts, key=parse_utc) if starts else None),
        "times": "controller clock, UTC",
        "headline": headline(plan, entries, servers, check_mode),
        "phase_at_start": plan["phase"],
        "servers": servers,
        "plan": plan["steps"],
        "decisions": list(plan["decisions"]) + [d for e in entries for d in e.get("decisions") or []],
        "phases": [dict(e, duration_seconds=_duration(e)) for e in entries],
        "remaining_for_a_human": list(remaining) + _still_to_do(plan, servers),
        "host_round_trips": round_trips,
    }


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    """A Markdown table; an empty cell (None or "") shows as "-"."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join("-" if cell in (None, "") else str(cell) for cell in row) + " |" for row in rows]
    return lines


def render_markdown(report: dict[str, Any]) -> str:
    lines = [f"# {report['runbook']} report: pair {report['pair']}", "", f"**{report['headline']}**", ""]
    if report["lab"]:
        lines += [
            "> LAB RUN: the servers are lab twins (hybrid_identity.entra_connect.lab); no Windows server was touched.",
            "",
        ]
    if report["check_mode"]:
        lines += ["> CHECK MODE: this is a plan; nothing was changed.", ""]
    lines += [f"Written {report['written_at']}; phase at the start of the run: {report['phase_at_start']}.", ""]
    run = report.get("run") or {}
    if run.get("id"):
        started = f"its first phase started {run['started']}" if run.get("started") else "no phase was recorded"
        tags = ", ".join(run.get("tags") or []) or "all"
        lines += [
            f"Run {run['id']} (tags: {tags}); {started}. This run's report: {run.get('report')}.md; "
            f"{run.get('latest')}.md is always the latest run's.",
            "",
        ]
    lines += ["## Servers", ""]
    lines += _table(
        ["server", "role", "version before", "version after", "before", "after", "host round trips"],
        [
            [
                f"{s['host']} ({s['computer_name']})",
                s["role"],
                s["version_before"],
                s["version_after"],
                s["state_before"],
                s["state_after"],
                report["host_round_trips"].get(s["host"], 0),
            ]
            for s in report["servers"]
        ],
    )
    lines += ["", "## Plan", ""]
    lines += [f"- [{step['status']}] **{step['step']}**: {step['what']}" for step in report["plan"]]
    lines += ["", "## Phases", ""]
    lines += _table(
        ["phase", "server", "status", "started (UTC)", "ended (UTC)", "seconds", "changed"],
        [
            [
                e["phase"],
                e["host"],
                e.get("status", "ok"),
                e.get("started"),
                e.get("ended"),
                e["duration_seconds"],
                e.get("changed", False),
            ]
            for e in report["phases"]
        ],
    )
    failures = failure_lines(report)
    if failures:
        lines += ["", "## Failures", ""]
        lines += [f"- {line}" for line in failures]
    lines += ["", "## Decisions", ""]
    lines += [f"- {decision}" for decision in report["decisions"]] or ["- none"]
    lines += ["", "## Evidence", ""]
    evidence = [(e["phase"], e["host"], k, v) for e in report["phases"] for k, v in (e.get("evidence") or {}).items()]
    lines += [f"- {phase} / {host} / {key}: {value}" for phase, host, key, value in evidence] or ["- none recorded"]
    lines += ["", "## Remaining for a human", ""]
    lines += [f"- [ ] {item}" for item in report["remaining_for_a_human"]] or ["- nothing"]
    return "\n".join(lines) + "\n"
