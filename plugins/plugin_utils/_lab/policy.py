# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The synchronization policy a twin writes (applied policy, MigratedPolicy.json) and its wizard imports.

The wizard's import carries the sync rules, the directories with their domain and OU filtering, and the
synchronization settings [S6]. The layout is the applied policy's: ``onpremisesDirectoryPolicy`` (one entry per
AD connector: ``friendlyName``, ``uniqueIdentifier``, ``partitionFilters`` with ``distinguishedName``,
``containerInclusions`` and ``containerExclusions``, and the connector's rules) and ``azureDirectoryPolicy``
(the Entra ID connector's rules); rules are ``standardSynchronizationRules`` (with ``immutableTag``) or
``customSynchronizationRules`` (with ``internalIdentifier`` and ``direction``) [S29].

INFERRED (no public source names them): the fields of a rule's content, written with the names of the
ADSync rule object's properties [S9] in camelCase (``description``, ``sourceObjectType``, ``targetObjectType``,
``linkType``, ``scopeFilter`` of ``scopeConditionList`` of ``attribute``/``comparisonOperator``/
``comparisonValue``, ``joinFilter`` of ``joinConditionList`` of ``csAttribute``/``mvAttribute``/
``caseSensitive``, ``attributeFlowMappings`` of ``destination``/``source``/``flowType``/``expression``/
``constant``/``executeOnce``/``valueMergeType``), and ``globalSettings``, the synchronization settings by
their global setting names. A policy without them (the seeds' older files) carries no rule content and no
settings: the importing twin then derives the content (rule_content.py) and keeps its defaults.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .._rules.facts import ENTRA_CONNECTOR_ID
from .partitions import partitions
from .rule_content import rule_content

GLOBAL_SETTINGS_KEY = "globalSettings"
# Twin content key -> policy field (INFERRED names, see the module's docstring).
_FIELDS = {
    "description": "description",
    "source_object_type": "sourceObjectType",
    "target_object_type": "targetObjectType",
    "link_type": "linkType",
}


def _content_fields(content: dict[str, Any]) -> dict[str, Any]:
    fields = {field: content[key] for key, field in _FIELDS.items()}
    fields["scopeFilter"] = [
        {
            "scopeConditionList": [
                {"attribute": c["attribute"], "comparisonOperator": c["operator"], "comparisonValue": c["value"]}
                for c in group
            ]
        }
        for group in content["scoping"]
    ]
    fields["joinFilter"] = [
        {
            "joinConditionList": [
                {
                    "csAttribute": c["cs_attribute"],
                    "mvAttribute": c["mv_attribute"],
                    "caseSensitive": c["case_sensitive"],
                }
                for c in group
            ]
        }
        for group in content["join"]
    ]
    fields["attributeFlowMappings"] = [
        {
            "destination": m["dest"],
            "source": list(m["sources"]),
            "flowType": m["flow_type"],
            "expression": m["expression"],
            "constant": m["constant"],
            "executeOnce": m["execute_once"],
            "valueMergeType": m["merge_type"],
        }
        for m in content["mappings"]
    ]
    return fields


def _content_from(entry: dict[str, Any]) -> dict[str, Any]:
    """The content keys a policy rule carries, as twin state keys; absent fields stay absent."""
    content = {key: entry[field] for key, field in _FIELDS.items() if field in entry}
    if "scopeFilter" in entry:
        content["scoping"] = [
            [
                {
                    "attribute": c["attribute"],
                    "operator": c["comparisonOperator"],
                    "value": c.get("comparisonValue") or "",
                }
                for c in group.get("scopeConditionList") or []
            ]
            for group in entry["scopeFilter"]
        ]
    if "joinFilter" in entry:
        content["join"] = [
            [
                {
                    "cs_attribute": c["csAttribute"],
                    "mv_attribute": c["mvAttribute"],
                    "case_sensitive": bool(c.get("caseSensitive")),
                }
                for c in group.get("joinConditionList") or []
            ]
            for group in entry["joinFilter"]
        ]
    if "attributeFlowMappings" in entry:
        content["mappings"] = [
            {
                "dest": m["destination"],
                "sources": list(m.get("source") or []),
                "flow_type": m.get("flowType") or "Direct",
                "expression": m.get("expression"),
                "constant": m.get("constant"),
                "execute_once": bool(m.get("executeOnce")),
                "merge_type": m.get("valueMergeType") or "Update",
            }
            for m in entry["attributeFlowMappings"]
        ]
    return content


def _rules(rules: list[dict[str, Any]], connector_type: str) -> dict[str, list[dict[str, Any]]]:
    """A connector's rules as a policy lists them: standard rules carry their immutable tag [S29]."""
    standard, custom = [], []
    for rule in rules:
        common = {
            "uniqueIdentifier": rule["identifier"],
            "name": rule["name"],
            "precedence": rule["precedence"],
            "disabled": rule["disabled"],
            **_content_fields(rule_content(rule, connector_type)),
        }
        if rule.get("immutable_tag"):
            standard.append(dict(common, immutableTag=rule["immutable_tag"]))
        else:
            custom.append(dict(common, internalIdentifier=rule["identifier"], direction=rule["direction"]))
    return {"standardSynchronizationRules": standard, "customSynchronizationRules": custom}


def policy_of(product: dict[str, Any]) -> dict[str, Any]:
    """The connectors, partition filters, rules and settings of a twin's engine, in the applied policy's layout."""
    rules = product.get("sync_rules") or []
    settings = product.get("connector_settings") or {}

    def of(connector: dict[str, Any]) -> list[dict[str, Any]]:
        return [rule for rule in rules if rule["connector"].lower() == connector["identifier"].lower()]

    directories = [
        {
            "uniqueIdentifier": c["identifier"],
            "friendlyName": c["name"],
            "fullyQualifiedDomainName": c["name"],
            "partitionFilters": [
                {
                    "distinguishedName": p["name"],
                    "containerInclusions": p["inclusions"],
                    "containerExclusions": p["exclusions"],
                }
                for p in partitions(c, settings.get(c["identifier"]))
            ],
            **_rules(of(c), "AD"),
        }
        for c in product["connectors"]
        if c["type"] == "AD"
    ]
    entra = [rule for c in product["connectors"] if c["type"] != "AD" for rule in of(c)]
    return {
        "onpremisesDirectoryPolicy": directories,
        "azureDirectoryPolicy": _rules(entra, "Extensible2"),
        GLOBAL_SETTINGS_KEY: dict(sorted((product.get("global_settings") or {}).items())),
    }


def _direction(rule: dict[str, Any]) -> str:
    return rule.get("direction") or ("Inbound" if rule["name"].startswith("In from") else "Outbound")


def _imported_rules(entries: list[dict[str, Any]], connector: str) -> list[dict[str, Any]]:
    return [
        {
            "identifier": entry["uniqueIdentifier"],
            "name": entry["name"],
            "connector": connector,
            "direction": _direction(entry),
            "precedence": entry["precedence"],
            "disabled": bool(entry.get("disabled")),
            "immutable_tag": entry.get("immutableTag"),
            **_content_from(entry),
        }
        for entry in entries
    ]


@dataclass(frozen=True)
class ImportedPolicy:
    """What the wizard takes from a policy: connectors, their rules and partitions, and the settings."""

    connectors: list[dict[str, Any]]
    rules: list[dict[str, Any]]
    # Connector identifier -> partitions, for the connectors whose policy entry has partition filters.
    partitions: dict[str, list[dict[str, Any]]]
    # None when the policy carries no settings.
    global_settings: dict[str, str | None] | None


def read_policy(policy: dict[str, Any], entra_name: str) -> ImportedPolicy:
    connectors: list[dict[str, Any]] = []
    rules: list[dict[str, Any]] = []
    found: dict[str, list[dict[str, Any]]] = {}
    for directory in policy.get("onpremisesDirectoryPolicy") or []:
        identifier = directory["uniqueIdentifier"]
        connectors.append(
            {
                "identifier": identifier,
                "name": directory["friendlyName"],
                "connector_type_name": "AD",
                "type": "AD",
                "subtype": "",
            }
        )
        rules += _imported_rules(directory.get("standardSynchronizationRules") or [], identifier)
        rules += _imported_rules(directory.get("customSynchronizationRules") or [], identifier)
        if directory.get("partitionFilters"):
            found[identifier] = [
                {
                    "name": f["distinguishedName"],
                    "inclusions": list(f.get("containerInclusions") or []),
                    "exclusions": list(f.get("containerExclusions") or []),
                }
                for f in directory["partitionFilters"]
            ]
    entra = policy.get("azureDirectoryPolicy") or {}
    connectors.append(
        {
            "identifier": ENTRA_CONNECTOR_ID,
            "name": entra_name,
            "connector_type_name": "Extensible2",
            "type": "Extensible2",
            "subtype": "Windows Azure Active Directory (Microsoft)",
        }
    )
    rules += _imported_rules(entra.get("standardSynchronizationRules") or [], ENTRA_CONNECTOR_ID)
    rules += _imported_rules(entra.get("customSynchronizationRules") or [], ENTRA_CONNECTOR_ID)
    settings = policy.get(GLOBAL_SETTINGS_KEY)
    return ImportedPolicy(connectors, rules, found, dict(settings) if isinstance(settings, dict) else None)
