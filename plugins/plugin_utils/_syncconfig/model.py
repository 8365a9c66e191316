# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A server's sync configuration as the comparison sees it: normalised, with every GUID, time, counter and
per-server name already gone, each object a flat map of field to value.

A value is a text, or a set of texts where order means nothing (selected attributes, object types, container
inclusions). Connectors are known by name, rules by (connector name, direction, rule name), as Microsoft's
Documenter pairs them [S24]; the GUIDs of two servers never match, so they are kept only to resolve a rule's
connector and to name a file in a message.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

from dataclasses import dataclass, field

Value = str | frozenset[str]
Fields = dict[str, Value]

KIND_SERVER_CONFIGURATION = "server_configuration"
KIND_SYNC_SETTINGS = "sync_settings"

# The categories of a difference, in report order. The first four are drift; the last two are expected.
CATEGORY_SYNC_RULE = "sync_rule"
CATEGORY_CONNECTOR = "connector"
CATEGORY_GLOBAL_SETTING = "global_setting"
CATEGORY_METAVERSE = "metaverse"
CATEGORY_VERSION_CHANGE = "version_change"
CATEGORY_SERVER_ROLE = "server_role"
DRIFT_CATEGORIES = (CATEGORY_SYNC_RULE, CATEGORY_CONNECTOR, CATEGORY_GLOBAL_SETTING, CATEGORY_METAVERSE)
EXPECTED_CATEGORIES = (CATEGORY_VERSION_CHANGE, CATEGORY_SERVER_ROLE)
CATEGORIES = DRIFT_CATEGORIES + EXPECTED_CATEGORIES

# A standard (out-of-box) rule carries an immutable tag "Microsoft.<Name>.<NNN>"; custom rules have none [S24].
STANDARD_TAG_PREFIX = "Microsoft."


@dataclass(frozen=True)
class Rule:
    identifier: str
    name: str
    connector: str
    direction: str
    immutable_tag: str
    fields: Fields
    # Another rule of the export has the same connector, direction and name.
    duplicate: bool = False

    @property
    def standard(self) -> bool:
        return self.immutable_tag.startswith(STANDARD_TAG_PREFIX)

    @property
    def tag_family(self) -> str:
        """The tag without its version suffix: Microsoft.InfromADUserCommon.004 -> Microsoft.InfromADUserCommon."""
        head, _dot, suffix = self.immutable_tag.rpartition(".")
        return head if head and suffix.isdigit() else self.immutable_tag

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.connector, self.direction.lower(), self.name)

    @property
    def label(self) -> str:
        return f"{self.connector} / {self.direction} / {self.name}"


@dataclass(frozen=True)
class Connector:
    identifier: str
    name: str
    category: str
    fields: Fields


@dataclass
class Configuration:
    """One side of a comparison. ``path`` is what the operator named; ``files`` how many files were read."""

    kind: str
    path: str
    label: str
    server: str | None = None
    version: str | None = None
    exported_at: str | None = None
    format_version: str = ""
    global_settings: dict[str, str] = field(default_factory=dict)
    connectors: dict[str, Connector] = field(default_factory=dict)
    rules: list[Rule] = field(default_factory=list)
    # Metaverse object type -> its attributes, and attribute -> its syntax and single-value flag.
    metaverse: Fields = field(default_factory=dict)
    files: int = 0

    def describe(self) -> dict[str, object]:
        return {
            "label": self.label,
            "path": self.path,
            "kind": self.kind,
            "server": self.server,
            "version": self.version,
            "exported_at": self.exported_at,
            "connectors": len(self.connectors),
            "sync_rules": len(self.rules),
        }
