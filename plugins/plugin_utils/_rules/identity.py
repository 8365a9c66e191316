# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Who a server is, by its own account: its computer name and, once Entra Connect is installed, its tenant.

The inventory's host names are only how Ansible reaches a server. Two inventory names can reach one
computer, so every rule that counts servers (pair membership, "every other server", "exactly one
active") counts these identities instead.

The tenant is read from the name of the Entra connector, which the wizard names after the tenant:
"contoso.onmicrosoft.com - AAD" in older releases, "contoso.com - Microsoft Entra ID" in newer ones [S7]
(docs/sources.md). The connector itself is found by its fixed identifier or subtype (facts.py); only the
tenant part is taken from its name. A connector whose name has neither suffix is taken whole, lowercased:
two servers of one tenant still agree on it, as both names come from the same wizard. INFERRED: Microsoft
documents no per-installation identifier that a read can get without a sign-in, so none is used.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

# " - AAD" [S7]; the rebranded name uses an en dash in Microsoft's article and a hyphen is accepted too.
ENTRA_CONNECTOR_NAME_SUFFIXES = (" - AAD", " \u2013 Microsoft Entra ID", " - Microsoft Entra ID")


def tenant_from_connector_name(name: str) -> str:
    """The tenant an Entra connector name stands for, lowercased."""
    for suffix in ENTRA_CONNECTOR_NAME_SUFFIXES:
        if name.lower().endswith(suffix.lower()):
            return name[: -len(suffix)].strip().lower()
    return name.strip().lower()


def tenant_from_names(names: Iterable[str]) -> str | None:
    """The tenant from a list of connector names alone (a reading without connector types): the one name
    that carries an Entra connector suffix, or None when none does."""
    for name in names:
        if any(name.lower().endswith(suffix.lower()) for suffix in ENTRA_CONNECTOR_NAME_SUFFIXES):
            return tenant_from_connector_name(name)
    return None


@dataclass(frozen=True)
class Identity:
    """A server as it names itself; ``tenant`` is None until Entra Connect is installed."""

    computer_name: str
    tenant: str | None

    @property
    def key(self) -> str:
        # Windows computer names are case-insensitive.
        return self.computer_name.upper()


def identity_of(reading: dict[str, Any]) -> Identity:
    """The identity in an entra_connect_info reading (its ``entra_connect`` facts)."""
    return Identity(str(reading["computer_name"]), reading.get("tenant"))
