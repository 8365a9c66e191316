# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""How a value is written so that two servers with the same configuration write it the same way.

What differs between two exports of one configuration, and so is never compared [S24]: GUIDs (file names,
``<id>``, partition and run-profile ids) and their case, creation and modification times, version counters,
the DirSync cookie and watermarks, the last domain controller, the per-server service accounts (``MSOL_`` and
``Sync_<server>_`` accounts, one per installation), line endings, and the spelling of booleans
(``False``/``false``/``0``). AADConnectDsc found expressions differing only in whitespace (its CHANGELOG
0.3.2), so whitespace outside a string literal is dropped.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import re

_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no", ""}
_WHITESPACE = re.compile(r"\s+")
_STRING_LITERAL = re.compile(r'("(?:[^"]|"")*")')
# The account the wizard creates for each installation: MSOL_<12 hex> in AD [S24], and
# Sync_<computer>_<12 hex>@<tenant> in Entra ID (the Contoso sample's Entra connector).
_PER_SERVER_ACCOUNT = re.compile(r"^(?:MSOL_[0-9a-f]{12}|Sync_[^_@\s]+_[0-9a-f]{12})(?P<tenant>@.+)?$", re.IGNORECASE)
PER_SERVER_ACCOUNT = "(the account of this installation)"
_EXPRESSION_ATTRIBUTE = re.compile(r"\[([A-Za-z][A-Za-z0-9_.-]*)\]")


def boolean(text: str) -> str:
    lowered = text.strip().lower()
    if lowered in _TRUE:
        return "true"
    if lowered in _FALSE:
        return "false"
    return text.strip()


def lines(text: str) -> str:
    """Text with Windows or old Mac line endings written as one LF, and no surrounding blanks."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def expression(text: str) -> str:
    """An expression without the whitespace outside its string literals, which does not change what it does."""
    pieces = _STRING_LITERAL.split(lines(text))
    return "".join(piece if index % 2 else _WHITESPACE.sub("", piece) for index, piece in enumerate(pieces))


def expression_attributes(text: str) -> set[str]:
    """The attributes an expression reads, ``[name]``: newer builds no longer list them under <src> (the
    Documenter reads them from the expression text too, its commit 37e78b1) [S24]."""
    pieces = _STRING_LITERAL.split(text)
    return {
        name for index, piece in enumerate(pieces) if not index % 2 for name in _EXPRESSION_ATTRIBUTE.findall(piece)
    }


def account(text: str) -> str:
    """A connector account: the per-installation account of one tenant is the same setting on every server."""
    found = _PER_SERVER_ACCOUNT.match(text.strip())
    if not found:
        return text.strip()
    # The tenant stays: an account of another tenant is another configuration.
    return PER_SERVER_ACCOUNT + (found.group("tenant") or "").lower()


def guid(text: str) -> str:
    return text.strip().strip("{}").lower()
