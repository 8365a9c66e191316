# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The primitives a Host offers: one PowerShell script, one answer schema and one parameter set each.

The contract tests hold every script's param() block to the parameter names declared here, and every
answer, from Windows or the lab, to the schema named here. Every write also declares how it is confirmed
(``Confirmation``): the fresh read that shows whether it took effect when the connection dropped during
it, since a write that may have happened is never sent again.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .._rules.export_settings import ARCHIVE_PATTERN, CONFIG_ARCHIVE_PATTERN, GAP_SETTINGS
from .._rules.facts import MARKER_PATH, SETTING_STAGING_MODE, SNAPSHOT_GLOBAL_SETTINGS, SNAPSHOT_RUN_HISTORY_COUNT
from .._rules.support_data import PRODUCT_DISPLAY_NAMES
from .._rules.tls12 import read_parameters as tls12_read_parameters
from . import confirmations
from .confirmations import Effect

SCRIPT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "powershell")
# Enough recent runs to find the newest complete run of every connector of a multi-forest server.
STATUS_RUN_HISTORY_COUNT = 20
# csexport's /f filter for the objects with a pending export [S7][S20].
CSEXPORT_PENDING_EXPORTS = "x"


@dataclass(frozen=True)
class Confirmation:
    """How a write is confirmed after the connection dropped during it: the read primitive ``read`` with
    ``parameters(write_parameters)``, and ``shows(write_parameters, answer)``: whether that fresh answer
    shows the write's effect, and what it shows."""

    read: str
    parameters: Callable[[dict[str, Any]], dict[str, Any]]
    shows: Callable[[dict[str, Any], dict[str, Any]], Effect]


@dataclass(frozen=True)
class Primitive:
    name: str
    # Always sent.
    parameters: tuple[str, ...]
    # Read-only primitives run in check mode and never report a change.
    read_only: bool
    # Sent only when the action has a value for them; the script acts on the ones it is given.
    optional: tuple[str, ...] = ()
    # PSCredential parameters: sent through win_powershell's sensitive_parameters, never in `parameters`.
    sensitive: tuple[str, ...] = ()
    # Every write: the fresh read that shows whether it took effect when its connection dropped.
    confirm: Confirmation | None = None

    @property
    def declared(self) -> tuple[str, ...]:
        """Every name the script's param() block must declare."""
        return self.parameters + self.optional + self.sensitive

    @property
    def script_path(self) -> str:
        return os.path.join(SCRIPT_DIR, f"{self.name}.ps1")

    @property
    def schema(self) -> str:
        return self.name


def _status(_write: dict[str, Any]) -> dict[str, Any]:
    return status_parameters()


# Each write names the read that shows its effect; confirmations.py says what in it counts.

PRIMITIVES: dict[str, Primitive] = {
    primitive.name: primitive
    for primitive in (
        Primitive(
            "snapshot", ("ProductDisplayNames", "GlobalSettingNames", "RunHistoryCount", "MarkerPath"), read_only=True
        ),
        Primitive("tls12_read", ("Values", "MarkerPath", "MarkerName"), read_only=True),
        Primitive(
            "tls12_write",
            ("Values", "MarkerPath", "MarkerName"),
            read_only=False,
            confirm=Confirmation("tls12_read", lambda _w: tls12_read_parameters(), confirmations.tls12_written),
        ),
        Primitive("sync_status", ("StagingSettingName", "RunHistoryCount"), read_only=True),
        Primitive(
            "sync_start",
            ("PolicyType",),
            read_only=False,
            confirm=Confirmation("sync_status", _status, confirmations.sync_started),
        ),
        Primitive("run_results", ("NumberRequested",), read_only=True),
        Primitive("connector_statistics", ("PageSize", "CountConnectorSpace"), read_only=True),
        Primitive(
            "staging_write",
            ("StagingSettingName", "StagingMode", "PauseScheduler"),
            read_only=False,
            # SyncCycleEnabledAfter only with PauseScheduler: without it the script leaves the scheduler alone.
            optional=("SyncCycleEnabledAfter", "MarkerPath", "MarkerValues"),
            confirm=Confirmation("sync_status", _status, confirmations.staging_written),
        ),
        Primitive(
            "scheduler_write",
            (),
            read_only=False,
            optional=("SyncCycleEnabled", "NextSyncCyclePolicyType", "CustomizedSyncCycleInterval"),
            confirm=Confirmation("sync_status", _status, confirmations.scheduler_written),
        ),
        Primitive("settings_read", ("Folder", "FilePatterns", "GlobalSettingNames"), read_only=True),
        Primitive(
            "settings_export",
            ("Folder",),
            read_only=False,
            confirm=Confirmation(
                "settings_read",
                lambda w: {
                    "Folder": w["Folder"],
                    "FilePatterns": [ARCHIVE_PATTERN],
                    "GlobalSettingNames": list(GAP_SETTINGS),
                },
                confirmations.settings_exported,
            ),
        ),
        Primitive("file_stat", ("Path", "Authenticode"), read_only=True),
        Primitive(
            "file_copy",
            ("Source", "Destination"),
            read_only=False,
            confirm=Confirmation(
                "file_stat", lambda w: {"Path": w["Destination"], "Authenticode": False}, confirmations.file_present
            ),
        ),
        Primitive(
            "directory_create",
            ("Path",),
            read_only=False,
            confirm=Confirmation(
                "settings_read",
                lambda w: {
                    "Folder": w["Path"],
                    "FilePatterns": [confirmations.NO_FILE_PATTERN],
                    "GlobalSettingNames": [SETTING_STAGING_MODE],
                },
                confirmations.folder_present,
            ),
        ),
        Primitive(
            "file_remove",
            ("Path",),
            read_only=False,
            confirm=Confirmation(
                "file_stat", lambda w: {"Path": w["Path"], "Authenticode": False}, confirmations.file_absent
            ),
        ),
        Primitive(
            "csexport",
            ("ConnectorName", "Path", "Filter"),
            read_only=False,
            confirm=Confirmation(
                "file_stat", lambda w: {"Path": w["Path"], "Authenticode": False}, confirmations.csexport_written
            ),
        ),
        Primitive(
            "config_export",
            ("Folder",),
            read_only=False,
            confirm=Confirmation(
                "settings_read",
                lambda w: {
                    "Folder": w["Folder"],
                    "FilePatterns": [CONFIG_ARCHIVE_PATTERN],
                    "GlobalSettingNames": [SETTING_STAGING_MODE],
                },
                confirmations.config_exported,
            ),
        ),
        Primitive(
            "uninstall",
            ("ProductDisplayNames",),
            read_only=False,
            confirm=Confirmation("snapshot", lambda _w: snapshot_parameters(), confirmations.uninstalled),
        ),
    )
}


@functools.cache
def script_text(name: str) -> str:
    with open(PRIMITIVES[name].script_path, encoding="utf-8") as handle:
        return handle.read()


def snapshot_parameters() -> dict[str, Any]:
    """What the snapshot reads: product names, global settings and run history depth are decided here."""
    return {
        "ProductDisplayNames": list(PRODUCT_DISPLAY_NAMES),
        "GlobalSettingNames": list(SNAPSHOT_GLOBAL_SETTINGS),
        "RunHistoryCount": SNAPSHOT_RUN_HISTORY_COUNT,
        "MarkerPath": MARKER_PATH,
    }


def status_parameters() -> dict[str, Any]:
    """What sync_status reads: the staging setting by name, and enough run history."""
    return {"StagingSettingName": SETTING_STAGING_MODE, "RunHistoryCount": STATUS_RUN_HISTORY_COUNT}


def csexport_parameters(connector_name: str, path: str, filter_: str = CSEXPORT_PENDING_EXPORTS) -> dict[str, Any]:
    """What csexport is sent: the connector by its name in Synchronization Service Manager [S20], the full
    path of the XML file to write on the server, and the /f filter (pending exports unless told)."""
    return {"ConnectorName": connector_name, "Path": path, "Filter": filter_}
