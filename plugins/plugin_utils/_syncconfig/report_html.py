# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The HTML report of a comparison: one self-contained page, the verdict as a banner, the counts, the differences
grouped by category and object with filters, the findings and the connector pairs.

Every text of the result goes through ``_text``: a rule name is the customer's and may be any HTML. With scripts
off the filter bar stays hidden and every difference is shown, the expected ones too; the script only hides.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import html
import re
from typing import Any

from .html_assets import CONTENT_SECURITY_POLICY, SCRIPT, STYLE
from .report_outline import (
    CATEGORY_NOTES,
    Difference,
    categories,
    count,
    expected,
    grouped,
    headline_detail,
    is_drift_category,
    side_facts,
    side_line,
    title,
    unexpected,
    verdict,
)

# Control characters are not allowed in an HTML document; each is shown as its Unicode picture (U+2400...),
# so it is seen rather than dropped.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _text(value: object) -> str:
    return html.escape(_CONTROL.sub(_picture, str(value)), quote=True)


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    return chr(0x2421 if code == 0x7F else 0x2400 + code)


def render_html(result: dict[str, Any]) -> str:
    drift = not result["identical"]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_text(CONTENT_SECURITY_POLICY)}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{verdict(result)}: {_text(result['reference']['label'])} vs "
        f"{_text(result['difference']['label'])}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        f'<header class="banner {"drift" if drift else "identical"}" id="verdict">',
        f'<p class="verdict">{verdict(result)}</p>',
        f"<h1>{_text(headline_detail(result))}</h1>",
        f'<p class="side">Reference: {_text(side_line(result["reference"]))}</p>',
        f'<p class="side">Difference: {_text(side_line(result["difference"]))}</p>',
        "</header>",
        "<main>",
        *_sides(result),
        *_summary(result),
        *_filters(result),
        *_differences(result),
        *_findings(result),
        *_pairs(result),
        "</main>",
        f"<footer>Generated {_text(result['generated_at'])}. The JSON report holds the same result.</footer>",
        f"<script>{SCRIPT}</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _sides(result: dict[str, Any]) -> list[str]:
    ref, diff = side_facts(result["reference"]), side_facts(result["difference"])
    rows = [
        f'<tr><th scope="row">{_text(name)}</th><td>{_text(a)}</td><td>{_text(b)}</td></tr>'
        for (name, a), (_same, b) in zip(ref, diff, strict=True)
    ]
    return [
        '<section id="sides">',
        "<h2>The two sides</h2>",
        '<table class="sides"><thead><tr><th></th><th scope="col">Reference</th><th scope="col">Difference</th></tr>'
        "</thead><tbody>",
        *rows,
        "</tbody></table>",
        "</section>",
    ]


def _summary(result: dict[str, Any]) -> list[str]:
    rows = [
        f'<tr><td>{_text(title(c))} <code>{_text(c)}</code></td><td class="number">{_text(count(result, c))}</td>'
        f"<td>{_tag(c)}</td></tr>"
        for c in categories(result)
    ]
    drift, more = len(unexpected(result)), len(expected(result))
    return [
        '<section id="summary">',
        "<h2>Summary</h2>",
        '<table class="summary"><thead><tr><th scope="col">Category</th><th scope="col">Differences</th>'
        '<th scope="col">Counted as</th></tr></thead><tbody>',
        *rows,
        "</tbody></table>",
        f"<p><strong>{drift:,} unexpected</strong>, {more:,} expected, {drift + more:,} in all.</p>",
        "</section>",
    ]


def _filters(result: dict[str, Any]) -> list[str]:
    boxes = [
        f'<label><input type="checkbox" class="category-filter" value="{_text(c)}" checked> {_text(title(c))} '
        f'<span class="count">({_text(count(result, c))})</span></label>'
        for c in categories(result)
    ]
    return [
        # Hidden until the script shows it: without scripts, controls that do nothing would only mislead.
        '<section id="filters" aria-label="Filters" hidden>',
        '<label>Filter <input type="search" id="filter" placeholder="object, field or value" autocomplete="off">'
        "</label>",
        "<fieldset><legend>Categories</legend>",
        *boxes,
        "</fieldset>",
        f'<label><input type="checkbox" id="show-expected"> Show expected differences ({len(expected(result)):,})'
        "</label>",
        '<p id="shown" aria-live="polite"></p>',
        "</section>",
        # Not <noscript>: where the script is blocked rather than scripting turned off (a mail viewer's policy),
        # <noscript> stays hidden too. The script hides this note itself.
        '<p id="scripts-off" class="note">Scripts are off: every difference is shown, the expected ones too, and '
        "the filters are not available.</p>",
    ]


def _differences(result: dict[str, Any]) -> list[str]:
    out = ['<section id="differences">', "<h2>Differences</h2>"]
    groups = grouped(result, result["differences"])
    if not groups:
        out.append('<p class="note">No differences at all.</p>')
    out.append(
        '<p id="nothing" class="note" hidden>No difference matches the filters; the expected differences show with '
        "&ldquo;Show expected differences&rdquo;.</p>"
    )
    for category, objects in groups:
        total = sum(len(entries) for _o, entries in objects)
        out += [
            f'<section class="category" data-category="{_text(category)}" id="category-{_text(category)}">',
            f'<h3>{_text(title(category))} <span class="count">({total:,})</span> {_tag(category)}</h3>',
        ]
        if category in CATEGORY_NOTES:
            out.append(f'<p class="note">{_text(CATEGORY_NOTES[category])}</p>')
        for obj, entries in objects:
            out += [
                '<details class="object" open>',
                f'<summary><span class="object-name">{_text(obj)}</span> <span class="count">({len(entries):,})'
                "</span></summary>",
                '<table class="differences"><thead><tr><th scope="col">Field</th><th scope="col">Change</th>'
                '<th scope="col">Reference</th><th scope="col">Difference</th></tr></thead><tbody>',
                *(_row(d) for d in entries),
                "</tbody></table>",
                "</details>",
            ]
        out.append("</section>")
    out.append("</section>")
    return out


def _row(d: Difference) -> str:
    field = f"<code>{_text(d['field'])}</code>" if d["field"] else '<span class="note">(the whole object)</span>'
    reason = f'<span class="reason">{_text(d["reason"])}</span>' if d["reason"] else ""
    return (
        f'<tr class="difference" data-category="{_text(d["category"])}" '
        f'data-expected="{"true" if d["expected"] else "false"}">'
        f'<td class="field">{field}</td><td class="change">{_text(d["change"])}{reason}</td>'
        f'<td class="value">{_value(d["reference"])}</td><td class="value">{_value(d["difference"])}</td></tr>'
    )


def _value(value: str | None) -> str:
    if value is None:
        return '<span class="absent">(absent)</span>'
    if value == "":
        return '<span class="empty">(empty)</span>'
    # The HTML parser drops one line break right after <pre>; a second one keeps a value's own.
    lead = "\n" if value.startswith(("\n", "\r")) else ""
    size = f'<span class="size">{len(value):,} characters</span>' if len(value) > 200 else ""
    return f"<pre>{lead}{_text(value)}</pre>{size}"


def _findings(result: dict[str, Any]) -> list[str]:
    out = ['<section id="findings">', f'<h2>Findings <span class="count">({len(result["findings"]):,})</span></h2>']
    if not result["findings"]:
        return [*out, '<p class="note">None.</p>', "</section>"]
    rows = [
        f"<tr><td><code>{_text(f['code'])}</code></td><td>{_text(f['object'])}</td><td>{_text(f['message'])}</td></tr>"
        for f in result["findings"]
    ]
    return [
        *out,
        '<table class="findings"><thead><tr><th scope="col">Code</th><th scope="col">Object</th>'
        '<th scope="col">Message</th></tr></thead><tbody>',
        *rows,
        "</tbody></table>",
        "</section>",
    ]


def _pairs(result: dict[str, Any]) -> list[str]:
    out = ['<section id="pairs">', "<h2>Connector pairs</h2>"]
    pairs = result["connector_pairs"]
    if not pairs:
        return [*out, '<p class="note">None: no connector is on both sides.</p>', "</section>"]
    by = any("paired_by" in p for p in pairs)
    head = '<th scope="col">Reference</th><th scope="col">Difference</th>' + (
        '<th scope="col">Paired by</th>' if by else ""
    )
    rows = [
        f"<tr><td>{_text(p['reference'])}</td><td>{_text(p['difference'])}</td>"
        + (f"<td>{_text(p.get('paired_by', ''))}</td>" if by else "")
        + "</tr>"
        for p in pairs
    ]
    return [
        *out,
        f'<table class="pairs"><thead><tr>{head}</tr></thead><tbody>',
        *rows,
        "</tbody></table>",
        "</section>",
    ]


def _tag(category: str) -> str:
    return (
        '<span class="tag drift">drift</span>'
        if is_drift_category(category)
        else '<span class="tag expected">expected</span>'
    )
