# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The values of a twin's server-configuration export that are not configuration.

Two healthy servers with one configuration still export different files [S24] (the reference's list of
volatile fields, INFERRED there from the sample): per installation, the partition and run-profile GUIDs, the
AD connector account ``MSOL_<12 hex>``, the Entra ID account ``Sync_<computer>_<12 hex>@<tenant>`` and the
domain controller last used; per export, the creation and modification times, the version counters, the
DirSync cookie and the Entra ID watermark, and the export date. The twin derives the per-installation values
from the computer name (stable for one server, different between two) and the per-export ones from its clock
and its count of exports (``configuration_exports``), so every export differs from the one before.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import base64
import datetime
import hashlib
import uuid
from dataclasses import dataclass
from typing import Any

from .._common.dates import parse_utc

# The GUID namespace of the lab's derived identifiers (any fixed UUID would do).
LAB_NAMESPACE = uuid.UUID("6d1b2a54-2a4e-5f0c-9d0e-4c61b0a2e3f1")
# A DirSync cookie starts with "MSDS" and a version, as the sample's cookies decode (INFERRED from [S24]).
COOKIE_HEADER = b"MSDS\x03\x00\x00\x00"
# How many domain controllers a lab domain has to choose from.
LAB_DOMAIN_CONTROLLERS = 8
# Where the wizard writes its applied policies [S6].
WIZARD_FOLDER = "c:\\programdata\\aadconnect\\applied-synchronizationpolicy-"


def lab_guid(*parts: str) -> uuid.UUID:
    return uuid.uuid5(LAB_NAMESPACE, "|".join(parts))


def _hex12(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()[:12]


def msol_account(computer: str) -> str:
    """The AD connector account the wizard created on this installation: MSOL_ and 12 hex digits [S24]."""
    return f"MSOL_{_hex12('msol', computer.upper())}"


def entra_account(computer: str, tenant: str) -> str:
    """The Entra ID connector account of this installation, as the sample names it [S24]."""
    return f"Sync_{computer.upper()}_{_hex12('sync', computer.upper())}@{tenant}"


def last_dc(computer: str, fqdn: str) -> str:
    """The domain controller this server used last: one of the domain's, chosen by the server's name."""
    number = 1 + int(_hex12("dc", computer.upper(), fqdn.lower()), 16) % LAB_DOMAIN_CONTROLLERS
    return f"{fqdn.split('.')[0].upper()}-DC{number:02d}.{fqdn.lower()}"


def cookie(computer: str, partition: str, now: str, count: int) -> str:
    """A DirSync cookie: new after every import, so new at every export of the twin."""
    digest = hashlib.sha256(f"cookie|{computer}|{partition}|{now}|{count}".encode()).digest()
    return base64.b64encode(COOKIE_HEADER + digest * 2).decode("ascii")


def watermark(computer: str, now: str, count: int) -> str:
    """The Entra ID connector's import watermark: new after every import, like the cookie."""
    digest = hashlib.sha256(f"watermark|{computer}|{now}|{count}".encode()).digest()
    return base64.b64encode(digest * 3).decode("ascii")


def export_time(moment: datetime.datetime) -> str:
    """A time as the export writes it: ``2016-05-03 14:28:09.784`` [S24]."""
    return moment.strftime("%Y-%m-%d %H:%M:%S.") + f"{moment.microsecond // 1000:03d}"


def installed_at(state: dict[str, Any]) -> datetime.datetime:
    """When the product was configured first: ``installed_utc`` when the wizard recorded it, else the oldest
    applied policy the wizard wrote [S6], else the last boot (a seed that says neither)."""
    product = state["entra_connect"] or {}
    if product.get("installed_utc"):
        return parse_utc(product["installed_utc"])
    policies = [
        entry["last_write_utc"]
        for path, entry in (state.get("files") or {}).items()
        if path.lower().startswith(WIZARD_FOLDER)
    ]
    return parse_utc(min(policies)) if policies else parse_utc(state["last_boot_time"])


@dataclass(frozen=True)
class ExportContext:
    """What every file of one export is written from: the server, the moment, and its count of exports."""

    computer: str
    product: dict[str, Any]
    now: datetime.datetime
    # This export's number on this server (1 for the first): the per-export values change with it.
    count: int
    installed: datetime.datetime

    @property
    def now_text(self) -> str:
        return export_time(self.now)

    def created(self, offset_seconds: int) -> str:
        """A creation time some seconds after the product was configured: the wizard made it then."""
        return export_time(self.installed + datetime.timedelta(seconds=offset_seconds))

    def connector(self, identifier: str) -> dict[str, Any] | None:
        return next((c for c in self.product["connectors"] if c["identifier"].lower() == identifier.lower()), None)

    def settings(self, identifier: str) -> dict[str, Any]:
        found: dict[str, Any] = (self.product.get("connector_settings") or {}).get(identifier) or {}
        return found
