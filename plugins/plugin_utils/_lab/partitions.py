# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A twin connector's partitions and their container filter.

``connector_settings[<connector id>].partitions`` in the twin state lists ``{name, inclusions, exclusions}``:
the partition's name (an AD domain's distinguished name) and the containers its filter includes and excludes,
as the wizard's "Domain and OU filtering" page sets them and as the applied policy carries them in
``partitionFilters`` [S6][S29]. A connector without the key has one partition and no container filter: an
AD connector named after its forest ("contoso.com") has the domain ``DC=contoso,DC=com``; the Entra ID
connector has its one partition ``default``, as in the Contoso sample [S24].
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

from typing import Any

# The Entra ID connector's only partition [S24].
ENTRA_PARTITION = "default"


def domain_dn(fqdn: str) -> str:
    """``contoso.com`` -> ``DC=contoso,DC=com``."""
    return ",".join(f"DC={label}" for label in fqdn.split(".") if label)


def dn_fqdn(dn: str) -> str:
    """``DC=contoso,DC=com`` -> ``contoso.com``: the DC components of a distinguished name."""
    labels = [part.split("=", 1)[1] for part in dn.split(",") if part.strip().upper().startswith("DC=")]
    return ".".join(label.strip() for label in labels)


def partitions(connector: dict[str, Any], settings: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The connector's partitions: the state's, or the one a new connector has."""
    listed = (settings or {}).get("partitions")
    if listed is not None:
        return [
            {
                "name": p["name"],
                "inclusions": list(p.get("inclusions") or []),
                "exclusions": list(p.get("exclusions") or []),
            }
            for p in listed
        ]
    name = domain_dn(connector["name"]) if connector["type"] == "AD" else ENTRA_PARTITION
    return [{"name": name, "inclusions": [], "exclusions": []}]
