# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The files of a server-configuration export, from its folder or from an archive of it, never extracted.

Get-ADSyncServerConfiguration writes ``Connectors\\Connector_{guid}.xml``, ``GlobalSettings\\MV.xml`` and
``SynchronizationRules\\SynchronizationRule_{guid}.xml`` [S24]. File names and their case mean nothing
(the Documenter reads every ``*.xml`` of each folder [S24]); folder names are matched without case, as
Windows does. An archive may name its entries with ``/`` or with ``\\`` (Compress-Archive of Windows
PowerShell 5.1 writes backslashes: PowerShell/Microsoft.PowerShell.Archive issue 48), and may hold the export
folder itself rather than its content.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from .errors import ConfigError
from .xml_tree import MAX_FILE_BYTES

CONNECTORS = "connectors"
GLOBAL_SETTINGS = "globalsettings"
SYNC_RULES = "synchronizationrules"
MV_FILE = "mv.xml"
# An archive that unpacks to more than this is not an export (a zip bomb, or the wrong file).
MAX_ARCHIVE_BYTES = 2 * 1024 * 1024 * 1024
MAX_MEMBERS = 200_000


@dataclass(frozen=True)
class ExportFile:
    folder: str  # connectors | globalsettings | synchronizationrules, lower-case
    name: str  # the file name as written
    where: str  # the file named for a message: path, or archive!member
    data: bytes


def _part(relative: str) -> tuple[str, str] | None:
    """(folder, file name) of an export file, from a path relative to the export; None for anything else."""
    parts = [p for p in relative.replace("\\", "/").split("/") if p]
    if len(parts) < 2 or not parts[-1].lower().endswith(".xml"):
        return None
    if parts[0] == "__MACOSX" or parts[-1].startswith("._"):
        # What macOS's Finder adds to an archive: resource forks, not export files.
        return None
    return parts[-2].lower(), parts[-1]


def _from_folder(path: str) -> Iterator[ExportFile]:
    for entry in os.scandir(path):
        if not entry.is_dir() or entry.name.lower() not in (CONNECTORS, GLOBAL_SETTINGS, SYNC_RULES):
            continue
        for file in sorted(os.scandir(entry.path), key=lambda f: f.name):
            if file.is_file() and file.name.lower().endswith(".xml"):
                if file.stat().st_size > MAX_FILE_BYTES:
                    raise ConfigError(f"{file.path} is {file.stat().st_size} bytes, larger than any export file")
                with open(file.path, "rb") as handle:
                    yield ExportFile(entry.name.lower(), file.name, file.path, handle.read())


def _from_archive(path: str) -> Iterator[ExportFile]:
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_ARCHIVE_BYTES:
                raise ConfigError(
                    f"{path} unpacks to {len(members)} files and {sum(m.file_size for m in members)} bytes, more "
                    "than any configuration export; it was not read"
                )
            for member in members:
                part = _part(member.filename)
                if part is None or part[0] not in (CONNECTORS, GLOBAL_SETTINGS, SYNC_RULES):
                    continue
                if member.file_size > MAX_FILE_BYTES:
                    raise ConfigError(
                        f"{path}!{member.filename} is {member.file_size} bytes, larger than any export file"
                    )
                yield ExportFile(part[0], part[1], f"{path}!{member.filename}", archive.read(member))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as err:
        raise ConfigError(
            f"{path} is not a readable zip archive ({err}): expected a server-configuration export"
        ) from None


def export_files(path: str) -> list[ExportFile]:
    """Every XML file of the export at ``path`` (a folder or a .zip archive), checked to be a whole export."""
    if os.path.isdir(path):
        files = list(_from_folder(path))
    elif os.path.isfile(path) and zipfile.is_zipfile(path):
        files = list(_from_archive(path))
    elif os.path.isfile(path):
        raise ConfigError(
            f"{path} is neither a folder nor a zip archive: expected a server-configuration export "
            "(Get-ADSyncServerConfiguration -Path) or a sync-settings JSON export"
        )
    else:
        raise ConfigError(f"{path} does not exist on the controller")
    folders = {f.folder for f in files}
    missing = [
        label
        for label, present in (
            ("GlobalSettings\\MV.xml", any(f.folder == GLOBAL_SETTINGS and f.name.lower() == MV_FILE for f in files)),
            ("Connectors\\*.xml", CONNECTORS in folders),
            ("SynchronizationRules\\*.xml", SYNC_RULES in folders),
        )
        if not present
    ]
    if missing:
        raise ConfigError(
            f"{path} is not a server-configuration export: it lacks {', '.join(missing)}. "
            "Get-ADSyncServerConfiguration writes all three; export the configuration again, or name the export's "
            "folder itself"
        )
    return files
