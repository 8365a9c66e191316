# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A sync-settings JSON export (``Applied-SynchronizationPolicy-*.json``, or the ``MigratedPolicy.json`` of a
migration folder) read into a ``Configuration``.

Microsoft publishes no schema for these files [S6]; the names read here are those public parsers read [S29]:
``onpremisesDirectoryPolicy[]`` (``friendlyName``, ``partitionFilters``, ``customSynchronizationRules``,
``standardSynchronizationRules``) and ``azureDirectoryPolicy``. Every other field of a rule or a directory is
compared as it is, after the GUIDs are dropped and the keys sorted, as Microsoft's own advice (compare the two
JSON files side by side) and dloder0's normaliser do [S29]. The Entra ID connector has no name in the file, so
both sides call it ``ENTRA_CONNECTOR``.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import json
from typing import Any

from .._common.errors import EntraConnectError
from .._rules.export_settings import validate_json_export
from . import normalise
from .errors import ConfigError
from .model import KIND_SYNC_SETTINGS, Configuration, Connector, Fields, Rule

ENTRA_CONNECTOR = "Microsoft Entra ID (the tenant's connector)"
_IDENTIFIERS = frozenset({"uniqueIdentifier", "internalIdentifier", "identifier", "id", "connector"})
_POLICY_KEYS = frozenset({"onpremisesDirectoryPolicy", "azureDirectoryPolicy", "policyMetadata", "deploymentMetadata"})
_RULE_LISTS = ("standardSynchronizationRules", "customSynchronizationRules")


def _canonical(value: Any) -> Any:
    """Lists in a fixed order: the file's order of mappings and conditions is not configuration (INFERRED, as the
    order of the XML export's mappings is not; join groups, whose order is, are not known by name here)."""
    if isinstance(value, dict):
        return {key: _canonical(item) for key, item in value.items()}
    if isinstance(value, list):
        return sorted((_canonical(item) for item in value), key=lambda item: json.dumps(item, sort_keys=True))
    return value


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return normalise.lines(value)
    return json.dumps(_canonical(value), sort_keys=True, ensure_ascii=False)


def _texts(value: Any, what: str) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{what} must be a list of distinguished names, got {json.dumps(value)[:200]}")
    return frozenset(value)


def _direction(rule: dict[str, Any]) -> str:
    explicit = str(rule.get("direction") or "")
    if explicit.lower() in ("inbound", "outbound"):
        return explicit.capitalize()
    # Standard rules carry no direction in the file; their names say it ("In from AD - ...", "Out to AAD - ...").
    return "Inbound" if str(rule.get("name", "")).startswith("In from") else "Outbound"


def _rules(policy: dict[str, Any], connector: str) -> list[Rule]:
    rules = []
    for key in _RULE_LISTS:
        for rule in policy.get(key) or []:
            fields: Fields = {
                name: _value(value) for name, value in sorted(rule.items()) if name not in _IDENTIFIERS | {"name"}
            }
            tag = str(rule.get("immutableTag") or "")
            fields["immutable_tag"] = tag
            fields.pop("immutableTag", None)
            if "disabled" in fields:
                fields["disabled"] = normalise.boolean(str(fields["disabled"]))
            identifier = normalise.guid(str(rule.get("uniqueIdentifier") or ""))
            rules.append(Rule(identifier, str(rule["name"]), connector, _direction(rule), tag, fields))
    return rules


def _directory(directory: dict[str, Any], path: str) -> Connector:
    fields: Fields = {
        name: _value(value)
        for name, value in sorted(directory.items())
        if name not in _IDENTIFIERS | set(_RULE_LISTS) | {"friendlyName", "partitionFilters"}
    }
    for partition in directory.get("partitionFilters") or []:
        where = f"{path}: partitionFilters of {directory['friendlyName']!r}"
        if not isinstance(partition, dict):
            raise ConfigError(f"{where} must hold objects, got {json.dumps(partition)[:200]}")
        prefix = f"partition[{partition.get('distinguishedName', '')}]"
        for kind, key in (("inclusions", "containerInclusions"), ("exclusions", "containerExclusions")):
            fields[f"{prefix}.{kind}"] = _texts(partition.get(key) or [], f"{where} {key}")
    identifier = normalise.guid(str(directory.get("uniqueIdentifier") or ""))
    return Connector(identifier, str(directory["friendlyName"]), "AD", fields)


def read_sync_settings(path: str, label: str) -> Configuration:
    try:
        with open(path, "rb") as handle:
            document = validate_json_export(handle.read(), path, "applied_policy")
    except OSError as err:
        raise ConfigError(f"{path} cannot be read: {err.strerror or err}") from None
    except EntraConnectError as err:
        raise ConfigError(str(err)) from None
    connectors = [_directory(d, path) for d in document["onpremisesDirectoryPolicy"]]
    rules = [rule for d in document["onpremisesDirectoryPolicy"] for rule in _rules(d, str(d["friendlyName"]))]
    entra = document["azureDirectoryPolicy"] or {}
    if not isinstance(entra, dict):
        raise ConfigError(f"{path}: azureDirectoryPolicy must be an object")
    entra_fields: Fields = {name: _value(value) for name, value in sorted(entra.items()) if name not in _RULE_LISTS}
    connectors.append(Connector("", ENTRA_CONNECTOR, "Extensible2", entra_fields))
    rules += _rules(entra, ENTRA_CONNECTOR)
    names = [c.name for c in connectors]
    if len(set(names)) != len(names):
        raise ConfigError(f"{path} names one directory twice in onpremisesDirectoryPolicy: {sorted(names)}")
    metadata = document.get("policyMetadata") or {}
    deployment = document.get("deploymentMetadata") or {}
    return Configuration(
        kind=KIND_SYNC_SETTINGS,
        path=path,
        label=label,
        server=deployment.get("hostName"),
        version=metadata.get("azureADConnectVersion"),
        exported_at=metadata.get("timeCreated"),
        format_version="json",
        global_settings={k: _value(v) for k, v in sorted(document.items()) if k not in _POLICY_KEYS},
        connectors={c.name: c for c in connectors},
        rules=rules,
        files=1,
    )
