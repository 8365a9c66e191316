# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""One XML file of a server-configuration export, parsed into an element tree that refuses what it must.

- No DTD, no entity declaration, no external entity: an export never has one, and a DTD is what an XML bomb
  or a file-reading entity needs. The declaration is refused before anything it declares is read.
- Namespaces are resolved, not matched as prefixes: the AD connector's schema declares DSML as the default
  namespace, the Entra connector's uses a ``dsml:`` prefix [S24]. Elements are named ``{uri}local`` as
  ElementTree names them; the export's own elements have no namespace.
- A NUL character (0x00) is named with its place: the Documenter stops with an XmlException on one
  (AADConnectConfigDocumenter issue 23).
- UTF-8 with or without a byte order mark, and UTF-16 with a mark.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

from typing import Any, NoReturn
from xml.etree.ElementTree import Element, TreeBuilder
from xml.parsers import expat

from .errors import ConfigError

# Far above the 1.8 MB of a one-line AD connector file [S24]; a file larger than this is not one of an export.
MAX_FILE_BYTES = 256 * 1024 * 1024
_TRUNCATED = {
    expat.errors.codes[expat.errors.XML_ERROR_NO_ELEMENTS],
    expat.errors.codes[expat.errors.XML_ERROR_UNCLOSED_TOKEN],
}


def _decode(data: bytes, what: str) -> str:
    marks = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
    codec = next((name for mark, name in marks if data.startswith(mark)), "utf-8")
    try:
        return data.decode(codec)
    except UnicodeDecodeError as err:
        raise ConfigError(f"{what} is not {codec.upper()} text: byte {err.start} cannot be decoded") from None


def _place(text: str, index: int) -> str:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"line {line}, column {column}"


def parse_xml(data: bytes, what: str, skip: frozenset[str] = frozenset()) -> Element:
    """The root element of ``data``; ``what`` names the file in every message.

    Elements named in ``skip`` (local names) are parsed but not kept, nor anything in them: a connector's
    schema is most of its 1.8 MB and none of its configuration.
    """
    if not data.strip():
        raise ConfigError(f"{what} is empty: an export writes one XML element into every file")
    if len(data) > MAX_FILE_BYTES:
        raise ConfigError(f"{what} is {len(data)} bytes, larger than any file of a configuration export")
    text = _decode(data, what)
    nul = text.find("\x00")
    if nul >= 0:
        raise ConfigError(
            f"{what} holds a NUL character (0x00) at {_place(text, nul)}, which XML does not allow: the file is "
            "damaged (cut or padded while copied). Export the configuration again"
        )
    return _Parser(what, skip).parse(text)


class _Parser:
    def __init__(self, what: str, skip: frozenset[str]) -> None:
        self.what = what
        self.skip = skip
        self.skipping = 0
        self.builder = TreeBuilder()
        parser = expat.ParserCreate("utf-8", namespace_separator="}")
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = self._refuse_doctype
        parser.EntityDeclHandler = self._refuse_entity
        parser.UnparsedEntityDeclHandler = self._refuse_entity
        parser.ExternalEntityRefHandler = self._refuse_external
        parser.SkippedEntityHandler = self._refuse_skipped
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self.builder.data
        parser.buffer_text = True
        self.parser = parser

    @staticmethod
    def _name(name: str) -> str:
        return "{" + name if "}" in name else name

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        if self.skipping:
            self.skipping += 1
            return
        self.builder.start(self._name(name), {self._name(k): v for k, v in attrs.items()})
        if name in self.skip:
            # The element stays, empty, so the file's shape is still checked; its content is not kept.
            self.skipping = 1
            self.parser.CharacterDataHandler = None

    def _end(self, name: str) -> None:
        if self.skipping:
            self.skipping -= 1
            if self.skipping:
                return
            self.parser.CharacterDataHandler = self.builder.data
        self.builder.end(self._name(name))

    def parse(self, text: str) -> Element:
        try:
            # The text is re-encoded, so a declaration naming UTF-16 must not mislead expat.
            self.parser.Parse(text.encode("utf-8"), True)
        except expat.ExpatError as err:
            where = f"line {err.lineno}, column {err.offset + 1}"
            if err.code in _TRUNCATED:
                raise ConfigError(
                    f"{self.what} is truncated: it ends at {where} before its last element is closed; the copy "
                    "was cut short. Export the configuration again"
                ) from None
            raise ConfigError(f"{self.what} is not well-formed XML: {expat.ErrorString(err.code)} at {where}") from None
        root: Element = self.builder.close()
        return root

    def _fail(self, problem: str) -> NoReturn:
        where = f"line {self.parser.CurrentLineNumber}, column {self.parser.CurrentColumnNumber + 1}"
        raise ConfigError(f"{self.what} {problem} at {where}; the file was refused without reading it")

    def _refuse_doctype(self, name: str, *_ids: Any) -> None:
        self._fail(
            f"has a DOCTYPE declaration (<!DOCTYPE {name}>), which an export never has: a DTD can declare entities "
            "that expand without bound or read other files"
        )

    def _refuse_entity(self, name: str, *_rest: Any) -> None:
        self._fail(f"declares the entity {name!r}; entities are never expanded")

    def _refuse_external(self, _context: str | None, _base: str | None, system_id: str | None, *_rest: Any) -> int:
        self._fail(f"refers to the external entity {system_id!r}, which is never read")

    def _refuse_skipped(self, name: str, _is_parameter: bool) -> None:
        self._fail(f"refers to the undeclared entity {name!r}")


def local(tag: str) -> str:
    """An element's name without its namespace."""
    return tag.rpartition("}")[2]


def text_of(element: Element | None, child: str = "") -> str:
    """The stripped text of ``element`` (or of its first child named ``child``); "" when there is none."""
    if element is not None and child:
        element = element.find(child)
    if element is None:
        return ""
    return "".join(element.itertext()).strip()
