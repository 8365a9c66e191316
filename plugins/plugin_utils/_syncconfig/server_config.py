# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A whole server-configuration export read into a ``Configuration``, or a clear refusal.

A rule names its connector by GUID, lower-case, while the connector file's ``<id>`` is upper-case [S24]: both
are compared without case and the rule is then known by its connector's name. A rule whose connector is not
in the export, two connectors of one name, or two files of one rule make the export unusable: a comparison
built on a guess would be presented as complete.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import dataclasses

from .connector_xml import read_connector
from .errors import ConfigError
from .export_files import CONNECTORS, GLOBAL_SETTINGS, MV_FILE, SYNC_RULES, export_files
from .model import KIND_SERVER_CONFIGURATION, Configuration, Connector, Rule
from .mv_xml import SETTING_SERVER_CONFIGURATION_VERSION, read_global_settings
from .rule_xml import read_rule
from .xml_tree import parse_xml

# Not one connector schema is compared; it is most of the bytes of an export.
_SKIP_IN_CONNECTORS = frozenset({"schema"})


def read_server_configuration(path: str, label: str) -> Configuration:
    files = export_files(path)
    mv_file = next(f for f in files if f.folder == GLOBAL_SETTINGS and f.name.lower() == MV_FILE)
    settings = read_global_settings(parse_xml(mv_file.data, mv_file.where), mv_file.where)
    by_id: dict[str, Connector] = {}
    by_name: dict[str, str] = {}
    for file in (f for f in files if f.folder == CONNECTORS):
        connector = read_connector(parse_xml(file.data, file.where, _SKIP_IN_CONNECTORS), file.where)
        if connector.name in by_name:
            raise ConfigError(
                f"{path} holds two connectors named {connector.name!r} ({by_name[connector.name]} and {file.where}); "
                "a server has one connector of a name"
            )
        by_id[connector.identifier], by_name[connector.name] = connector, file.where
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for file in (f for f in files if f.folder == SYNC_RULES):
        rule = read_rule(parse_xml(file.data, file.where), file.where)
        if rule.identifier in seen:
            raise ConfigError(
                f"{path} holds the sync rule {rule.identifier} twice: {seen[rule.identifier]} and {file.where}"
            )
        seen[rule.identifier] = file.where
        owner = by_id.get(rule.connector)
        if owner is None:
            raise ConfigError(
                f"{file.where}: the sync rule {rule.name!r} belongs to connector {{{rule.connector}}}, which is not in "
                f"{path}: the export is incomplete"
            )
        rules.append(dataclasses.replace(rule, connector=owner.name))
    if not rules:
        raise ConfigError(f"{path} holds no sync rule: an Entra Connect server always has its standard rules")
    return Configuration(
        kind=KIND_SERVER_CONFIGURATION,
        path=path,
        label=label,
        server=settings.server,
        version=settings.settings.get(SETTING_SERVER_CONFIGURATION_VERSION),
        exported_at=settings.exported_at,
        format_version=settings.format_version,
        global_settings=settings.settings,
        connectors={c.name: c for c in by_id.values()},
        rules=rules,
        metaverse=settings.metaverse,
        files=len(files),
    )
