# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Gates on the pending exports: how many deletes, adds and updates a cut-over may carry.

The same idea as the export deletion threshold of Entra Connect (500 deletes by default, export stops
when it is exceeded [S11]), judged before the switch and per kind of export. A limit is exceeded when
the count is above it: a limit of 100 lets 100 pass, as the threshold does. A delete-add deletes the
object before it adds it again, so to a gate that guards against losing objects it is a delete: the
deletes gate counts deletes and delete-adds (INFERRED; the detail names both parts).
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

from typing import Any

from .errors import CsexportError

# Counter, gate name, the words of a detail, and the sample lists whose DNs a failed gate names.
_GATES = (
    ("deletes", "pending_deletes", "pending deletes", ("delete", "delete_add")),
    ("adds", "pending_adds", "pending adds", ("add",)),
    ("updates", "pending_updates", "pending updates", ("update",)),
)
SCOPES = ("per_connector", "total")
EXAMPLE_DNS = 5


def judge_limits(summaries: list[dict[str, Any]], limits: dict[str, dict[str, int | None]]) -> list[dict[str, Any]]:
    """One gate per counter, passed when no connector and not the sum is above its limit."""
    _check(limits)
    gates = []
    for counter, gate, words, kinds in _GATES:
        limit = limits.get(counter) or {}
        per_connector, total = limit.get("per_connector"), limit.get("total")
        failures = []
        for summary in summaries:
            count = _count(summary, counter)
            if per_connector is not None and count > per_connector:
                failures.append(
                    f"{summary['name']}: {_amount(summary, counter, words)}, limit {per_connector} per connector"
                    f"{_examples([summary], kinds)}"
                )
        everything = sum(_count(summary, counter) for summary in summaries)
        if total is not None and everything > total:
            failures.append(
                f"all connectors: {everything} {words}, limit {total} in total{_examples(summaries, kinds)}"
            )
        if failures:
            gates.append({"name": gate, "passed": False, "detail": "; ".join(failures)})
        else:
            gates.append({"name": gate, "passed": True, "detail": _within(summaries, counter, words, limit)})
    return gates


def _count(summary: dict[str, Any], counter: str) -> int:
    count = int(summary[counter])
    return count + int(summary.get("delete_adds", 0)) if counter == "deletes" else count


def _amount(summary: dict[str, Any], counter: str, words: str) -> str:
    text = f"{_count(summary, counter)} {words}"
    if counter == "deletes" and summary.get("delete_adds"):
        text += f" ({summary['deletes']} deletes, {summary['delete_adds']} delete-adds)"
    return text


def _examples(summaries: list[dict[str, Any]], kinds: tuple[str, ...]) -> str:
    # DNs hold commas, so they are separated by semicolons.
    dns = [sample["dn"] for summary in summaries for kind in kinds for sample in summary["samples"].get(kind, [])]
    return f" (e.g. {'; '.join(dns[:EXAMPLE_DNS])})" if dns else ""


def _within(summaries: list[dict[str, Any]], counter: str, words: str, limit: dict[str, int | None]) -> str:
    counts = ", ".join(f"{summary['name']} {_count(summary, counter)}" for summary in summaries) or "no connector"
    set_limits = [
        f"{limit[scope]} {'per connector' if scope == 'per_connector' else 'in total'}"
        for scope in SCOPES
        if limit.get(scope) is not None
    ]
    if not set_limits:
        return f"{words} not limited: {counts}"
    return f"{words} within the limits ({', '.join(set_limits)}): {counts}"


def _check(limits: dict[str, dict[str, int | None]]) -> None:
    known = [counter for counter, _gate, _words, _kinds in _GATES]
    for counter, limit in limits.items():
        if counter not in known:
            raise CsexportError(f"limits: unknown counter {counter!r}; expected {', '.join(known)}")
        if limit is None:
            continue
        if not isinstance(limit, dict):
            raise CsexportError(f"limits.{counter}: expected a mapping with {', '.join(SCOPES)}")
        for scope, value in limit.items():
            if scope not in SCOPES:
                raise CsexportError(f"limits.{counter}: unknown key {scope!r}; expected {', '.join(SCOPES)}")
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
                raise CsexportError(f"limits.{counter}.{scope}: expected a whole number of 0 or more, got {value!r}")
