# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The style and the script of the HTML report, inline, and the Content-Security-Policy that lets exactly these
two run and nothing else load.

The policy names the two by their SHA-256 rather than allowing any inline code: should a value ever slip through
unescaped, a ``<script>`` or a ``style=`` in it still would not run. The report is opened from a file share or an
e-mail attachment; it must load nothing from anywhere (no font, no image, no beacon), so ``default-src`` is
'none'. The script only filters rows; with scripts off every row stays shown.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import base64
import hashlib

STYLE = """
:root { color-scheme: light; --drift: #a4161a; --ok: #1b5e20; --muted: #5f6368; --line: #d0d4d9; --soft: #f3f5f7; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1f2328; }
main { padding: 0 1.5rem 2rem; max-width: 110rem; margin: 0 auto; }
.banner { padding: 1rem 1.5rem; color: #fff; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.banner.drift { background: var(--drift); }
.banner.identical { background: var(--ok); }
.banner .verdict { font-size: 2rem; font-weight: 700; letter-spacing: .05em; margin: 0; }
.banner h1 { font-size: 1.15rem; font-weight: 500; margin: .25rem 0 .35rem; overflow-wrap: anywhere; }
.banner .side { margin: 0; overflow-wrap: anywhere; }
h2 { margin: 1.75rem 0 .5rem; padding-bottom: .25rem; border-bottom: 1px solid var(--line); }
h3 { margin: 1.25rem 0 .5rem; }
table { border-collapse: collapse; width: 100%; margin: .25rem 0 .75rem; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
table.sides th[scope=row] { width: 10rem; }
table.summary { width: auto; min-width: 40rem; }
table.differences td.field { width: 18%; }
table.differences td.change { width: 14%; }
table.differences td.value { width: 34%; }
pre, code { font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
td, .object-name, code { overflow-wrap: anywhere; }
.absent, .empty, .reason, .note, .size { color: var(--muted); font-style: italic; }
.reason, .size { display: block; margin-top: .2rem; font-size: 12px; }
.tag { display: inline-block; padding: 0 .4rem; border-radius: .6rem; font-size: 12px; font-weight: 600; }
.tag.drift { background: #fde2e1; color: var(--drift); }
.tag.expected { background: #e2f0e3; color: var(--ok); }
.count { color: var(--muted); font-weight: 400; }
details.object { border: 1px solid var(--line); border-radius: .3rem; margin: .5rem 0; padding: 0 .6rem; }
details.object > summary { cursor: pointer; padding: .4rem 0; font-weight: 600; }
details.object[open] > summary { border-bottom: 1px solid var(--line); margin-bottom: .4rem; }
#filters { position: sticky; top: 0; z-index: 1; background: #fff; border-bottom: 1px solid var(--line);
  padding: .6rem 0; display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; align-items: center; }
#filters fieldset { border: 0; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem .9rem; }
#filters legend { float: left; font-weight: 600; margin-right: .5rem; }
#filter { width: 24rem; max-width: 100%; padding: .3rem .5rem; font: inherit; }
#shown { margin: 0; color: var(--muted); }
footer { color: var(--muted); padding: 1rem 1.5rem; border-top: 1px solid var(--line); }
@media print {
  #filters { display: none !important; }
  main { max-width: none; padding: 0; }
  details.object { break-inside: avoid; }
  tr { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
}
"""

SCRIPT = """
(function () {
  "use strict";
  var bar = document.getElementById("filters");
  var box = document.getElementById("filter");
  var expected = document.getElementById("show-expected");
  var shown = document.getElementById("shown");
  var nothing = document.getElementById("nothing");
  var categories = Array.prototype.slice.call(document.querySelectorAll("input.category-filter"));
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.difference"));
  var objects = Array.prototype.slice.call(document.querySelectorAll("details.object"));
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.category"));
  // What a row is found by: its object's name and every cell, read once.
  var texts = rows.map(function (row) {
    var group = row.closest("details.object");
    var name = group ? group.querySelector(".object-name").textContent : "";
    return (name + " " + row.textContent).toLowerCase();
  });
  function apply() {
    var words = box.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var on = {};
    categories.forEach(function (c) { on[c.value] = c.checked; });
    var count = 0;
    rows.forEach(function (row, i) {
      var visible = on[row.getAttribute("data-category")] !== false &&
        (expected.checked || row.getAttribute("data-expected") !== "true") &&
        words.every(function (w) { return texts[i].indexOf(w) !== -1; });
      row.hidden = !visible;
      if (visible) { count += 1; }
    });
    objects.forEach(function (o) { o.hidden = !o.querySelector("tr.difference:not([hidden])"); });
    sections.forEach(function (s) { s.hidden = !s.querySelector("details.object:not([hidden])"); });
    shown.textContent = count + " of " + rows.length + " difference(s) shown";
    nothing.hidden = count !== 0 || rows.length === 0;
  }
  box.addEventListener("input", apply);
  expected.addEventListener("change", apply);
  categories.forEach(function (c) { c.addEventListener("change", apply); });
  // A printout shows every group the filters leave, opened.
  window.addEventListener("beforeprint", function () { objects.forEach(function (o) { o.open = true; }); });
  bar.hidden = false;
  document.getElementById("scripts-off").hidden = true;
  apply();
}());
"""


def _source_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


CONTENT_SECURITY_POLICY = (
    f"default-src 'none'; style-src {_source_hash(STYLE)}; script-src {_source_hash(SCRIPT)}; "
    "base-uri 'none'; form-action 'none'"
)
