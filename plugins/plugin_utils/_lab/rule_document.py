# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""``SynchronizationRules\\SynchronizationRule_{guid}.xml`` of a twin's export, as the Contoso sample lays it out.

Every rule has every element, in the sample's order, empty groups self-closed [S24]: id and internal-id
(lower-case GUIDs in braces), version, name, description, immutable-tag (empty for a custom rule), direction,
disabled (True/False), connector (the connector's lower-case GUID in braces), the object types, linkType,
precedence, precedence-after and -before (the empty GUID), softDeleteExpiryInterval, EnablePasswordSync, then
attribute-mappings, relationshipCriteria (join) and synchronizationCriteria (scoping). A direct flow lists its
sources under ``<src><attr>``, a constant is the text of ``<src>``, an expression lists its sources and
``<expression>``; ``caseSensitive`` is written only when true, before the attributes, as in the sample.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

from typing import Any

from .rule_content import enables_password_sync, rule_content
from .xml_text import CRLF, Element, element

EMPTY_GUID = "{00000000-0000-0000-0000-000000000000}"
# A rule's own version counter: 1 until someone edits it (the sample's rules are all at 1) [S24].
RULE_VERSION = 1
# No soft-delete expiry: the sample's value on every rule [S24].
SOFT_DELETE_EXPIRY = "00:00:00"


def _braced(identifier: str) -> str:
    return "{" + identifier.strip("{}").lower() + "}"


def _mapping(mapping: dict[str, Any]) -> Element:
    children = [element("dest", text=mapping["dest"])]
    if mapping["flow_type"] == "Constant":
        children.append(element("src", text=mapping["constant"] or ""))
    elif mapping["sources"]:
        children.append(element("src", *(element("attr", text=source) for source in mapping["sources"])))
    if mapping["flow_type"] == "Expression":
        children.append(element("expression", text=mapping["expression"] or ""))
    children.append(element("valueMergeType", text=mapping["merge_type"]))
    return element("mapping", *children, attributes={"execute-once": "true"} if mapping["execute_once"] else None)


def _join_condition(condition: dict[str, Any]) -> Element:
    children = [element("caseSensitive", text="True")] if condition["case_sensitive"] else []
    children += [
        element("csAttribute", text=condition["cs_attribute"]),
        element("ilmAttribute", text=condition["mv_attribute"]),
    ]
    return element("condition", *children)


def _scope(condition: dict[str, Any]) -> Element:
    return element(
        "scope",
        element("csAttribute", text=condition["attribute"]),
        element("csOperator", text=condition["operator"]),
        element("csValue", text=condition["value"]),
    )


def rule_element(rule: dict[str, Any], connector_type: str) -> Element:
    content = rule_content(rule, connector_type)
    identifier = _braced(rule["identifier"])
    return element(
        "synchronizationRule",
        element("id", text=identifier),
        element("internal-id", text=identifier),
        element("version", text=RULE_VERSION),
        element("name", text=rule["name"]),
        element("description", text=content["description"]),
        element("immutable-tag", text=rule.get("immutable_tag") or ""),
        element("direction", text=rule["direction"]),
        element("disabled", text="True" if rule["disabled"] else "False"),
        element("connector", text=_braced(rule["connector"])),
        element("sourceObjectType", text=content["source_object_type"]),
        element("targetObjectType", text=content["target_object_type"]),
        element("linkType", text=content["link_type"]),
        element("precedence", text=rule["precedence"]),
        element("precedence-after", text=EMPTY_GUID),
        element("precedence-before", text=EMPTY_GUID),
        element("softDeleteExpiryInterval", text=SOFT_DELETE_EXPIRY),
        element("EnablePasswordSync", text="true" if enables_password_sync(rule) else "false"),
        element("attribute-mappings", *(_mapping(m) for m in content["mappings"])),
        element(
            "relationshipCriteria",
            *(element("conditions", *(_join_condition(c) for c in group)) for group in content["join"]),
        ),
        element(
            "synchronizationCriteria",
            *(element("conditions", *(_scope(c) for c in group)) for group in content["scoping"]),
        ),
    )


def rule_document(rule: dict[str, Any], connector_type: str) -> str:
    """The file's text: indented, CRLF, no final line break, as the sample's rule files end [S24]."""
    return CRLF.join(rule_element(rule, connector_type).lines())


def rule_file_name(rule: dict[str, Any]) -> str:
    return f"SynchronizationRules/SynchronizationRule_{_braced(rule['identifier'])}.xml"
