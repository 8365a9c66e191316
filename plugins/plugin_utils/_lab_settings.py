# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The twin's files and sync configuration: settings exports in %ProgramData%\\AADConnect.

- The wizard writes Applied-SynchronizationPolicy-*.json there on every configuration change [S6];
  the seeds carry such files.
- A server-configuration export is what MigrateSettings.ps1 makes: Get-ADSyncServerConfiguration
  into Exported-ServerConfiguration-<guid>, plus PersistedState.xml and MigratedPolicy.json [S23].
  The script zips the folder so the controller fetches one file.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import fnmatch
import hashlib
import io
import json
import ntpath
import uuid
import zipfile
from typing import Any

from ._errors import HostCommandError
from ._time import parse_utc

# The environment variables the twin expands in paths, as a Windows Server would.
ENVIRONMENT = {"%PROGRAMDATA%": "C:\\ProgramData", "%PROGRAMFILES%": "C:\\Program Files"}
EXPORT_SECONDS = 20


def file_sha256(data: bytes) -> str:
    """A file's SHA-256 as Get-FileHash prints it."""
    return hashlib.sha256(data).hexdigest().upper()


def expand(path: str) -> str:
    for variable, value in ENVIRONMENT.items():
        if path.upper().startswith(variable):
            path = value + path[len(variable) :]
    return path


class SettingsMixin:
    state: dict[str, Any]
    computer_name: str
    product: dict[str, Any] | None

    def now_text(self) -> str: ...

    def advance(self, seconds: float) -> None: ...

    def require_engine(self, primitive: str) -> dict[str, Any]: ...

    def global_settings(self, names: list[str]) -> dict[str, str | None]: ...

    def file_bytes(self, path: str) -> bytes:
        entry = (self.state.get("files") or {}).get(path)
        if entry is None:
            raise HostCommandError(f"Cannot find path '{path}' on {self.computer_name} because it does not exist")
        if "archive" in entry:
            moment = parse_utc(entry["last_write_utc"])
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for member in sorted(entry["archive"]):
                    # A fixed timestamp keeps the archive's bytes, and so its hash, reproducible.
                    info = zipfile.ZipInfo(member, date_time=moment.timetuple()[:6])
                    archive.writestr(info, _text(entry["archive"][member]))
            return buffer.getvalue()
        return _text(entry["content"]).encode("utf-8")

    def _file_entry(self, path: str) -> dict[str, Any]:
        data = self.file_bytes(path)
        return {
            "name": ntpath.basename(path),
            "path": path,
            "size": len(data),
            "last_write_utc": self.state["files"][path]["last_write_utc"],
            "sha256": file_sha256(data),
        }

    def primitive_settings_read(self, parameters: dict[str, Any]) -> dict[str, Any]:
        folder = expand(parameters["Folder"]).rstrip("\\")
        in_folder = [path for path in self.state.get("files") or {} if ntpath.dirname(path).lower() == folder.lower()]
        answer: dict[str, Any] = {
            "computer_name": self.computer_name,
            "folder": folder,
            "folder_exists": bool(in_folder)
            or folder.lower() in {d.lower().rstrip("\\") for d in self.state.get("directories") or []},
            "files": [
                self._file_entry(path)
                for path in sorted(in_folder)
                if any(fnmatch.fnmatch(ntpath.basename(path).lower(), p.lower()) for p in parameters["FilePatterns"])
            ],
            "product_version": None,
            "global_settings": {},
            "connectors": [],
            "sync_rules": [],
        }
        if self.product is None:
            return answer
        product = self.require_engine("settings_read")
        settings = product.get("connector_settings") or {}
        answer.update(
            product_version=product["version"],
            global_settings=self.global_settings(parameters["GlobalSettingNames"]),
            connectors=[
                {
                    "identifier": connector["identifier"],
                    "name": connector["name"],
                    "connector_type_name": connector["connector_type_name"],
                    "run_profiles": list(settings.get(connector["identifier"], {}).get("run_profiles", [])),
                    "object_inclusion": list(settings.get(connector["identifier"], {}).get("object_inclusion", [])),
                    "attribute_inclusion": list(
                        settings.get(connector["identifier"], {}).get("attribute_inclusion", [])
                    ),
                }
                for connector in product["connectors"]
            ],
            sync_rules=[dict(rule) for rule in product.get("sync_rules") or []],
        )
        return answer

    def primitive_settings_export(self, parameters: dict[str, Any]) -> dict[str, Any]:
        product = self.require_engine("settings_export")
        folder = expand(parameters["Folder"]).rstrip("\\")
        export_id = uuid.uuid5(uuid.NAMESPACE_URL, self.computer_name + self.now_text())
        directory = f"{folder}\\Exported-ServerConfiguration-{export_id}"
        self.advance(EXPORT_SECONDS)
        members: dict[str, Any] = {
            f"Connectors/Connector_{{{c['identifier'].upper()}}}.xml": (
                f"<ma-data><id>{{{c['identifier'].upper()}}}</id><name>{c['name']}</name>"
                f"<category>{c['connector_type_name']}</category></ma-data>"
            )
            for c in product["connectors"]
        }
        members["GlobalSettings/MV.xml"] = (
            f"<saved-mv-configuration server='{self.computer_name}'><mv-data><parameter-values>"
            f"<parameter name='Microsoft.Synchronize.ServerConfigurationVersion'>"
            f"{product['server_configuration_version']}</parameter></parameter-values></mv-data></saved-mv-configuration>"
        )
        for rule in product.get("sync_rules") or []:
            members[f"SynchronizationRules/SynchronizationRule_{{{rule['identifier']}}}.xml"] = (
                f"<synchronizationRule><id>{{{rule['identifier']}}}</id><name>{rule['name']}</name></synchronizationRule>"
            )
        members["PersistedState.xml"] = "<PersistedState />"
        members["MigratedPolicy.json"] = {
            "policyMetadata": {
                "type": "migration",
                "author": "lab",
                "timeCreated": self.now_text(),
                "azureADConnectVersion": product["version"],
            },
            "deploymentMetadata": {
                "hostName": self.computer_name,
                "connectorIds": [c["identifier"] for c in product["connectors"]],
            },
        }
        archive_path = f"{directory}.zip"
        self.state.setdefault("files", {})[archive_path] = {"last_write_utc": self.now_text(), "archive": members}
        return {"directory": directory, "archive": self._file_entry(archive_path)}

    def fetch(self, remote_path: str, local_path: str) -> None:
        with open(local_path, "wb") as handle:
            handle.write(self.file_bytes(remote_path))


def _text(content: Any) -> str:
    return content if isinstance(content, str) else json.dumps(content, indent=2)
