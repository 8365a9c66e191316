# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What a twin's sync rule does: its object types, link type, scoping, join and attribute flows.

A rule in the twin state names itself (identifier, name, connector, direction, precedence, disabled, immutable
tag) and may carry its content in optional keys:
- ``description`` (text), ``source_object_type``, ``target_object_type``, ``link_type`` (Join, Provision or
  StickyJoin);
- ``scoping``: groups ORed, each a list of conditions ANDed, ``{attribute, operator, value}``;
- ``join``: groups tried in order, each a list of ``{cs_attribute, mv_attribute, case_sensitive}``;
- ``mappings``: ``{dest, sources, flow_type (Direct, Constant or Expression), expression, constant,
  execute_once, merge_type}``.
A key the rule does not carry is derived here, deterministically, from the rule's name, direction and
immutable tag and its connector's type, so two servers with the same rules describe them the same way. The
derivation follows the shape of the standard rules of the Contoso sample [S24] (a "Join" rule provisions from
AD and to Entra ID, joins by anchor, and Entra ID outbound rules scope out cloudFiltered objects) but is a
short stand-in for their content, not a copy of it (INFERRED).
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import copy
from typing import Any

CONTENT_KEYS = (
    "description",
    "source_object_type",
    "target_object_type",
    "link_type",
    "scoping",
    "join",
    "mappings",
)
FLOW_TYPES = ("Direct", "Constant", "Expression")
LINK_TYPES = ("Join", "Provision", "StickyJoin")
# valueMergeType as the sample writes it (Update nearly always) [S24].
DEFAULT_MERGE_TYPE = "Update"

# Object words of rule names ("In from AD - User Join") -> (AD object class, Entra ID object class, metaverse
# class), as the sample pairs them: an AD computer or msDS-Device becomes a metaverse device [S24].
_OBJECTS = {
    "user": ("user", "user", "person"),
    "inetorgperson": ("inetOrgPerson", "user", "person"),
    "contact": ("contact", "contact", "person"),
    "group": ("group", "group", "group"),
    "computer": ("computer", "device", "device"),
    "device": ("msDS-Device", "device", "device"),
}


def _mapping(
    dest: str,
    *sources: str,
    flow: str = "Direct",
    expression: str | None = None,
    constant: str | None = None,
    once: bool = False,
) -> dict[str, Any]:
    return {
        "dest": dest,
        "sources": list(sources),
        "flow_type": flow,
        "expression": expression,
        "constant": constant,
        "execute_once": once,
        "merge_type": DEFAULT_MERGE_TYPE,
    }


def _scope(attribute: str, operator: str, value: str = "") -> dict[str, str]:
    return {"attribute": attribute, "operator": operator, "value": value}


def _join(cs_attribute: str, mv_attribute: str, case_sensitive: bool = False) -> dict[str, Any]:
    return {"cs_attribute": cs_attribute, "mv_attribute": mv_attribute, "case_sensitive": case_sensitive}


def _words(rule: dict[str, Any]) -> list[str]:
    """The words after the rule name's " - " ("User Join" of "In from AD - User Join")."""
    name = str(rule["name"])
    rest = name.partition(" - ")[2]
    return (rest or name).split()


def _standard_mappings(system: str, inbound: bool, join: bool, family: str, mv_class: str) -> list[dict[str, Any]]:
    """A few flows per kind of standard rule (INFERRED stand-ins, see the module's docstring)."""
    if system == "AD" and inbound and join:
        return [
            _mapping(
                "cloudFiltered",
                "isCriticalSystemObject",
                "sAMAccountName",
                flow="Expression",
                expression=(
                    'IIF(IsPresent([isCriticalSystemObject]) || Left([sAMAccountName], 5) = "MSOL_", True, NULL)'
                ),
            ),
            _mapping(
                "sourceAnchor",
                "mS-DS-ConsistencyGuid",
                "objectGUID",
                flow="Expression",
                expression="ConvertToBase64(IIF(IsPresent([mS-DS-ConsistencyGuid]),[mS-DS-ConsistencyGuid],[objectGUID]))",
            ),
        ]
    if system == "AD" and inbound:
        flows = [
            _mapping("displayName", "displayName"),
            _mapping("domainFQDN", flow="Expression", expression="%Domain.FQDN%"),
        ]
        if mv_class == "person" and "common" in family:
            flows += [_mapping("mail", "mail"), _mapping("userPrincipalName", "userPrincipalName")]
        return flows
    if system == "AD":
        if "immutableid" in family:
            return [_mapping("mS-DS-ConsistencyGuid", "sourceAnchorBinary")]
        return []
    if inbound:
        return [_mapping("cloudAnchor", "cloudAnchor"), _mapping("cloudSourceAnchor", "sourceAnchor")]
    flows = [_mapping("displayName", "displayName"), _mapping("sourceAnchor", "sourceAnchor")]
    if join and mv_class == "person":
        flows = [
            _mapping("accountEnabled", "accountEnabled"),
            *flows,
            _mapping("userPrincipalName", "userPrincipalName"),
            _mapping("cloudCreated", flow="Constant", constant="False", once=True),
        ]
    return flows


def _custom_mappings(words: list[str], system: str, inbound: bool) -> tuple[list[dict[str, Any]], list[Any]]:
    """Flows and scoping of a custom rule from the words of its name (INFERRED stand-ins)."""
    lowered = [w.lower() for w in words]
    if "filter" in lowered:
        subject = words[lowered.index("filter") - 1] if lowered.index("filter") else "Filtered"
        return [_mapping("cloudFiltered", flow="Constant", constant="True")], [[_scope("department", "EQUAL", subject)]]
    if "mail" in lowered:
        return [_mapping("mail", "mail", flow="Expression", expression="Trim([mail])")], []
    if "extension" in lowered:
        prefix = "" if system == "AD" or inbound else "extension_"
        return [_mapping(f"{prefix}extensionAttribute10", "extensionAttribute10")], []
    return [_mapping("displayName", "displayName")], []


def derived_content(rule: dict[str, Any], connector_type: str) -> dict[str, Any]:
    """The content of a rule that carries none, from its name, direction, tag and connector type."""
    system = "AD" if connector_type == "AD" else "AAD"
    inbound = rule["direction"] == "Inbound"
    words = _words(rule)
    known = next((w.lower() for w in words if w.lower() in _OBJECTS), "user")
    ad_class, entra_class, mv_class = _OBJECTS[known]
    cs_class = ad_class if system == "AD" else entra_class
    standard = (rule.get("immutable_tag") or "").startswith("Microsoft.")
    join = "join" in [w.lower() for w in words]
    family = (rule.get("immutable_tag") or "").lower()
    scoping: list[Any] = []
    joins: list[list[dict[str, Any]]] = []
    if standard:
        mappings = _standard_mappings(system, inbound, join, family, mv_class)
        if system == "AD" and inbound:
            scoping = [
                [
                    _scope("isCriticalSystemObject", "NOTEQUAL", "True"),
                    _scope("adminDescription", "NOTSTARTSWITH", f"{known.capitalize()}_"),
                ]
            ]
        elif system == "AAD" and not inbound:
            scoping = [[_scope("cloudFiltered", "NOTEQUAL", "True"), _scope("sourceAnchor", "ISNOTNULL")]]
    else:
        mappings, scoping = _custom_mappings(words, system, inbound)
    if join and system == "AD" and inbound:
        joins = [[_join("objectSid", "objectSid")], [_join("mS-DS-ConsistencyGuid", "sourceAnchorBinary")]]
    elif join and system == "AD":
        joins = [[_join("objectGUID", "sourceAnchorBinary")]]
    elif join:
        joins = [[_join("sourceAnchor" if not inbound else "cloudSourceAnchor", "sourceAnchor", True)]]
    # The sample's "Join" rules provision from AD into the metaverse and from it into Entra ID [S24].
    provision = join and standard and (inbound == (system == "AD"))
    return {
        "description": "",
        "source_object_type": cs_class if inbound else mv_class,
        "target_object_type": mv_class if inbound else cs_class,
        "link_type": "Provision" if provision else "Join",
        "scoping": scoping,
        "join": joins,
        "mappings": mappings,
    }


def _filled_mapping(mapping: dict[str, Any]) -> dict[str, Any]:
    """A mapping from the state with every key: a seed may leave out what it does not use."""
    return {
        "dest": mapping["dest"],
        "sources": list(mapping.get("sources") or []),
        "flow_type": mapping.get("flow_type", "Direct"),
        "expression": mapping.get("expression"),
        "constant": mapping.get("constant"),
        "execute_once": bool(mapping.get("execute_once", False)),
        "merge_type": mapping.get("merge_type") or DEFAULT_MERGE_TYPE,
    }


def rule_content(rule: dict[str, Any], connector_type: str) -> dict[str, Any]:
    """Every content key of a rule: what the rule carries, the derived content for what it does not."""
    derived = derived_content(rule, connector_type)
    content = {key: copy.deepcopy(rule[key]) if key in rule else derived[key] for key in CONTENT_KEYS}
    content["mappings"] = [_filled_mapping(m) for m in content["mappings"]]
    content["join"] = [
        [_join(c["cs_attribute"], c["mv_attribute"], bool(c.get("case_sensitive"))) for c in group]
        for group in content["join"]
    ]
    content["scoping"] = [
        [_scope(c["attribute"], c["operator"], c.get("value") or "") for c in group] for group in content["scoping"]
    ]
    return content


def enables_password_sync(rule: dict[str, Any]) -> bool:
    """EnablePasswordSync: true on the two standard rules the sample sets it on, the AD user account rule and
    the Entra ID user join [S24]."""
    family = (rule.get("immutable_tag") or "").rsplit(".", 1)[0]
    return family in ("Microsoft.InfromADUserAccountEnabled", "Microsoft.OuttoAADUserJoin")
