# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The twin's config_export: Get-ADSyncServerConfiguration into a fresh folder, packed into one archive.

As config_export.ps1 does on Windows: the export goes into ``<Folder>\\EntraConnectConfig-<guid>``, which is
packed into ``<that folder>.zip`` with ``/`` entry names and then removed, so only the archive is left
(server_configuration.py writes the files). Each run of Get-ADSyncServerConfiguration on a server, here or in
a settings export (settings.py), counts in ``configuration_exports``, which makes the per-export values of
the next one new (export_values.py).
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import uuid
from typing import Any

from .._rules.export_settings import CONFIG_EXPORT_PREFIX
from .clock import Clock
from .engine import SyncEngine
from .files import Files, expand
from .server_configuration import server_configuration

# A plausible stand-in for how long the export and the packing take; nothing is judged by it.
EXPORT_SECONDS = 20


def exported_files(state: dict[str, Any], clock: Clock) -> dict[str, str]:
    """One run of Get-ADSyncServerConfiguration: counted, then written at the clock's time."""
    product = state["entra_connect"]
    product["configuration_exports"] = int(product.get("configuration_exports", 0)) + 1
    return server_configuration(state, clock.now(), product["configuration_exports"])


class ConfigurationExports:
    def __init__(self, state: dict[str, Any], clock: Clock, files: Files, engine: SyncEngine) -> None:
        self._state = state
        self._clock = clock
        self._files = files
        self._engine = engine

    def config_export(self, parameters: dict[str, Any]) -> dict[str, Any]:
        self._engine.require_engine("config_export")
        computer = str(self._state["computer_name"])
        folder = expand(parameters["Folder"]).rstrip("\\")
        # [guid]::NewGuid() on Windows; derived here, so a lab run is reproducible, and new at every call (the
        # clock moves with each export).
        export_id = uuid.uuid5(uuid.NAMESPACE_URL, f"config_export|{computer}|{self._clock.now_text()}")
        self._clock.advance(EXPORT_SECONDS)
        members = exported_files(self._state, self._clock)
        path = f"{folder}\\{CONFIG_EXPORT_PREFIX}{export_id}.zip"
        self._files.add(path, {"archive": members})
        return {
            "computer_name": computer,
            "archive": self._files.entry(path),
            "files": sum(1 for name in members if name.lower().endswith(".xml")),
        }
