# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A csexport file, read in one streaming pass with expat: one cs-object at a time, whatever its size.

The file comes from a Tier 0 server and may be large (one cs-object per pending export, a million on a
big tenant), so the reader:

- feeds expat 1 MiB at a time and keeps only the cs-object it is in: memory does not grow with the file;
- refuses any DOCTYPE before a declaration in it is read: csexport never writes one, and a DTD is what
  entity expansion (an XML bomb) and external entities (reading a local file or a URL) need. Nothing is
  ever fetched;
- hands over a cs-object only when its end tag is read, and raises CsexportError for a file that is
  empty, truncated, malformed or not a csexport document, so no count is ever taken from part of a file.

It is a small state machine: each level of the document (cs-objects, cs-object, the pending delta, one
attribute, a hologram, ...) has its own start and end handlers, so a handler knows where it is without
a stack. Subtrees nobody needs (other deltas, error details, unwanted holograms) are skipped with no
start handler at all, which is most of a file's elements.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, BinaryIO
from xml.parsers import expat

from .errors import CsexportError
from .model import (
    ATTRIBUTE_OPERATIONS,
    DEFAULT_ATTRIBUTE_OPERATION,
    OBJECT_OPERATIONS,
    REFERENCE,
    VALUE_OPERATIONS,
    Change,
    CsObject,
)

CHUNK = 1 << 20
ROOT = "cs-objects"

# Elements of the csexport format [S21] that never contain an element of their own name: one of them is
# skipped by waiting for its end tag alone, without a start handler. Any other element is skipped by
# counting its depth, which is slower but right for whatever a later csexport may add.
_FLAT = frozenset(
    {
        "anchor",
        "parent-anchor",
        "primary-objectclass",
        "objectclass",
        "oc-value",
        "attr",
        "dn-attr",
        "value",
        "dn-value",
        "dn",
        "entry",
        "delta",
        "hologram",
        "export-hologram",
        "import-hologram",
        "synchronized-hologram",
        "unapplied-export-hologram",
        "escrowed-export-hologram",
        "unconfirmed-export-hologram",
        "pending-import-hologram",
        "escrowed-export",
        "unconfirmed-export",
        "pending-import",
        "import-errordetail",
        "export-errordetail",
        "mv-link",
        "connector",
        "connector-state",
        "ma-id",
        "ma-name",
        "partition-id",
    }
)

# expat's errors for a document that stops before its end: what a cut copy or a file still being
# written looks like on the last parse call.
_TRUNCATION = frozenset(
    expat.errors.codes[message]
    for message in (
        expat.errors.XML_ERROR_NO_ELEMENTS,
        expat.errors.XML_ERROR_UNCLOSED_TOKEN,
        expat.errors.XML_ERROR_PARTIAL_CHAR,
        expat.errors.XML_ERROR_UNCLOSED_CDATA_SECTION,
    )
)
_UNCLOSED_TOKEN = expat.errors.codes[expat.errors.XML_ERROR_UNCLOSED_TOKEN]

# Children of a cs-object that hold text only [S21]: passed over where they stand, without a skip.
_OBJECT_LEAVES = frozenset(
    {
        "connector",
        "connector-state",
        "ma-id",
        "partition-id",
        "mv-link",
        "export-delta-operation",
        "import-delta-operation",
        "last-export-delta-time",
        "last-import-delta-time",
    }
)
# Parts of a delta or a hologram entry that are not attributes; their children (oc-value) hold text only.
_ENTRY_LEAVES = frozenset({"entry", "anchor", "parent-anchor", "primary-objectclass", "objectclass", "oc-value"})

StartHandler = Callable[[str, dict[str, str]], None]
EndHandler = Callable[[str], None]
Level = tuple[StartHandler | None, EndHandler]


@dataclass(frozen=True)
class FileFacts:
    """What the pass learned about the file as a whole."""

    bytes: int
    sha256: str
    ma_name: str | None
    cs_objects: int


def detect_encoding(head: bytes) -> str | None:
    """The encoding to tell expat, from the byte order mark or the first character.

    csexport on Windows may write UTF-16; a file without a mark is left to its XML declaration, whose
    default is UTF-8.
    """
    if head.startswith(b"\xef\xbb\xbf"):
        return "UTF-8"
    if head.startswith((b"\xff\xfe", b"<\x00")):
        return "UTF-16LE"
    if head.startswith((b"\xfe\xff", b"\x00<")):
        return "UTF-16BE"
    return None


def read_csexport(
    path: str,
    on_object: Callable[[CsObject], None],
    wants_holograms: Callable[[CsObject], bool],
) -> FileFacts:
    """Call ``on_object`` for each cs-object that has a pending export, in file order.

    ``wants_holograms`` is asked at each hologram of a cs-object whether its values are needed (for a
    sample or the CSV); when not, the hologram is skipped unread.
    """
    with _open(path) as handle:
        chunk = _read(handle, path)
        if not chunk:
            raise CsexportError(f"csexport file {path} is empty (0 bytes): csexport writes at least <{ROOT}>")
        reader = _Reader(path, detect_encoding(chunk), on_object, wants_holograms)
        digest = hashlib.sha256()
        size = 0
        while chunk:
            digest.update(chunk)
            size += len(chunk)
            reader.feed(chunk, final=False)
            chunk = _read(handle, path)
        reader.feed(b"", final=True)
    return FileFacts(size, digest.hexdigest().upper(), reader.ma_name, reader.cs_objects)


def _open(path: str) -> BinaryIO:
    try:
        return open(path, "rb")
    except OSError as err:
        raise CsexportError(f"csexport file {path} cannot be read: {err.strerror or err}") from None


def _read(handle: BinaryIO, path: str) -> bytes:
    try:
        return handle.read(CHUNK)
    except OSError as err:
        raise CsexportError(f"csexport file {path} cannot be read: {err.strerror or err}") from None


class _Reader:
    """The expat parser of one file and the state of the cs-object it is in."""

    def __init__(
        self,
        path: str,
        encoding: str | None,
        on_object: Callable[[CsObject], None],
        wants_holograms: Callable[[CsObject], bool],
    ) -> None:
        self.path = path
        self.on_object = on_object
        self.wants_holograms = wants_holograms
        self.ma_name: str | None = None
        self.cs_objects = 0
        self.root_seen = False
        parser = expat.ParserCreate(encoding)
        self.parser = parser
        # Never read a DTD, parameter entities or external entities; refuse the declarations outright.
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = self._refuse_doctype
        parser.EntityDeclHandler = self._refuse_entity
        parser.UnparsedEntityDeclHandler = self._refuse_entity
        parser.ExternalEntityRefHandler = self._refuse_external
        parser.SkippedEntityHandler = self._refuse_skipped
        # One text callback per run of characters, not per expat buffer piece; text lands in a list by a
        # builtin call (no Python frame) and is joined only where a value is wanted.
        parser.buffer_text = True
        parser.buffer_size = 1 << 16
        self.text: list[str] = []
        self.add_text = self.text.append
        parser.CharacterDataHandler = self.add_text
        # The handlers of each level, bound once; ``level`` is the one in force, and the one a skip returns to.
        self.top_level: Level = (self._start_top, self._end_top)
        self.object_level: Level = (self._start_object, self._end_object)
        self.export_level: Level = (self._start_export, self._end_export)
        self.delta_level: Level = (self._start_delta, self._end_delta)
        self.hologram_level: Level = (self._start_hologram_child, self._end_hologram_child)
        self.skip_flat: Level = (None, self._end_skip_flat)
        self.skip_nested: Level = (self._start_skip_nested, self._end_skip_nested)
        self.level: Level = (self._start_document, self._end_top)
        parser.StartElementHandler, parser.EndElementHandler = self.level
        # The cs-object being read, and where in it the reader is.
        self.obj: CsObject | None = None
        self.change: Change | None = None
        self.value_deletes = False
        self.dn_seen = False
        self.hologram = ""
        self.values: dict[str, list[str]] = {}
        self.wanted: frozenset[str] | None = None
        self.kept: list[str] | None = None
        # Skipping: the element skipped and, when it may nest, the depth.
        self.skipped = ""
        self.depth = 0

    # Feeding and errors.

    def feed(self, data: bytes, final: bool) -> None:
        try:
            self.parser.Parse(data, final)
        except expat.ExpatError as err:
            raise self._expat_error(err, final) from None

    def _expat_error(self, err: expat.ExpatError, final: bool) -> CsexportError:
        where = f"line {err.lineno}, column {err.offset + 1}"
        if final and err.code in _TRUNCATION:
            if not self.root_seen:
                return CsexportError(f"csexport file {self.path} holds no XML element: it ends at {where}")
            # expat places an unfinished tag where it starts, and anything else where the file ends.
            cut = f"its last tag, at {where}, is unfinished" if err.code == _UNCLOSED_TOKEN else f"it ends at {where}"
            return CsexportError(
                f"csexport file {self.path} is truncated: {cut}, before </{ROOT}>, after {self.cs_objects} "
                "complete cs-objects; csexport may still be writing it, or the copy was cut short"
            )
        reason = expat.ErrorString(err.code)
        return CsexportError(f"csexport file {self.path} is not well-formed XML: {reason} at {where}")

    def _error(self, problem: str) -> CsexportError:
        where = f"line {self.parser.CurrentLineNumber}, column {self.parser.CurrentColumnNumber + 1}"
        return CsexportError(f"csexport file {self.path} {problem} at {where}")

    def _refuse_doctype(self, name: str, *_ids: Any) -> None:
        raise self._error(
            f"has a DOCTYPE declaration (<!DOCTYPE {name}>); csexport never writes one, and a DTD can declare "
            "entities that expand without bound (an XML bomb) or that read other files or URLs, so the file is "
            "refused without reading it; the DOCTYPE is"
        )

    def _refuse_entity(self, name: str, *_rest: Any) -> None:
        raise self._error(f"declares the entity {name!r}; entities are refused, never expanded; the declaration is")

    def _refuse_external(self, _context: str | None, _base: str | None, system_id: str | None, *_rest: Any) -> int:
        raise self._error(f"refers to the external entity {system_id!r}, which is never read; the reference is")

    def _refuse_skipped(self, name: str, _is_parameter: bool) -> None:
        raise self._error(f"refers to the undeclared entity {name!r}; the reference is")

    # Switching levels and skipping. Handlers are set on the parser directly: these run for most elements.

    def _enter(self, level: Level) -> None:
        self.level = level
        self.parser.StartElementHandler, self.parser.EndElementHandler = level

    def _skip(self, name: str) -> None:
        """Pass over the element just started and everything in it; its text is not even collected."""
        parser = self.parser
        self.skipped = name
        parser.CharacterDataHandler = None
        if name in _FLAT:
            parser.StartElementHandler, parser.EndElementHandler = self.skip_flat
        else:
            self.depth = 1
            parser.StartElementHandler, parser.EndElementHandler = self.skip_nested

    def _end_skip_flat(self, name: str) -> None:
        if name == self.skipped:
            parser = self.parser
            parser.StartElementHandler, parser.EndElementHandler = self.level
            parser.CharacterDataHandler = self.add_text

    def _start_skip_nested(self, _name: str, _attrs: dict[str, str]) -> None:
        self.depth += 1

    def _end_skip_nested(self, _name: str) -> None:
        self.depth -= 1
        if not self.depth:
            parser = self.parser
            parser.StartElementHandler, parser.EndElementHandler = self.level
            parser.CharacterDataHandler = self.add_text

    # The document and its cs-objects.

    def _start_document(self, name: str, _attrs: dict[str, str]) -> None:
        if name != ROOT:
            raise self._error(
                f"is not a csexport document: its root element is <{name}>, not <{ROOT}>; the root element is"
            )
        self.root_seen = True
        self._enter(self.top_level)

    def _start_top(self, name: str, attrs: dict[str, str]) -> None:
        if name == "cs-object":
            self.obj = CsObject(attrs.get("cs-dn", ""), attrs.get("object-type", ""))
            self.text.clear()
            self._enter(self.object_level)
        else:
            self._skip(name)

    def _end_top(self, _name: str) -> None:
        """Only </cs-objects> ends here: every child of the root is a level of its own or skipped."""

    def _start_object(self, name: str, _attrs: dict[str, str]) -> None:
        if name in _OBJECT_LEAVES:
            return
        if name == "unapplied-export":
            self._enter(self.export_level)
        elif name == "unapplied-export-hologram" or name == "synchronized-hologram":
            self._start_hologram(name)
        elif name == "ma-name":
            self.text.clear()
        else:
            self._skip(name)

    def _end_object(self, name: str) -> None:
        if name == "cs-object":
            obj = self.obj
            self.obj = None
            self.text.clear()
            self.cs_objects += 1
            self._enter(self.top_level)
            if obj is not None and obj.operation is not None:
                self.on_object(obj)
        elif name == "ma-name" and self.ma_name is None:
            self.ma_name = "".join(self.text).strip() or None

    # The pending export: <unapplied-export><delta>, its attr and dn-attr and their values.

    def _start_export(self, name: str, attrs: dict[str, str]) -> None:
        obj = self.obj
        if name != "delta" or obj is None:
            self._skip(name)
            return
        if obj.operation is not None:
            raise self._error(f"has a second <delta> in the <unapplied-export> of {obj.dn!r}; the second is")
        operation = attrs.get("operation")
        if operation not in OBJECT_OPERATIONS:
            raise self._error(
                f"has a pending export of {obj.dn!r} whose operation is {operation!r}, which csexport does not "
                f"write (expected one of {', '.join(sorted(OBJECT_OPERATIONS))}); the <delta> is"
            )
        obj.operation = operation
        obj.new_dn = attrs.get("newdn") or None
        if not obj.dn:
            obj.dn = attrs.get("dn", "")
        self._enter(self.delta_level)

    def _end_export(self, name: str) -> None:
        if name == "unapplied-export":
            self._enter(self.object_level)

    def _start_delta(self, name: str, attrs: dict[str, str]) -> None:
        change = self.change
        if name == "value" or name == "dn-value":
            if change is None:
                self._skip(name)
                return
            operation = attrs.get("operation")
            if operation is None:
                # A value without an operation is what its attribute's operation does to it.
                self.value_deletes = change.operation == "delete"
            elif operation in VALUE_OPERATIONS:
                self.value_deletes = operation == "delete"
            else:
                raise self._error(f"has a value operation {operation!r} (expected add or delete); the <{name}> is")
            # A dn-value holds its DN in a <dn> child, or (as the spec has it) as its own text.
            self.dn_seen = False
            self.text.clear()
        elif name == "dn":
            self.dn_seen = True
            self.text.clear()
        elif name == "attr" or name == "dn-attr":
            self._start_change(name, attrs)
        elif name not in _ENTRY_LEAVES:
            self._skip(name)

    def _start_change(self, name: str, attrs: dict[str, str]) -> None:
        obj = self.obj
        if obj is None or obj.operation is None or self.change is not None:
            self._skip(name)
            return
        operation = attrs.get("operation") or DEFAULT_ATTRIBUTE_OPERATION[obj.operation]
        if operation not in ATTRIBUTE_OPERATIONS:
            raise self._error(
                f"changes the attribute {attrs.get('name')!r} of {obj.dn!r} with the operation {operation!r} "
                f"(expected one of {', '.join(sorted(ATTRIBUTE_OPERATIONS))}); the attribute is"
            )
        atype = REFERENCE if name == "dn-attr" else attrs.get("type") or "string"
        change = Change(attrs.get("name", ""), atype, attrs.get("multivalued") == "true", operation)
        obj.changes.append(change)
        self.change = change

    def _end_delta(self, name: str) -> None:
        if name == "value" or name == "dn" or (name == "dn-value" and not self.dn_seen):
            change = self.change
            if change is not None:
                (change.deletes if self.value_deletes else change.adds).append("".join(self.text))
        elif name == "attr" or name == "dn-attr":
            self.change = None
        elif name == "delta":
            self._enter(self.export_level)

    # The holograms: single values before (synchronized) and after (unapplied-export) the export.

    def _start_hologram(self, name: str) -> None:
        obj = self.obj
        # With the delta already read, only its single-valued attributes are kept; before it, all are.
        wanted = None
        if obj is not None and obj.operation is not None:
            wanted = frozenset(change.name for change in obj.changes if not change.multivalued)
        if obj is None or wanted == frozenset() or not self.wants_holograms(obj):
            self._skip(name)
            return
        self.wanted = wanted
        self.hologram = name
        self.values = {}
        if name == "synchronized-hologram":
            obj.old = self.values
        else:
            obj.new = self.values
        self.kept = None
        self._enter(self.hologram_level)

    def _start_hologram_child(self, name: str, attrs: dict[str, str]) -> None:
        if name == "attr" or name == "dn-attr":
            attribute = attrs.get("name", "")
            if attrs.get("multivalued") == "true" or (self.wanted is not None and attribute not in self.wanted):
                self._skip(name)
            else:
                self.kept = self.values.setdefault(attribute, [])
        elif name == "value" or name == "dn":
            self.dn_seen = True
            self.text.clear()
        elif name == "dn-value":
            self.dn_seen = False
            self.text.clear()
        elif name not in _ENTRY_LEAVES:
            self._skip(name)

    def _end_hologram_child(self, name: str) -> None:
        if name == "value" or name == "dn" or (name == "dn-value" and not self.dn_seen):
            if self.kept is not None:
                self.kept.append("".join(self.text))
        elif name == "attr" or name == "dn-attr":
            self.kept = None
        elif name == self.hologram:
            self._enter(self.object_level)
