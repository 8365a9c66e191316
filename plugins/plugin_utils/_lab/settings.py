# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The twin's sync configuration and its exports in %ProgramData%\\AADConnect.

- The wizard writes Applied-SynchronizationPolicy-*.json there on every configuration change [S6];
  the seeds carry such files.
- A server-configuration export is what MigrateSettings.ps1 makes: Get-ADSyncServerConfiguration
  into Exported-ServerConfiguration-<guid> (server_configuration.py), plus PersistedState.xml and
  MigratedPolicy.json [S23], the policy the wizard imports: the twin writes the engine's connectors,
  partition filters, rules and settings into it in the applied policy's layout (policy.py; INFERRED
  from [S23]: the file is what the wizard's import reads). The script zips the folder so the
  controller fetches one file.
- PersistedState.xml comes from %ProgramData%\\AADConnect whatever the folder of the export, as
  MigrateSettings.ps1 copies it; without one there the export goes on without it [S23].
- deploymentMetadata as settings_export.ps1 writes it: ``serviceAccount`` the ADSync service's logon account
  (the registry's ``ObjectName``, ``NT SERVICE\\ADSync`` where the state has none: the virtual service account
  Microsoft installs by default [ADSYNCACCT]); ``serviceAccountType`` null when
  ``HKLM:\\SOFTWARE\\Microsoft\\MSOLCoExistence`` has a ``ServiceAccountType`` value, else ``Unknown``, the two
  outcomes of MigrateSettings.ps1 [S23] (settings_export.ps1 says why null).
- The archive's entries are named with ``/``, as settings_export.ps1 writes them with System.IO.Compression.
  An archive packed by Compress-Archive of Windows PowerShell 5.1 (Microsoft.PowerShell.Archive before
  1.2.3.0: PowerShell/Microsoft.PowerShell.Archive issue 48), such as one left in the folder by an operator
  or by an earlier release of the script, names them with ``\\``: the state keeps each archive's member
  names as they are, so such an archive is a file whose members are named so
  (``compress_archive_names`` makes them).
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import fnmatch
import ntpath
import uuid
from typing import Any

from .clock import Clock
from .config_export import EXPORT_SECONDS, exported_files
from .engine import SyncEngine
from .files import Files, expand
from .policy import policy_of

# What settings_read answers of a rule (schemas/settings_read.json); the twin's rule content is not among it.
RULE_READING = ("identifier", "name", "connector", "direction", "precedence", "disabled", "immutable_tag")
# Where MigrateSettings.ps1 takes PersistedState.xml from, whatever the export's folder [S23].
PERSISTED_STATE = "%ProgramData%\\AADConnect\\PersistedState.xml"
ADSYNC_SERVICE_KEY = "HKLM:\\SYSTEM\\CurrentControlSet\\Services\\ADSync"
COEXISTENCE_KEY = "HKLM:\\SOFTWARE\\Microsoft\\MSOLCoExistence"
DEFAULT_SERVICE_ACCOUNT = "NT SERVICE\\ADSync"


def compress_archive_names(members: dict[str, Any]) -> dict[str, Any]:
    """An archive's members named as Compress-Archive of Windows PowerShell 5.1 names them: with ``\\``."""
    return {name.replace("/", "\\"): value for name, value in members.items()}


class SettingsExports:
    def __init__(self, state: dict[str, Any], clock: Clock, files: Files, engine: SyncEngine) -> None:
        self._state = state
        self._clock = clock
        self._files = files
        self._engine = engine

    def settings_read(self, parameters: dict[str, Any]) -> dict[str, Any]:
        folder = expand(parameters["Folder"]).rstrip("\\")
        in_folder = self._files.in_folder(folder)
        answer: dict[str, Any] = {
            "computer_name": self._state["computer_name"],
            "folder": folder,
            "folder_exists": bool(in_folder)
            or folder.lower() in {d.lower().rstrip("\\") for d in self._state.get("directories") or []},
            "files": [
                self._files.entry(path)
                for path in sorted(in_folder)
                if any(fnmatch.fnmatch(ntpath.basename(path).lower(), p.lower()) for p in parameters["FilePatterns"])
            ],
            "product_version": None,
            "global_settings": {},
            "connectors": [],
            "sync_rules": [],
        }
        if self._engine.product is None:
            return answer
        product = self._engine.require_engine("settings_read")
        settings = product.get("connector_settings") or {}

        def listed(connector: dict[str, Any], name: str) -> list[str]:
            return list(settings.get(connector["identifier"], {}).get(name, []))

        answer.update(
            product_version=product["version"],
            global_settings=self._engine.global_settings(parameters["GlobalSettingNames"]),
            connectors=[
                {
                    "identifier": connector["identifier"],
                    "name": connector["name"],
                    "connector_type_name": connector["connector_type_name"],
                    "run_profiles": listed(connector, "run_profiles"),
                    "object_inclusion": listed(connector, "object_inclusion"),
                    "attribute_inclusion": listed(connector, "attribute_inclusion"),
                }
                for connector in product["connectors"]
            ],
            sync_rules=[{key: rule[key] for key in RULE_READING} for rule in product.get("sync_rules") or []],
        )
        return answer

    def _registry_value(self, key: str, name: str) -> Any:
        """A value's data, as Get-ItemProperty reads it; None where the key or the value is missing."""
        for path, values in (self._state.get("registry") or {}).items():
            if path.lower() == key.lower():
                found = {n.lower(): v for n, v in values.items()}.get(name.lower())
                return found["data"] if found else None
        return None

    def settings_export(self, parameters: dict[str, Any]) -> dict[str, Any]:
        product = self._engine.require_engine("settings_export")
        computer = self._state["computer_name"]
        folder = expand(parameters["Folder"]).rstrip("\\")
        export_id = uuid.uuid5(uuid.NAMESPACE_URL, computer + self._clock.now_text())
        directory = f"{folder}\\Exported-ServerConfiguration-{export_id}"
        self._clock.advance(EXPORT_SECONDS)
        members: dict[str, Any] = dict(exported_files(self._state, self._clock))
        persisted_state = self._files.find(expand(PERSISTED_STATE))
        if persisted_state is not None:
            members["PersistedState.xml"] = self._files.data(persisted_state).decode("utf-8")
        members["MigratedPolicy.json"] = {
            **policy_of(product),
            "policyMetadata": {
                "type": "migration",
                "author": "lab",
                "timeCreated": self._clock.now_text(),
                "azureADConnectVersion": product["version"],
            },
            "deploymentMetadata": {
                "hostName": computer,
                "serviceAccount": self._registry_value(ADSYNC_SERVICE_KEY, "ObjectName") or DEFAULT_SERVICE_ACCOUNT,
                # Not the value itself: MigrateSettings.ps1 writes null where there is one (settings_export.ps1).
                "serviceAccountType": None
                if self._registry_value(COEXISTENCE_KEY, "ServiceAccountType")
                else "Unknown",
                "connectorIds": [c["identifier"] for c in product["connectors"]],
            },
        }
        archive_path = f"{directory}.zip"
        self._files.add(archive_path, {"archive": members})
        return {"directory": directory, "archive": self._files.entry(archive_path)}
