# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A phase of the journal, from what the roles recorded: the phase, the server, and the registered results
of its tasks. The modules said what they decided and on what evidence; this only gathers it."""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

from typing import Any

from .._common.dates import parse_utc


def _ran(results: list[Any]) -> list[dict[str, Any]]:
    """The results of tasks that ran: a skipped task, or nothing registered, says nothing."""
    return [r for r in results if isinstance(r, dict) and r and not r.get("skipped")]


def journal_entry(record: dict[str, Any]) -> dict[str, Any]:
    """One phase on one server, as the report shows it.

    ``record`` has ``phase``, ``host`` and ``results``; ``status`` and ``message`` when a role states them
    (a failure). Whatever else a record states is taken as it is.
    """
    results = _ran(record.get("results") or [])
    times = [r["controller_time"] for r in results if isinstance(r.get("controller_time"), dict)]
    stopped = [r for r in results if r.get("stopped")]
    evidence: dict[str, Any] = {}
    for result in results:
        evidence.update(result.get("evidence") or {})
    entry: dict[str, Any] = {
        "phase": record["phase"],
        "host": record["host"],
        "status": "stopped" if stopped else "ok",
        "message": str(stopped[0].get("msg") or "") if stopped else "",
        "started": min((t["started"] for t in times), key=parse_utc) if times else None,
        "ended": max((t["ended"] for t in times), key=parse_utc) if times else None,
        "changed": any(bool(r.get("changed")) for r in results),
        "round_trips": sum(int(r.get("host_round_trips") or 0) for r in results),
        "decisions": [str(d) for r in results for d in r.get("decisions") or []],
        "evidence": evidence,
    }
    entry.update({key: value for key, value in record.items() if key != "results" and value not in (None, "")})
    return entry
