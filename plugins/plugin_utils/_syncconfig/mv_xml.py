# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""``GlobalSettings\\MV.xml``: the global parameters and the metaverse schema (layout: the Contoso sample, [S24]).

``<saved-mv-configuration server=.. export-date=..><mv-data>`` with ``<parameter-values>`` (one ``<parameter
name=..>`` per global setting) and a DSML schema whose namespace is resolved, not matched by prefix.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

from dataclasses import dataclass
from xml.etree.ElementTree import Element

from .errors import ConfigError
from .model import Fields
from .xml_tree import local, text_of

ROOT = "saved-mv-configuration"
DSML = "http://www.dsml.org/DSML"
SETTING_SERVER_CONFIGURATION_VERSION = "Microsoft.Synchronize.ServerConfigurationVersion"


@dataclass(frozen=True)
class GlobalSettingsFile:
    server: str | None
    exported_at: str | None
    format_version: str
    settings: dict[str, str]
    metaverse: Fields


def _dsml(element: Element, name: str) -> list[Element]:
    return [child for child in element if child.tag == f"{{{DSML}}}{name}"]


def _metaverse(mv_data: Element) -> Fields:
    fields: Fields = {}
    schema = next((e for e in mv_data.iter() if e.tag == f"{{{DSML}}}directory-schema"), None)
    if schema is None:
        return fields
    for attribute in _dsml(schema, "attribute-type"):
        name = "".join(text_of(n) for n in _dsml(attribute, "name")) or attribute.get("id", "")
        syntax = "".join(text_of(s) for s in _dsml(attribute, "syntax"))
        single = attribute.get("single-value", "false").lower() == "true"
        fields[f"attribute[{name}]"] = f"{syntax}, {'single' if single else 'multi'}-valued"
    for object_class in _dsml(schema, "class"):
        name = "".join(text_of(n) for n in _dsml(object_class, "name")) or object_class.get("id", "")
        fields[f"class[{name}]"] = frozenset(a.get("ref", "").lstrip("#") for a in _dsml(object_class, "attribute"))
    return fields


def read_global_settings(root: Element, where: str) -> GlobalSettingsFile:
    if root.tag != ROOT:
        raise ConfigError(
            f"{where} is not the global settings of an export: its root element is <{root.tag}>, not <{ROOT}>"
        )
    mv_data = root.find("mv-data")
    if mv_data is None:
        raise ConfigError(f"{where} lacks <mv-data>: it is not a whole global settings file")
    settings = {}
    for parameter in mv_data.iterfind("parameter-values/parameter"):
        if local(parameter.tag) == "parameter" and parameter.get("name"):
            settings[parameter.get("name", "")] = text_of(parameter)
    if SETTING_SERVER_CONFIGURATION_VERSION not in settings:
        raise ConfigError(
            f"{where} lacks the global setting {SETTING_SERVER_CONFIGURATION_VERSION}, which every export carries"
        )
    return GlobalSettingsFile(
        root.get("server"), root.get("export-date"), text_of(mv_data, "format-version"), settings, _metaverse(mv_data)
    )
