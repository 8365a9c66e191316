# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Text from a server's configuration written into Markdown so it shows as it is: never read as markup, never
breaking a table, never running as HTML in a viewer that renders it.

A rule name is the customer's text: ``|`` would split a table cell, ``<script>`` would be HTML to a renderer,
``*`` would start emphasis. Names and values go in code spans, where nothing is markup; prose is escaped
character by character (CommonMark lets any ASCII punctuation be escaped with a backslash).
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import re

# Stands for a line break where Markdown holds one line (a heading, a list item), so the break is seen, not lost.
RETURN_SYMBOL = "\u21b5"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_BACKTICKS = re.compile(r"`+")
# Markup to a CommonMark or GitHub renderer anywhere in a line; '&' would start an entity reference.
_PROSE_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~!&])")


def lines(text: str) -> list[str]:
    return _LINE_BREAK.split(text)


def is_multiline(text: str) -> bool:
    return _LINE_BREAK.search(text) is not None


def code(text: str, in_table: bool = False) -> str:
    """A code span that shows ``text`` literally; lines are joined by <br> in a table cell, which holds one line."""
    parts = [_code_line(line, in_table) for line in lines(text)]
    return ("<br>" if in_table else f" {RETURN_SYMBOL} ").join(parts)


def _code_line(text: str, in_table: bool) -> str:
    if text == "":
        return "*(empty)*"
    if in_table and "\\|" in text:
        # A table row is split into cells before code spans are read: a backslash of the value would escape the one
        # added before its '|', and the cell would end there. Escaped prose keeps both characters.
        return prose(text)
    # The fence is one backtick longer than any run inside, so a backtick in a rule name cannot close it.
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * (longest + 1)
    # A space inside the fence keeps a leading or trailing backtick (or a text of spaces) from merging with it.
    padded = f" {text} " if text.startswith(("`", " ")) or text.endswith(("`", " ")) else text
    if in_table:
        # GitHub Flavored Markdown splits cells on '|' even inside code spans; '\|' is its escape there.
        padded = padded.replace("|", "\\|")
    return f"{fence}{padded}{fence}"


def prose(text: str) -> str:
    """Text that is read, not copied (a message, a reason): escaped, its line breaks kept as <br>."""
    return "<br>".join(_PROSE_SPECIAL.sub(r"\\\1", line) for line in lines(text))


def fence(text: str) -> str:
    """A fenced block holding ``text`` whole, however many backticks it contains."""
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    marker = "`" * max(3, longest + 1)
    return f"{marker}text\n{text}\n{marker}"


def table(header: list[str], rows: list[list[str]], align: list[str] | None = None) -> list[str]:
    """A GitHub table; cells are Markdown already escaped for a table."""
    rule = [("---:" if (align and align[i] == "right") else "---") for i in range(len(header))]
    return [_row(header), _row(rule), *(_row(row) for row in rows)]


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"
