# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The Markdown report of a comparison: the verdict first, then the counts, the drift grouped by category and
object, the findings, the expected differences and the connector pairs.

A value too long or too many lines for a table cell is shortened there, and the cell says so and where the
whole value follows: right after the table, in a fenced block. Nothing is ever cut without a word.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

from typing import Any

from .markdown_text import code, fence, is_multiline, lines, prose, table
from .model import CATEGORY_VERSION_CHANGE
from .report_outline import (
    CATEGORY_NOTES,
    Difference,
    categories,
    count,
    expected,
    grouped,
    headline,
    is_drift_category,
    side_line,
    title,
    unexpected,
)

# A value longer than this, or of more than one line, is shown whole below its table instead of in the cell.
CELL_LIMIT = 120
# How much of such a value the cell still shows, so the table can be read without scrolling to the block.
PREVIEW = 60
# Written as escapes to keep the source ASCII; the reports are UTF-8.
ELLIPSIS, MIDDLE_DOT, EM_DASH, ARROW = "\u2026", "\u00b7", "\u2014", "\u2192"


class _Values:
    """Values too long for a cell, numbered through the document, written whole after the table that names them."""

    def __init__(self) -> None:
        self.number = 0
        self.pending: list[str] = []

    def cell(self, value: str | None, what: str, in_table: bool = True) -> str:
        if value is None:
            return "*(absent)*"
        if len(value) <= CELL_LIMIT and not is_multiline(value):
            return code(value, in_table)
        self.number += 1
        first = next((line for line in lines(value) if line.strip()), "")
        preview = code(first[:PREVIEW], in_table) + f" {ELLIPSIS}" if first else ""
        size = f"{len(value):,} characters, {len(lines(value)):,} line(s)"
        self.pending += [
            f"**Value {self.number}**: {prose(what)} ({size}):",
            "",
            fence(value),
            "",
        ]
        return f"{preview} *(shortened here: {size}; whole as value {self.number} below)*".strip()

    def flush(self) -> list[str]:
        out, self.pending = self.pending, []
        return out


def render_markdown(result: dict[str, Any]) -> str:
    values = _Values()
    out = [
        *_head(result),
        *_summary(result),
        *_drift(result, values),
        *_findings(result),
        *_expected(result, values),
        *_pairs(result),
    ]
    return "\n".join(out).rstrip("\n") + "\n"


def _head(result: dict[str, Any]) -> list[str]:
    return [
        f"# {prose(headline(result))}",
        "",
        *(_side(name, result[key]) for name, key in (("Reference", "reference"), ("Difference", "difference"))),
        f"- **Generated:** {prose(str(result['generated_at']))}",
        "",
    ]


def _side(name: str, side: dict[str, Any]) -> str:
    exported = f", exported {prose(str(side['exported_at']))}" if side.get("exported_at") else ""
    return (
        f"- **{name}:** {prose(side_line(side))}: {_n(side['connectors'])} connector(s), {_n(side['sync_rules'])} "
        f"sync rule(s){exported}; {code(str(side['path']))}"
    )


def _summary(result: dict[str, Any]) -> list[str]:
    rows = [
        [f"{prose(title(c))} ({code(c, True)})", _n(count(result, c)), "drift" if is_drift_category(c) else "expected"]
        for c in categories(result)
    ]
    drift, more = len(unexpected(result)), len(expected(result))
    return [
        "## Summary",
        "",
        *table(["Category", "Differences", "Counted as"], rows, ["left", "right", "left"]),
        "",
        f"**{_n(drift)} unexpected**, {_n(more)} expected, {_n(drift + more)} in all.",
        "",
    ]


def _drift(result: dict[str, Any], values: _Values) -> list[str]:
    out = ["## Unexpected differences", ""]
    groups = grouped(result, unexpected(result))
    if not groups:
        return [*out, "None: nothing but the expected differences below.", ""]
    for category, objects in groups:
        out += [f"### {prose(title(category))} ({code(category)}): {_n(sum(len(d) for _o, d in objects))}", ""]
        for obj, entries in objects:
            rows = [
                [
                    _field(d["field"]),
                    values.cell(d["reference"], f"reference of {obj} {d['field']}".strip()),
                    values.cell(d["difference"], f"difference of {obj} {d['field']}".strip()),
                    _change(d),
                ]
                for d in entries
            ]
            out += [f"#### {code(obj)}", "", *table(["Field", "Reference", "Difference", "Change"], rows), ""]
            out += values.flush()
    return out


def _findings(result: dict[str, Any]) -> list[str]:
    out = ["## Findings", ""]
    if not result["findings"]:
        return [*out, "None.", ""]
    rows = [[code(f["code"], True), code(f["object"], True), prose(f["message"])] for f in result["findings"]]
    return [*out, *table(["Code", "Object", "Message"], rows), ""]


def _expected(result: dict[str, Any], values: _Values) -> list[str]:
    entries = expected(result)
    out = [f"## Expected differences ({_n(len(entries))})", ""]
    if not entries:
        return [*out, "None.", ""]
    out += ["Not drift: what an upgrade and the server's role change by design.", ""]
    for category, objects in grouped(result, entries):
        flat = [d for _o, group in objects for d in group]
        out += [f"### {prose(title(category))} ({code(category)}): {_n(len(flat))}", ""]
        if category in CATEGORY_NOTES:
            out += [prose(CATEGORY_NOTES[category]), ""]
        if category == CATEGORY_VERSION_CHANGE:
            # Forty upgraded standard rules are one fact, not forty findings: one line each.
            out += [_compact(d, values) for d in flat]
            out += ["", *values.flush()]
            continue
        rows = [
            [
                code(d["object"], True),
                _field(d["field"]),
                values.cell(d["reference"], f"reference of {d['object']} {d['field']}".strip()),
                values.cell(d["difference"], f"difference of {d['object']} {d['field']}".strip()),
                _change(d),
            ]
            for d in flat
        ]
        out += [*table(["Object", "Field", "Reference", "Difference", "Change"], rows), "", *values.flush()]
    return out


def _compact(d: Difference, values: _Values) -> str:
    field = f" {MIDDLE_DOT} {code(d['field'])}" if d["field"] else ""
    ref = values.cell(d["reference"], f"reference of {d['object']} {d['field']}".strip(), in_table=False)
    diff = values.cell(d["difference"], f"difference of {d['object']} {d['field']}".strip(), in_table=False)
    reason = f" {EM_DASH} {prose(d['reason'])}" if d["reason"] else ""
    return f"- {code(d['object'])}{field}: {ref} {ARROW} {diff} ({prose(d['change'])}){reason}"


def _pairs(result: dict[str, Any]) -> list[str]:
    out = ["## Connector pairs", ""]
    pairs = result["connector_pairs"]
    if not pairs:
        return [*out, "None: no connector is on both sides.", ""]
    by = any("paired_by" in p for p in pairs)
    rows = [
        [code(p["reference"], True), code(p["difference"], True), *([prose(str(p.get("paired_by", "")))] if by else [])]
        for p in pairs
    ]
    return [*out, *table(["Reference", "Difference", *(["Paired by"] if by else [])], rows), ""]


def _field(field: str) -> str:
    return code(field, True) if field else "*(the whole object)*"


def _change(d: Difference) -> str:
    return prose(d["change"]) + (f": {prose(d['reason'])}" if d["reason"] else "")


def _n(number: object) -> str:
    return f"{number:,}" if isinstance(number, int) else prose(str(number))
