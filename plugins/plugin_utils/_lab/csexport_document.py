# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The XML document csexport.exe writes for pending exports (/f:x), generated from a recipe.

The layout is the connector space export XML [S21] as Azure AD Connect writes it (element names as the
public parsers of real output read them [LITHNET]; operation values [UPSDB]):

- ``<cs-objects>``, one ``<cs-object cs-dn id object-type>`` per connector space object;
- ``<unapplied-export><delta operation dn [newdn]>``, the pending export: ``add``, ``update``,
  ``delete`` or ``delete-add``; a rename is an ``update`` with ``newdn``;
- in a delta, ``<attr name type multivalued operation><value>`` (a multi-valued ``update`` lists
  ``<value operation="add|delete">``) and, for references, ``<dn-attr><dn-value operation><dn>``
  (``dn-value``, not ``value``: what real output carries and CSExportAnalyzer reads [LITHNET]);
- ``<synchronized-hologram><entry dn>``, the object as last synchronized (old values), and
  ``<unapplied-export-hologram><entry dn>``, the object once the export is applied (new values).
  An add has no synchronized image and a delete no future one (INFERRED).

The file has no line breaks, as csexport writes it; its encoding (UTF-8 here, no XML declaration) is
UNCONFIRMED.

The recipe (``recipe`` in ``csexport.py``) holds the counts per operation, and the objects follow from it
and from nothing else, so a file has the same bytes every time it is read: cs-object ids from the
computer, the connector, the operation and the index (each server has its own connector space); DNs from
the connector, the operation and the index only, so both servers of a pair name the same object alike:
``CN=pending-delete-0007,OU=Users,DC=contoso,DC=com`` on an AD connector, ``CN={GUID}`` on the Entra
connector. An update replaces ``displayName`` (single-valued), adds one ``proxyAddresses`` value and
deletes another (multi-valued) and, on every third object, replaces ``manager`` (a reference); an add or
a delete-add carries every value, a rename ``newdn`` and a new ``displayName``, a delete no attributes.
The document is produced object by object (``document_chunks``), so a large export is written and hashed
in pieces, never built as one string.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any
from xml.sax.saxutils import escape, quoteattr

# The delta operations in the order the document lists them, each with its count's key in the recipe
# (and in ``pending_exports`` of the lab state).
OPERATIONS: tuple[tuple[str, str], ...] = (
    ("add", "add"),
    ("update", "update"),
    ("rename", "rename"),
    ("delete-add", "delete_add"),
    ("delete", "delete"),
)
# One object in this many changes its manager (a reference attribute).
MANAGER_EVERY = 3
MANAGERS = 7
# The object classes of an AD user; any other object type has its own name as its one class.
AD_USER_CLASSES = ("top", "person", "organizationalPerson", "user")
ID_NAMESPACE = uuid.UUID("6f1c1c8e-3d52-5b0e-9a43-2c2c8e0f7a11")


def _guid(text: str) -> str:
    return "{" + str(uuid.uuid5(ID_NAMESPACE, text)).upper() + "}"


def _rdn_value(text: str) -> str:
    """A value escaped for a DN (RFC 4514)."""
    return "".join("\\" + char if char in ',+"\\<>;=' else char for char in text)


def _domain_dn(connector: str) -> str:
    """DC=contoso,DC=com for the AD connector named after its forest, contoso.com."""
    labels = [label.strip() for label in connector.split(".") if label.strip()]
    return ",".join(f"DC={_rdn_value(label)}" for label in labels) or "DC=lab,DC=example"


def _mail_domain(connector: str) -> str:
    """The domain the objects' addresses use: the connector name's first word when it is a domain name
    (contoso.com, contoso.onmicrosoft.com - AAD)."""
    words = connector.split()
    return words[0] if words and "." in words[0] else "lab.example"


class _Objects:
    """Names and values of the generated objects of one recipe."""

    def __init__(self, recipe: dict[str, Any]) -> None:
        self.computer = recipe["computer_name"]
        self.connector = recipe["connector"]
        self.ad = recipe["kind"] == "ad"
        self.object_type = recipe["object_type"]
        self.domain_dn = _domain_dn(self.connector)
        self.mail = _mail_domain(self.connector)
        self.classes = AD_USER_CLASSES if self.ad and self.object_type == "user" else (self.object_type,)

    def dn(self, operation: str, index: int) -> str:
        if self.ad:
            return f"CN=pending-{operation}-{index:04d},OU=Users,{self.domain_dn}"
        return f"CN={_guid(f'{self.connector}/{operation}/{index}')}"

    def new_dn(self, operation: str, index: int) -> str:
        if self.ad:
            return f"CN=renamed-{index:04d},OU=Users,{self.domain_dn}"
        return f"CN={_guid(f'{self.connector}/{operation}/{index}/renamed')}"

    def manager(self, number: int) -> str:
        if self.ad:
            return f"CN=lab-manager-{number:02d},OU=Users,{self.domain_dn}"
        return f"CN={_guid(f'{self.connector}/manager/{number}')}"

    def id(self, operation: str, index: int) -> str:
        return _guid(f"{self.computer}/{self.connector}/{operation}/{index}")

    def image(self, operation: str, index: int, new: bool) -> dict[str, Any]:
        """The object's values before (``new`` False) or after its pending export."""
        label = f"pending-{operation}-{index:04d}"
        managed = index % MANAGER_EVERY == 0
        number = index % MANAGERS
        return {
            "userPrincipalName": f"{label}@{self.mail}",
            "displayName": f"Lab User {operation} {index:04d}" + (" (new name)" if new else ""),
            "proxyAddresses": [f"SMTP:{label}@{self.mail}", f"smtp:{label}.{'new' if new else 'old'}@{self.mail}"],
            "manager": self.manager(number + 1 if new else number) if managed else None,
        }


def _values(values: list[str], operation: str | None = None) -> str:
    mark = f' operation="{operation}"' if operation else ""
    return "".join(f"<value{mark}>{escape(value)}</value>" for value in values)


def _attr(name: str, values: list[str], multivalued: bool, operation: str | None = None, inner: str = "") -> str:
    """An attribute; with ``operation`` a change in a delta, without it a value in a hologram."""
    mark = f' operation="{operation}"' if operation else ""
    kind = "true" if multivalued else "false"
    return f'<attr name="{name}" type="string" multivalued="{kind}"{mark}>{inner or _values(values)}</attr>'


def _dn_attr(name: str, dn: str, operation: str | None = None) -> str:
    if operation:
        return (
            f'<dn-attr name="{name}" multivalued="false" operation="{operation}">'
            f'<dn-value operation="add"><dn>{escape(dn)}</dn></dn-value></dn-attr>'
        )
    return f'<dn-attr name="{name}" multivalued="false"><dn-value><dn>{escape(dn)}</dn></dn-value></dn-attr>'


def _classes(classes: tuple[str, ...]) -> str:
    listed = "".join(f"<oc-value>{escape(c)}</oc-value>" for c in classes)
    return f"<primary-objectclass>{escape(classes[-1])}</primary-objectclass><objectclass>{listed}</objectclass>"


def _entry(dn: str, image: dict[str, Any], classes: tuple[str, ...]) -> str:
    """A hologram's entry: the whole image of the object."""
    parts = [
        _classes(classes),
        _attr("displayName", [image["displayName"]], False),
        _attr("proxyAddresses", image["proxyAddresses"], True),
        _attr("userPrincipalName", [image["userPrincipalName"]], False),
    ]
    if image["manager"]:
        parts.append(_dn_attr("manager", image["manager"]))
    return f"<entry dn={quoteattr(dn)}>{''.join(parts)}</entry>"


def _full(image: dict[str, Any], classes: tuple[str, ...]) -> str:
    """The attributes of an object the export creates: every value added."""
    parts = [
        _classes(classes),
        _attr("displayName", [image["displayName"]], False, "add"),
        _attr("proxyAddresses", image["proxyAddresses"], True, "add"),
        _attr("userPrincipalName", [image["userPrincipalName"]], False, "add"),
    ]
    if image["manager"]:
        parts.append(_dn_attr("manager", image["manager"], "add"))
    return "".join(parts)


def _changes(old: dict[str, Any], new: dict[str, Any], renamed: bool) -> str:
    """The attribute changes of an update: displayName replaced; proxyAddresses and manager too unless
    the update is a rename."""
    parts = [_attr("displayName", [new["displayName"]], False, "replace")]
    if not renamed:
        added = [v for v in new["proxyAddresses"] if v not in old["proxyAddresses"]]
        deleted = [v for v in old["proxyAddresses"] if v not in new["proxyAddresses"]]
        inner = _values(added, "add") + _values(deleted, "delete")
        parts.append(_attr("proxyAddresses", [], True, "update", inner))
        if new["manager"]:
            parts.append(_dn_attr("manager", new["manager"], "replace"))
    return "".join(parts)


def cs_object(objects: _Objects, operation: str, index: int) -> str:
    """One ``<cs-object>`` with a pending export of ``operation``."""
    dn = objects.dn(operation, index)
    old = objects.image(operation, index, new=False)
    new = objects.image(operation, index, new=True)
    if operation == "rename":
        new = dict(old, displayName=new["displayName"])
    classes = objects.classes
    target = objects.new_dn(operation, index) if operation == "rename" else dn
    if operation in ("add", "delete-add"):
        delta = f'<delta operation="{operation}" dn={quoteattr(dn)}>{_full(new, classes)}</delta>'
    elif operation == "delete":
        delta = f'<delta operation="delete" dn={quoteattr(dn)}></delta>'
    else:
        renamed = operation == "rename"
        newdn = f" newdn={quoteattr(target)}" if renamed else ""
        delta = f'<delta operation="update" dn={quoteattr(dn)}{newdn}>{_changes(old, new, renamed)}</delta>'
    parts = [
        f"<cs-object cs-dn={quoteattr(dn)} id={quoteattr(objects.id(operation, index))} "
        f"object-type={quoteattr(objects.object_type)}>",
        f"<unapplied-export>{delta}</unapplied-export>",
    ]
    if operation != "add":
        parts.append(f"<synchronized-hologram>{_entry(dn, old, classes)}</synchronized-hologram>")
    if operation != "delete":
        parts.append(f"<unapplied-export-hologram>{_entry(target, new, classes)}</unapplied-export-hologram>")
    parts.append("</cs-object>")
    return "".join(parts)


def document_chunks(recipe: dict[str, Any]) -> Iterator[str]:
    """The document of ``recipe``, one piece per object."""
    objects = _Objects(recipe)
    yield "<cs-objects>"
    for operation, key in OPERATIONS:
        for index in range(recipe["counts"].get(key, 0)):
            yield cs_object(objects, operation, index)
    yield "</cs-objects>"
