# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""XML text as the sync engine writes it in a server-configuration export: elements, escaped text, two layouts.

The Contoso sample [S24] mixes two layouts, sometimes in one file: indented, one element per line, and
compact, whole subtrees on one line (most of the AD connector file). Empty elements are written ``<tag />``,
except the three connector placeholders written ``<join/>`` (``tight``). Text escapes ``&``, ``<`` and ``>``;
attribute values also ``"``. Lines end with CRLF, as on Windows; there is no XML declaration.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

from dataclasses import dataclass, field

CRLF = "\r\n"


def escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_attribute(text: str) -> str:
    return escape_text(text).replace('"', "&quot;")


@dataclass
class Element:
    tag: str
    attributes: tuple[tuple[str, str], ...] = ()
    children: list[Element] = field(default_factory=list)
    text: str | None = None
    # Written <tag/> rather than <tag /> when empty, as the sample writes <join/>.
    tight: bool = False

    def _open(self) -> str:
        attributes = "".join(f' {name}="{escape_attribute(value)}"' for name, value in self.attributes)
        return f"<{self.tag}{attributes}"

    def _empty(self) -> bool:
        return not self.children and not self.text

    def compact(self) -> str:
        """The element and everything in it on one line."""
        if self._empty():
            return self._open() + ("/>" if self.tight else " />")
        inner = escape_text(self.text or "") + "".join(child.compact() for child in self.children)
        return f"{self._open()}>{inner}</{self.tag}>"

    def lines(self, indent: str = "", unit: str = "  ") -> list[str]:
        """The element indented: one line per element, a leaf with its text on its own line."""
        if self._empty() or not self.children:
            return [indent + self.compact()]
        inner = [line for child in self.children for line in child.lines(indent + unit, unit)]
        return [f"{indent}{self._open()}>", *inner, f"{indent}</{self.tag}>"]


def element(
    tag: str,
    *children: Element,
    text: str | int | None = None,
    attributes: dict[str, str] | None = None,
    tight: bool = False,
) -> Element:
    """An element with children, or with text (a number is written as its decimal digits)."""
    return Element(tag, tuple((attributes or {}).items()), list(children), None if text is None else str(text), tight)


def leaves(**values: str | int | None) -> list[Element]:
    """Leaf elements in the order given; a keyword's underscores are the tag's hyphens."""
    return [element(name.replace("_", "-"), text=value) for name, value in values.items()]
