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

from .._common.dates import parse_utc

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
        if step["step"] == "decommission" and step["status"] == "skipped" and sources:
            source = sources[0]
            if source["state_after"] == "staging mode":
                todo.append(
                    f"Decommission {source['computer_name']} once you are satisfied: run swing_migration.yml with "
                    "-e entra_connect_decommission=true (or --tags decommission), then retire the server."
                )
    return todo


def headline(
    plan: dict[str, Any], journal: list[dict[str, Any]], servers: list[dict[str, Any]], check_mode: bool
) -> str:
    pair = plan["pair"]
    failed = [e for e in journal if e.get("status") == "failed"]
    stopped = [e for e in journal if e.get("status") == "stopped"]
    if check_mode:
        upcoming = [s["step"] for s in plan["steps"] if s["status"] == "now"]
        would = ", ".join(upcoming) or "nothing"
        return f"PLAN for {pair} (check mode, nothing changed): phase {plan['phase']}; would run {would}"
    if failed:
        entry = failed[0]
        return (
            f"{pair}: FAILED in {entry['phase']} on {entry['host']} - {entry.get('message') or 'see the play output'}"
        )
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


def build_report(
    plan: dict[str, Any],
    journal: list[dict[str, Any]],
    after: dict[str, Any],
    remaining: list[str],
    check_mode: bool,
    lab: bool,
    written_at: datetime.datetime,
) -> dict[str, Any]:
    servers = [_server_line(host, before, after.get(host)) for host, before in sorted(plan["servers"].items())]
    entries = sorted(journal, key=lambda e: (e.get("ended") or "", e.get("host") or ""))
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
    lines += ["", "## Decisions", ""]
    lines += [f"- {decision}" for decision in report["decisions"]] or ["- none"]
    lines += ["", "## Evidence", ""]
    evidence = [(e["phase"], e["host"], k, v) for e in report["phases"] for k, v in (e.get("evidence") or {}).items()]
    lines += [f"- {phase} / {host} / {key}: {value}" for phase, host, key, value in evidence] or ["- none recorded"]
    lines += ["", "## Remaining for a human", ""]
    lines += [f"- [ ] {item}" for item in report["remaining_for_a_human"]] or ["- nothing"]
    return "\n".join(lines) + "\n"
