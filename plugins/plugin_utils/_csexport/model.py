# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the reader hands over for one cs-object, and the operation names of the csexport format.

Only the pending export counts: ``<unapplied-export><delta>`` of a cs-object, the difference between its
synchronized hologram and the image the next export writes [S21]. The other deltas a cs-object carries
(escrowed, unconfirmed, pending import) are not what ``csexport /f:x`` is asked about [S20].
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

# Object delta operations [S21]: add, replace, update, delete, delete-add and none; [UPSDB] adds
# obsolete. The counter each one lands in: replace rewrites every attribute of an existing object, so
# it is an update of that object. none and obsolete export nothing and have counters of their own.
EXPORT_COUNTERS = {
    "add": "adds",
    "update": "updates",
    "replace": "updates",
    "delete": "deletes",
    "delete-add": "delete_adds",
}
NOT_EXPORTED = {"obsolete": "obsolete", "none": "no_change"}
OBJECT_OPERATIONS = frozenset(EXPORT_COUNTERS) | frozenset(NOT_EXPORTED)

# Attribute operations [S21]: add, delete, replace, update; required only in an update delta. Where
# one is missing, the object's operation says what happens to every attribute (INFERRED: an add or a
# delete-add creates each attribute, a replace rewrites it, a delete removes it).
ATTRIBUTE_OPERATIONS = frozenset({"add", "delete", "replace", "update"})
DEFAULT_ATTRIBUTE_OPERATION = {
    "add": "add",
    "delete-add": "add",
    "replace": "replace",
    "delete": "delete",
    "update": "update",
    "none": "update",
    "obsolete": "update",
}

# Value operations are add and delete [S21] ([UPSDB] valueDeltaType). The Learn page repeats the
# attribute list (add, delete, replace, update) for values too; a value that is replaced or updated is
# written, so it is an added value (INFERRED).
VALUE_OPERATIONS = frozenset({"add", "delete", "replace", "update"})

# The attribute type of a dn-attr (a reference, its values <dn-value><dn> [LITHNET]): csexport gives it none;
# CSExportAnalyzer reports "reference".
REFERENCE = "reference"


class Change:
    """One ``attr`` or ``dn-attr`` of the pending delta, with the values it adds and deletes."""

    __slots__ = ("adds", "atype", "deletes", "multivalued", "name", "operation")

    def __init__(self, name: str, atype: str, multivalued: bool, operation: str) -> None:
        self.name = name
        self.atype = atype
        self.multivalued = multivalued
        self.operation = operation
        self.adds: list[str] = []
        self.deletes: list[str] = []


class CsObject:
    """One cs-object with a pending export: its delta, and the single values of its holograms.

    ``old`` and ``new`` map an attribute name to its values in the synchronized hologram and in the
    unapplied-export hologram; None when the reader did not keep that hologram (the file has none, or
    nobody asked for the values of this object).
    """

    __slots__ = ("changes", "dn", "new", "new_dn", "object_type", "old", "operation")

    def __init__(self, dn: str, object_type: str) -> None:
        self.dn = dn
        self.object_type = object_type
        self.operation: str | None = None
        self.new_dn: str | None = None
        self.changes: list[Change] = []
        self.old: dict[str, list[str]] | None = None
        self.new: dict[str, list[str]] | None = None


def old_and_new(obj: CsObject, change: Change) -> tuple[str | None, str | None]:
    """The value of a single-valued attribute before and after the export, None where it has none.

    Before: the synchronized hologram. After: the unapplied-export hologram, which is the whole future
    image [S21]; without it, the value the delta writes (nothing for a delete).
    """
    old = _first(obj.old, change.name)
    if obj.new is not None:
        return old, _first(obj.new, change.name)
    if change.operation == "delete" or not change.adds:
        return old, None
    return old, change.adds[-1]


def _first(values: dict[str, list[str]] | None, name: str) -> str | None:
    found = values.get(name) if values is not None else None
    return found[0] if found else None
