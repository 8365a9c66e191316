# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What ``Get-ADSyncServerConfiguration -Path`` writes, made from a twin's state: relative path -> file text.

The layout and the files' shapes are those of Microsoft's Contoso sample of the AADConnectConfigDocumenter
[S24] and of docs/reference (sync-config-and-csexport-formats.md, sections 1 and 2):
- ``Connectors/Connector_{<lower-case guid>}.xml``, one per connector (connector_document.py): ``<ma-data>``
  with the sample's element order, the AD connector mostly on one line with a default-namespace DSML schema,
  the Entra ID connector indented with prefixed DSML; the attribute inclusion from ``connector_settings``,
  partitions and their container filter (partitions.py), one run configuration per run profile.
- ``GlobalSettings/MV.xml``: ``<saved-mv-configuration server=.. export-date=..>``, the sample's warning
  comment, ``<mv-data>`` with format-version, version, a short metaverse schema (connector_schemas.py),
  password-change-history-size and ``<parameter-values>``: every global setting of the state, and the four
  the engine keeps elsewhere in the twin: ServerConfigurationVersion [S19], StagingMode [S7][S28],
  SchedulerSuspended and NextStartTime from the scheduler [S8].
- ``SynchronizationRules/SynchronizationRule_{<lower-case guid>}.xml``, one per rule (rule_document.py), with
  the rule's content from the state or derived from its name (rule_content.py).
Files have CRLF line endings and no XML declaration, as the sample's files (written on Windows) have none.
What differs between two exports of one state (times, version counters, cookie, watermark, export date) and
between two servers of one configuration (partition and run-profile GUIDs, connector accounts, last DC) comes
from export_values.py.

Not modelled: the full directory schemas (a few dozen attributes stand in for thousands), the provisioning
hierarchy, extension (ECMA2) connectors other than Entra ID's, and the 0x00 character an old build could
write into a file (AADConnectConfigDocumenter issue 23 [S24]).
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import datetime
import email.utils
from typing import Any

from .._common.dates import parse_utc
from .._rules.facts import ENTRA_CONNECTOR_ID, SETTING_CONFIG_VERSION, SETTING_STAGING_MODE
from .connector_document import connector_document, connector_file_name
from .connector_schemas import mv_schema
from .export_values import ExportContext, installed_at
from .rule_document import rule_document, rule_file_name
from .xml_text import CRLF, element, escape_attribute

MV_FILE = "GlobalSettings/MV.xml"
SETTING_SCHEDULER_SUSPENDED = "Microsoft.Synchronize.SchedulerSuspended"
SETTING_NEXT_START_TIME = "Microsoft.Synchronize.NextStartTime"
# The sample's metaverse: 24 old passwords kept [S24].
PASSWORD_CHANGE_HISTORY_SIZE = 24
# Between the creation of two connectors by the wizard, for plausible creation times.
CONNECTOR_CREATION_SECONDS = 22
BANNER = "!" * 67
WARNING = [
    "<!--WARNING>",
    BANNER,
    "!!",
    "!! The contents of this file should not be edited.",
    "!! Any such modifications to this file may result in errors during import.",
    "!!",
    BANNER,
    "</WARNING-->",
]


def _flag(value: Any) -> str:
    return "True" if value else "False"


def _parameters(product: dict[str, Any]) -> list[tuple[str, str | None]]:
    """Every global setting, then the ones the twin keeps in the product and the scheduler."""
    scheduler = product["scheduler"]
    next_start = scheduler.get("NextSyncCycleStartTimeInUTC")
    settings: dict[str, str | None] = dict(sorted((product.get("global_settings") or {}).items()))
    settings[SETTING_CONFIG_VERSION] = product["server_configuration_version"]
    settings[SETTING_STAGING_MODE] = _flag(product["staging_mode"])
    settings[SETTING_SCHEDULER_SUSPENDED] = _flag(scheduler.get("SchedulerSuspended"))
    # RFC 1123 in GMT, as the sample writes it ("Tue, 03 May 2016 14:39:16 GMT") [S24].
    settings[SETTING_NEXT_START_TIME] = (
        email.utils.format_datetime(parse_utc(next_start), usegmt=True) if next_start else None
    )
    return list(settings.items())


def mv_document(context: ExportContext) -> str:
    product = context.product
    parameters = [
        element(
            "parameter",
            text=value or None,
            attributes={"name": name, "type": "string", "use": "SynchronizationGlobal", "dataType": "String"},
        )
        for name, value in _parameters(product)
    ]
    opening = f"<saved-mv-configuration server='{escape_attribute(context.computer)}' export-date='{context.now_text}'>"
    lines = [opening, *WARNING, "<mv-data>"]
    lines += [" <format-version>1</format-version>", f" <version>{1 + context.count}</version>", " <schema>"]
    lines += mv_schema().lines("  ")
    lines += [
        " </schema>",
        f" <password-change-history-size>{PASSWORD_CHANGE_HISTORY_SIZE}</password-change-history-size>",
    ]
    lines += [" <password-sync />", " <parameter-values>"]
    lines += [line for p in parameters for line in p.lines("    ")]
    lines += ["  </parameter-values>", "</mv-data>", "", "</saved-mv-configuration>", ""]
    return CRLF.join(lines)


def _connector_type(product: dict[str, Any], identifier: str) -> str:
    """The rule's connector type; a rule whose connector is gone is told by the Entra ID connector's GUID."""
    found = next((c for c in product["connectors"] if c["identifier"].lower() == identifier.lower()), None)
    if found is not None:
        return str(found["type"])
    return "Extensible2" if identifier.strip("{}").lower() == ENTRA_CONNECTOR_ID else "AD"


def server_configuration(state: dict[str, Any], now: datetime.datetime, count: int) -> dict[str, str]:
    """Every file of the export of ``state`` at ``now``, its ``count``-th on this server."""
    product = state["entra_connect"]
    context = ExportContext(str(state["computer_name"]), product, now, count, installed_at(state))
    files = {
        connector_file_name(c): connector_document(context, c, index * CONNECTOR_CREATION_SECONDS)
        for index, c in enumerate(product["connectors"])
    }
    files[MV_FILE] = mv_document(context)
    for rule in product.get("sync_rules") or []:
        files[rule_file_name(rule)] = rule_document(rule, _connector_type(product, rule["connector"]))
    return files
