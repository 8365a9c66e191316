# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The primitives a Host offers: one PowerShell script, one answer schema and one parameter set each.

The contract tests hold every script's param() block to the parameter names declared here, and every
answer, from Windows or the lab, to the schema named here.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from typing import Any

from .._rules.facts import MARKER_PATH, SNAPSHOT_GLOBAL_SETTINGS, SNAPSHOT_RUN_HISTORY_COUNT
from .._rules.support_data import PRODUCT_DISPLAY_NAMES

SCRIPT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "powershell")


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


PRIMITIVES: dict[str, Primitive] = {
    primitive.name: primitive
    for primitive in (
        Primitive(
            "snapshot", ("ProductDisplayNames", "GlobalSettingNames", "RunHistoryCount", "MarkerPath"), read_only=True
        ),
        Primitive("tls12_read", ("Values", "MarkerPath", "MarkerName"), read_only=True),
        Primitive("tls12_write", ("Values", "MarkerPath", "MarkerName"), read_only=False),
        Primitive("sync_status", ("StagingSettingName", "RunHistoryCount"), read_only=True),
        Primitive("sync_start", ("PolicyType",), read_only=False),
        Primitive("run_results", ("NumberRequested",), read_only=True),
        Primitive(
            "staging_write",
            ("StagingSettingName", "StagingMode", "SyncCycleEnabledAfter"),
            read_only=False,
            optional=("MarkerPath", "MarkerValues"),
            sensitive=("AdminCredential",),
        ),
        Primitive(
            "scheduler_write",
            (),
            read_only=False,
            optional=("SyncCycleEnabled", "NextSyncCyclePolicyType", "CustomizedSyncCycleInterval"),
        ),
        Primitive("settings_read", ("Folder", "FilePatterns", "GlobalSettingNames"), read_only=True),
        Primitive("settings_export", ("Folder",), read_only=False),
        Primitive("file_stat", ("Path", "Authenticode"), read_only=True),
        Primitive("file_copy", ("Source", "Destination"), read_only=False),
        Primitive("directory_create", ("Path",), read_only=False),
        Primitive("file_remove", ("Path",), read_only=False),
        Primitive("uninstall", ("ProductDisplayNames",), read_only=False),
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
