"""Reading a twin's configuration export on the test side: its files, parsed with xml.etree, and a canonical form
that leaves out what differs between two exports of one configuration."""

from __future__ import annotations

import io
import os
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any

from lab_twins import ROOT

REFERENCE_DATA = Path(os.environ.get("ENTRA_REFERENCE_DATA", ROOT.parent / "shared" / "reference-data"))
# Microsoft's Contoso sample of a Get-ADSyncServerConfiguration export (read here, never copied).
CONTOSO = REFERENCE_DATA / "documenter-contoso" / "Production"
FOLDER = "C:\\Windows\\Temp\\hybrid_identity.entra_connect"
GUID = re.compile(r"\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?")

# What differs between two exports of one configuration, by element: times, counters, DirSync state, the
# domain controller last used and the connector account of the installation.
VOLATILE_ELEMENTS = frozenset(
    {"creation-time", "last-modification-time", "version", "cookie", "water-mark", "last-dc", "forest-login-user"}
)
# ... by global setting or connector parameter name: the same, and what an active and a staging server differ in.
VOLATILE_PARAMETERS = frozenset(
    {
        "cookie",
        "last-dc",
        "forest-login-user",
        "UserName",
        "Microsoft.Synchronize.StagingMode",
        "Microsoft.Synchronize.ServerConfigurationVersion",
        "Microsoft.Synchronize.NextStartTime",
    }
)
# The product's own version, which a newer build writes into its connector.
VERSION_ELEMENTS = frozenset({"assembly-version"})


def exported(twin: Any, folder: str = FOLDER) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The config_export answer of ``twin`` (a Twin, or a TwinHost of tests/unit/hosts.py) and the archive's
    files by entry name."""
    answer = twin.call("config_export", {"Folder": folder})
    files = (twin.twin if hasattr(twin, "twin") else twin).files
    with zipfile.ZipFile(io.BytesIO(files.data(answer["archive"]["path"]))) as archive:
        return answer, {name: archive.read(name) for name in archive.namelist()}


def parse(data: bytes) -> ET.Element:
    return ET.fromstring(data.decode("utf-8"))


def _strip(element: ET.Element) -> None:
    for child in list(element):
        name = child.get("name")
        if child.tag in VOLATILE_ELEMENTS | VERSION_ELEMENTS or (
            child.tag == "parameter" and name in VOLATILE_PARAMETERS
        ):
            element.remove(child)
            continue
        _strip(child)
    if element.text and GUID.fullmatch(element.text.strip()):
        element.text = "GUID"
    for key, value in element.attrib.items():
        if GUID.fullmatch(value):
            element.attrib[key] = "GUID"


def canonical(files: dict[str, bytes]) -> dict[str, str]:
    """Each file as XML without its volatile parts and GUIDs, keyed by what it is rather than by its GUID."""
    found: dict[str, str] = {}
    for data in files.values():
        root = parse(data)
        if root.tag == "saved-mv-configuration":
            key = "MV"
            root.attrib.clear()
        elif root.tag == "ma-data":
            key = f"connector {root.findtext('name')}"
        else:
            key = f"rule {root.findtext('direction')} {root.findtext('name')}"
        _strip(root)
        found[key] = ET.tostring(root, encoding="unicode")
    return found


def _elements(root: ET.Element) -> list[tuple[str, ET.Element]]:
    """(path, element) of every element, in document order: two files of one structure line up."""
    found: list[tuple[str, ET.Element]] = []

    def walk(element: ET.Element, path: str) -> None:
        here = f"{path}/{element.tag}"
        found.append((here, element))
        for child in element:
            walk(child, here)

    walk(root, "")
    return found


def changed_tags(first: bytes, second: bytes) -> set[str]:
    """What differs between two files of one structure: the tags whose text differs (``parameter[<name>]`` for a
    parameter), and ``@<attribute>`` for an attribute that differs."""
    left, right = _elements(parse(first)), _elements(parse(second))
    assert [p for p, _e in left] == [p for p, _e in right], "the two files differ in structure"
    changed: set[str] = set()
    for (_path, one), (_same, two) in zip(left, right, strict=True):
        if (one.text or "").strip() != (two.text or "").strip():
            changed.add(f"parameter[{one.get('name')}]" if one.tag == "parameter" else one.tag)
        changed |= {f"@{key}" for key in one.attrib.keys() | two.attrib.keys() if one.get(key) != two.get(key)}
    return changed
