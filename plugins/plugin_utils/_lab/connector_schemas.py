# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Short DSML schemas for a twin's export: the AD and Entra ID connectors' and the metaverse's.

Shaped as the Contoso sample writes them [S24] but a few dozen attributes long instead of thousands:
- AD connector: DSML as the default namespace and ``m:`` for the MMS extensions, attribute types with short
  ids (``A0``...), then classes (``C0``...), then one ``m:dit-content-rule``; written on one line.
- Entra ID connector and metaverse: ``dsml:`` and ``ms-dsml:`` prefixes and
  ``ms-dsml:no-objectclass-validation``; attribute ids are the names.
Every attribute the connector selects is in its schema, with the text syntax when this table does not know it.
Syntax OIDs as the sample uses them: 1.3.6.1.4.1.1466.115.121.1.15 text, .7 boolean, .27 integer, .40 binary,
.12 distinguished name (a reference).
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

from .xml_text import Element, element

DSML = "http://www.dsml.org/DSML"
MMS_DSML = "http://www.microsoft.com/MMS/DSML"
TEXT, BOOLEAN, INTEGER, BINARY, REFERENCE = (f"1.3.6.1.4.1.1466.115.121.1.{n}" for n in (15, 7, 27, 40, 12))

# name -> (syntax, single-valued)
AD_ATTRIBUTES: dict[str, tuple[str, bool]] = {
    "adminDescription": (TEXT, True),
    "cn": (TEXT, True),
    "department": (TEXT, True),
    "displayName": (TEXT, True),
    "extensionAttribute10": (TEXT, True),
    "givenName": (TEXT, True),
    "isCriticalSystemObject": (BOOLEAN, True),
    "mail": (TEXT, True),
    "member": (REFERENCE, False),
    "mS-DS-ConsistencyGuid": (BINARY, True),
    "objectGUID": (BINARY, True),
    "objectSid": (BINARY, True),
    "proxyAddresses": (TEXT, False),
    "pwdLastSet": (INTEGER, True),
    "sAMAccountName": (TEXT, True),
    "sn": (TEXT, True),
    "userAccountControl": (INTEGER, True),
    "userPrincipalName": (TEXT, True),
}
AD_CLASSES = ("user", "inetOrgPerson", "contact", "group", "computer", "msDS-Device", "organizationalUnit")
ENTRA_ATTRIBUTES: dict[str, tuple[str, bool]] = {
    "accountEnabled": (BOOLEAN, True),
    "cloudAnchor": (TEXT, True),
    "commonName": (TEXT, True),
    "displayName": (TEXT, True),
    "mail": (TEXT, True),
    "member": (REFERENCE, False),
    "onPremisesSamAccountName": (TEXT, True),
    "proxyAddresses": (TEXT, False),
    "sourceAnchor": (TEXT, True),
    "userPrincipalName": (TEXT, True),
}
ENTRA_CLASSES = ("contact", "device", "group", "user")
MV_ATTRIBUTES: dict[str, tuple[str, bool]] = {
    "accountEnabled": (BOOLEAN, True),
    "cloudAnchor": (TEXT, True),
    "cloudFiltered": (BOOLEAN, True),
    "displayName": (TEXT, True),
    "domainFQDN": (TEXT, True),
    "mail": (TEXT, True),
    "member": (REFERENCE, False),
    "objectSid": (BINARY, True),
    "sourceAnchor": (TEXT, True),
    "sourceAnchorBinary": (BINARY, True),
    "userPrincipalName": (TEXT, True),
}
# Metaverse classes and the attributes each holds, a few of the sample's [S24].
MV_CLASSES: dict[str, tuple[str, ...]] = {
    "person": (
        "accountEnabled",
        "cloudAnchor",
        "cloudFiltered",
        "displayName",
        "domainFQDN",
        "mail",
        "objectSid",
        "sourceAnchor",
        "sourceAnchorBinary",
        "userPrincipalName",
    ),
    "group": ("cloudFiltered", "displayName", "mail", "member", "objectSid", "sourceAnchor"),
    "device": ("accountEnabled", "cloudAnchor", "displayName", "sourceAnchor"),
}
GROUP_ATTRIBUTES = frozenset({"cn", "displayName", "mail", "member", "objectGUID", "objectSid", "sAMAccountName"})


def _with(table: dict[str, tuple[str, bool]], selected: list[str]) -> dict[str, tuple[str, bool]]:
    """The table and every selected attribute it lacks (a directory offers what was selected from it)."""
    return dict(table, **{name: (TEXT, True) for name in selected if name not in table})


def ad_schema(selected: list[str], object_classes: list[str]) -> Element:
    """The AD connector's schema, DSML the default namespace (written on one line by the caller)."""
    attributes = _with(AD_ATTRIBUTES, selected)
    ids = {name: f"A{number}" for number, name in enumerate(attributes)}
    types = [
        element(
            "attribute-type",
            element("name", text=name),
            element("syntax", text=syntax),
            attributes={"id": ids[name], **({"single-value": "true"} if single else {})},
        )
        for name, (syntax, single) in attributes.items()
    ]
    names = list(AD_CLASSES) + [c for c in object_classes if c not in AD_CLASSES]
    classes = [
        element(
            "class",
            element("name", text=name),
            *(
                element("attribute", attributes={"ref": f"#{ids[a]}", "required": "false"})
                for a in attributes
                if name != "group" or a in GROUP_ATTRIBUTES
            ),
            attributes={"id": f"C{number}", "type": "structural"},
        )
        for number, name in enumerate(names)
    ]
    content_rule = element(
        "m:dit-content-rule",
        *(element("attribute", attributes={"ref": f"#{ids[a]}", "required": "false"}) for a in selected),
        attributes={"id": "C0"},
    )
    schema = element("directory-schema", *types, *classes, content_rule)
    return element("dsml", schema, attributes={"xmlns": DSML, "xmlns:m": MMS_DSML})


def prefixed_schema(classes: dict[str, tuple[str, ...]], attributes: dict[str, tuple[str, bool]]) -> Element:
    """A schema with ``dsml:`` prefixes, classes first and attribute ids that are the names [S24]."""
    written = [
        element(
            "dsml:class",
            element("dsml:name", text=name),
            *(element("dsml:attribute", attributes={"ref": f"#{a}", "required": "false"}) for a in refs),
            attributes={"id": name, "type": "structural"},
        )
        for name, refs in classes.items()
    ]
    written += [
        element(
            "dsml:attribute-type",
            element("dsml:name", text=name),
            element("dsml:syntax", text=syntax),
            attributes={"id": name, "single-value": "true" if single else "false"},
        )
        for name, (syntax, single) in attributes.items()
    ]
    schema = element("dsml:directory-schema", *written, attributes={"ms-dsml:no-objectclass-validation": "true"})
    return element("dsml:dsml", schema, attributes={"xmlns:ms-dsml": MMS_DSML, "xmlns:dsml": DSML})


def entra_schema(selected: list[str]) -> Element:
    attributes = _with(ENTRA_ATTRIBUTES, selected)
    return prefixed_schema({name: tuple(attributes) for name in ENTRA_CLASSES}, attributes)


def mv_schema() -> Element:
    return prefixed_schema(MV_CLASSES, MV_ATTRIBUTES)
