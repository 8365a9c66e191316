# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The pending exports as a CSV with CSExportAnalyzer's columns, written while the file is read.

The header is CSExportAnalyzer's, so sheets and scripts made for its output read this one. What differs
is on purpose (docs/pending-exports.md): values are never truncated, the stdlib csv module quotes every
comma, quote and line break, and no summary or diagnostic line is mixed into the data rows.

One row per changed attribute of each pending export; an export without attribute changes (a delete)
has one row with the attribute columns empty. A rename adds one row for the DN itself (AttrName newdn,
AMODT rename). Multi-valued changes list their values in ValueAdds and ValueDeletes, joined by ";" with
";" and "\\" inside a value escaped by a backslash, so the lists split back unambiguously; their
OldValue and NewValue are empty. Single-valued changes have OldValue and NewValue instead.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from typing import TextIO

from .._common.files import atomic_write
from .model import REFERENCE, CsObject, old_and_new

# CSExportAnalyzer 2.2.8.0's header, word for word: the strings of the shipped binary; [S7] documents its OMODT
# (object modification type) and AMODT (attribute modification type) columns.
HEADER = (
    "ObjectType",
    "DN",
    "OMODT",
    "ChangedAttrCount",
    "AttrName",
    "AMODT",
    "ATYPE",
    "IsMultiValued",
    "ValueChangeCount",
    "ValueAdds",
    "ValueDeletes",
    "OldValue",
    "NewValue",
)
RENAME_ATTRIBUTE = "newdn"
RENAME_OPERATION = "rename"
CSV_MODE = 0o644


class CsvListing:
    """Rows for the cs-objects it is given, on an open text file."""

    def __init__(self, handle: TextIO) -> None:
        self._writer = csv.writer(handle)
        self._writer.writerow(HEADER)

    def write(self, obj: CsObject) -> None:
        self._writer.writerows(rows_of(obj))


def write_listing(csv_path: str, fill: Callable[[CsvListing], None]) -> None:
    """Write the CSV at ``csv_path`` through ``fill``; if ``fill`` raises, no file is left behind.

    The CSV is written to a temporary file beside it and renamed into place only when the whole csexport
    file was read, so a reader never sees half a listing, nor a listing of half a file.
    """

    def _write(temp_path: str) -> None:
        with open(temp_path, "w", encoding="utf-8", newline="") as handle:
            fill(CsvListing(handle))

    atomic_write(csv_path, _write, mode=CSV_MODE)


def rows_of(obj: CsObject) -> Iterator[list[str]]:
    head = [obj.object_type, obj.dn, obj.operation or "", str(len(obj.changes))]
    if not obj.changes and obj.new_dn is None:
        yield head + [""] * 9
    for change in obj.changes:
        if change.multivalued:
            count = str(len(change.adds) + len(change.deletes))
            adds, deletes = join_values(change.adds), join_values(change.deletes)
            yield [*head, change.name, change.operation, change.atype, "true", count, adds, deletes, "", ""]
        else:
            old, new = old_and_new(obj, change)
            yield [*head, change.name, change.operation, change.atype, "false", "", "", "", old or "", new or ""]
    if obj.new_dn is not None:
        yield [*head, RENAME_ATTRIBUTE, RENAME_OPERATION, REFERENCE, "false", "", "", "", obj.dn, obj.new_dn]


def join_values(values: list[str]) -> str:
    return ";".join(value.replace("\\", "\\\\").replace(";", "\\;") for value in values)
