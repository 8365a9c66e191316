# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A ``SynchronizationRule_{guid}.xml`` file as fields (layout: the Contoso sample and [S24]).

- Description fields as the Documenter lists them: description, direction, object types, link type,
  precedence, soft-delete expiry, password sync, disabled, and the immutable tag.
- Scoping: an OR of groups, each an AND of conditions; order means nothing in either, so both are sorted.
- Join: groups are tried in order, so their order is kept; the conditions of one group are sorted.
- Transformations by target attribute, each with its flow type, its source attributes (<src>, or for an
  expression the attributes its text reads), the expression, execute-once and the merge type. A change of
  any of them is a change of that target attribute, never a removed plus an added row as in the Documenter.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

from xml.etree.ElementTree import Element

from . import normalise
from .errors import ConfigError
from .model import Fields, Rule
from .xml_tree import text_of

ROOT = "synchronizationRule"
_DESCRIPTION = (
    ("description", "description"),
    ("sourceObjectType", "source_object_type"),
    ("targetObjectType", "target_object_type"),
    ("linkType", "link_type"),
    ("precedence", "precedence"),
    ("softDeleteExpiryInterval", "soft_delete_expiry_interval"),
)
_BOOLEANS = (("disabled", "disabled"), ("EnablePasswordSync", "enable_password_sync"))


def _scoping(rule: Element) -> str:
    groups = []
    for group in rule.findall("synchronizationCriteria/conditions"):
        conditions = sorted(
            f"{text_of(scope, 'csAttribute')} {text_of(scope, 'csOperator')} {text_of(scope, 'csValue')!r}"
            for scope in group.findall("scope")
        )
        groups.append("(" + " AND ".join(conditions) + ")")
    return " OR ".join(sorted(groups))


def _join(rule: Element) -> str:
    groups = []
    for group in rule.findall("relationshipCriteria/conditions"):
        conditions = sorted(
            f"{text_of(c, 'csAttribute')} = {text_of(c, 'ilmAttribute')}"
            + (" (case-sensitive)" if normalise.boolean(text_of(c, "caseSensitive")) == "true" else "")
            for c in group.findall("condition")
        )
        groups.append("(" + " AND ".join(conditions) + ")")
    return " THEN ".join(groups)


def _mapping(mapping: Element) -> str:
    source = mapping.find("src")
    attributes = {text_of(a) for a in source.findall("attr")} if source is not None else set()
    expression = text_of(mapping, "expression")
    if expression:
        flow = f"Expression: {normalise.expression(expression)}"
        # The expression says what it reads; newer builds no longer list its inputs under <src> [S24], and an
        # input named in a string (ImportedValue("proxyAddresses")) is only in <src>: <src> is not compared.
        attributes = normalise.expression_attributes(expression)
    elif source is not None and not attributes:
        flow = f"Constant: {normalise.lines(text_of(source))}"
    else:
        flow = "Direct"
    parts = [flow]
    if attributes:
        parts.append("sources: " + ", ".join(sorted(attributes, key=str.lower)))
    parts.append(f"merge: {text_of(mapping, 'valueMergeType') or 'Update'}")
    if normalise.boolean(mapping.get("execute-once", "")) == "true":
        parts.append("apply once")
    return "; ".join(parts)


def read_rule(root: Element, where: str) -> Rule:
    """The rule in ``root``; its connector is still the GUID, resolved to a name by the caller."""
    if root.tag != ROOT:
        raise ConfigError(f"{where} is not a sync rule: its root element is <{root.tag}>, not <{ROOT}>")
    name, connector, direction = text_of(root, "name"), text_of(root, "connector"), text_of(root, "direction")
    if not name or not connector or direction.lower() not in ("inbound", "outbound"):
        raise ConfigError(
            f"{where} is not a whole sync rule: it lacks its name, connector or direction (Inbound or Outbound)"
        )
    tag = text_of(root, "immutable-tag")
    fields: Fields = {label: normalise.lines(text_of(root, element)) for element, label in _DESCRIPTION}
    fields.update({label: normalise.boolean(text_of(root, element)) for element, label in _BOOLEANS})
    fields["immutable_tag"] = tag
    fields["scoping"] = _scoping(root)
    fields["join"] = _join(root)
    by_dest: dict[str, list[str]] = {}
    for mapping in root.findall("attribute-mappings/mapping"):
        by_dest.setdefault(text_of(mapping, "dest"), []).append(_mapping(mapping))
    for dest, mappings in by_dest.items():
        # Two mappings to one target attribute are kept apart, in the order of what they do, not of the file.
        for index, text in enumerate(sorted(mappings), start=1):
            fields[f"transformation[{dest}]" + (f"#{index}" if index > 1 else "")] = text
    return Rule(
        normalise.guid(text_of(root, "id")), name, normalise.guid(connector), direction.capitalize(), tag, fields
    )
