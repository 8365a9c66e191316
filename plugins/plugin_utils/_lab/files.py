# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The twin's file system: stat with Authenticode, copy, folders, files sent from or to the controller.

Files live in ``files`` of the state as text (``content``), as bytes (``base64``, for a file that is not
UTF-8 text, such as an export archive staged from the controller), as a zip archive's members
(``archive``, an archive the twin itself made) or as the recipe of a csexport document (``csexport``,
generated piece by piece whenever it is read: csexport_document.py), folders in ``directories``. Paths
are Windows paths, compared without case.

A file has one set of bytes wherever it is read (a stat, a listing, a copy, a fetch to the controller),
in this call or any later one: the twin keeps what it is given or writes exactly, as text or bytes, and
hashes exactly those bytes. The state file is rewritten with sorted keys, so nothing may depend on the
key order of a JSON value: a ``content`` that is a JSON value (a seed's convenience) is the file
``json.dumps(value, indent=2, sort_keys=True)``, the order the state file itself shows.

Authenticode in the lab: no real installer is shipped, so a lab installer is a small JSON document
(lab/installer/) whose ``authenticode`` block names its signer and the SHA-256 of the rest of the
document. Get-AuthenticodeSignature reports Valid for an intact signed file, HashMismatch when the
signed content was changed after signing, and NotSigned for a file without a signature [PSSIG]; the
twin answers the same way, so a tampered installer is refused in the lab as on Windows.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import base64
import hashlib
import io
import json
import ntpath
import zipfile
from collections.abc import Iterator
from typing import Any

from .._common.dates import parse_utc
from .._common.errors import HostCommandError, LabStateError
from .._common.files import sha256_bytes
from .clock import Clock
from .csexport_document import document_chunks

AUTHENTICODE_KEY = "authenticode"
COPY_SECONDS = 3
# The lab keeps a file that is not text as base64 in the state file; a real installer (an MSI of some
# hundred megabytes) does not belong there, the lab installer does (lab/installer/).
MAX_BINARY_BYTES = 1024 * 1024
# The environment variables the twin expands in paths, as a Windows Server would.
ENVIRONMENT = {"%PROGRAMDATA%": "C:\\ProgramData", "%PROGRAMFILES%": "C:\\Program Files"}


def expand(path: str) -> str:
    for variable, value in ENVIRONMENT.items():
        if path.upper().startswith(variable):
            path = value + path[len(variable) :]
    return path


def lab_installer(data: bytes) -> dict[str, Any] | None:
    """The lab installer document in a file's bytes, or None when the file is something else."""
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return document if isinstance(document, dict) and "lab_installer" in document else None


def signed_digest(document: dict[str, Any]) -> str:
    """What a lab signature covers: the document without its signature block, in a canonical form."""
    body = {key: value for key, value in document.items() if key != AUTHENTICODE_KEY}
    return hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")).hexdigest()


def signature_of(data: bytes) -> dict[str, Any]:
    installer = lab_installer(data)
    block = (installer or {}).get(AUTHENTICODE_KEY)
    if not block:
        return {
            "status": "NotSigned",
            "status_message": "The file is not digitally signed.",
            "signer_subject": None,
            "signer_thumbprint": None,
        }
    intact = block.get("signed_sha256") == signed_digest(installer or {})
    return {
        "status": "Valid" if intact else "HashMismatch",
        "status_message": "Signature verified."
        if intact
        else "The contents of the file may have been tampered with because the hash of the file does not match the "
        "hash stored in the digital signature.",
        "signer_subject": block.get("signer_subject"),
        "signer_thumbprint": block.get("signer_thumbprint"),
    }


def as_text(content: Any) -> str:
    """The text of a ``content`` in the state: text as it is; a JSON value indented with sorted keys, so its
    bytes do not depend on the key order, which a state file rewritten with sorted keys does not keep."""
    return content if isinstance(content, str) else json.dumps(content, indent=2, sort_keys=True)


def written_text(content: Any) -> str:
    """The text of a file the server writes: text as it is; a JSON value indented in its writer's order."""
    return content if isinstance(content, str) else json.dumps(content, indent=2)


class Files:
    def __init__(self, state: dict[str, Any], clock: Clock) -> None:
        self._state = state
        self._clock = clock

    @property
    def _computer(self) -> str:
        return str(self._state["computer_name"])

    @property
    def _files(self) -> dict[str, dict[str, Any]]:
        files: dict[str, dict[str, Any]] = self._state.setdefault("files", {})
        return files

    def find(self, path: str) -> str | None:
        """The path as the state spells it, or None; Windows paths are case-insensitive."""
        for known in self._state.get("files") or {}:
            if known.lower() == path.lower():
                return str(known)
        return None

    def in_folder(self, folder: str) -> list[str]:
        return [path for path in self._state.get("files") or {} if ntpath.dirname(path).lower() == folder.lower()]

    def folder_exists(self, folder: str) -> bool:
        folder = folder.rstrip("\\").lower()
        if folder.endswith(":"):
            return True
        directories = {d.rstrip("\\").lower() for d in self._state.get("directories") or []}
        files = {ntpath.dirname(p).lower() for p in self._state.get("files") or {}}
        return folder in directories or folder in files

    def chunks(self, path: str) -> Iterator[bytes]:
        """A file's bytes in pieces: a csexport document object by object, any other file at once."""
        entry = (self._state.get("files") or {}).get(path)
        if entry is None:
            raise HostCommandError(f"Cannot find path '{path}' on {self._computer} because it does not exist")
        if "csexport" in entry:
            for piece in document_chunks(entry["csexport"]):
                yield piece.encode("utf-8")
            return
        yield self.data(path)

    def measure(self, path: str) -> tuple[int, str]:
        """A file's size and SHA-256 (as Get-FileHash prints it), read in pieces."""
        digest, size = hashlib.sha256(), 0
        for piece in self.chunks(path):
            digest.update(piece)
            size += len(piece)
        return size, digest.hexdigest().upper()

    def last_write(self, path: str) -> str:
        return str(self._files[path]["last_write_utc"])

    def data(self, path: str) -> bytes:
        """A file's bytes; an archive is zipped with a fixed timestamp, so its hash is reproducible."""
        entry = (self._state.get("files") or {}).get(path)
        if entry is None:
            raise HostCommandError(f"Cannot find path '{path}' on {self._computer} because it does not exist")
        if "csexport" in entry:
            return b"".join(self.chunks(path))
        if "archive" in entry:
            moment = parse_utc(entry["last_write_utc"])
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for member in sorted(entry["archive"]):
                    info = zipfile.ZipInfo(member, date_time=moment.timetuple()[:6])
                    archive.writestr(info, as_text(entry["archive"][member]))
            return buffer.getvalue()
        if "base64" in entry:
            return base64.b64decode(entry["base64"])
        return as_text(entry["content"]).encode("utf-8")

    def entry(self, path: str) -> dict[str, Any]:
        """A file as the settings scripts list it."""
        size, sha256 = self.measure(path)
        return {
            "name": ntpath.basename(path),
            "path": path,
            "size": size,
            "last_write_utc": self._files[path]["last_write_utc"],
            "sha256": sha256,
        }

    def add(self, path: str, entry: dict[str, Any]) -> None:
        """A file the server itself writes (an export, an applied policy): ``content``, ``archive`` or
        ``csexport`` (a recipe).

        A JSON value is written out as text here, once, and kept as that text: the file's bytes are fixed
        when it is written, not each time it is read."""
        if "csexport" in entry:
            written: dict[str, Any] = {"csexport": dict(entry["csexport"])}
        elif "archive" in entry:
            members = entry["archive"]
            written = {"archive": {member: written_text(members[member]) for member in members}}
        else:
            written = {"content": written_text(entry["content"])}
        self._files[path] = dict(written, last_write_utc=self._clock.now_text())

    def write(self, path: str, data: bytes) -> None:
        folder = ntpath.dirname(path)
        if not self.folder_exists(folder):
            raise HostCommandError(
                f"Could not find a part of the path '{path}' on {self._computer}: the folder does not exist"
            )
        kept: dict[str, Any] = {"last_write_utc": self._clock.now_text()}
        try:
            kept["content"] = data.decode("utf-8")
        except UnicodeDecodeError:
            if len(data) > MAX_BINARY_BYTES:
                raise LabStateError(
                    f"The lab keeps binary files up to {MAX_BINARY_BYTES} bytes only; {path} is {len(data)} bytes. "
                    "Stage a lab installer in the lab: the collection's own (lab/installer/AzureADConnect.msi) "
                    "is staged on a lab host when entra_connect_installer_src is not set"
                ) from None
            kept["base64"] = base64.b64encode(data).decode("ascii")
        self._files[self.find(path) or path] = kept

    # -- primitives -------------------------------------------------------------------------------

    def file_stat(self, parameters: dict[str, Any]) -> dict[str, Any]:
        path = self.find(parameters["Path"])
        if path is None:
            return {"path": parameters["Path"], "file": None}
        size, sha256 = self.measure(path)
        return {
            "path": parameters["Path"],
            "file": {
                "size": size,
                "sha256": sha256,
                "last_write_utc": self._files[path]["last_write_utc"],
                "signature": signature_of(self.data(path)) if parameters["Authenticode"] else None,
            },
        }

    def directory_create(self, parameters: dict[str, Any]) -> dict[str, Any]:
        path = parameters["Path"].rstrip("\\")
        created = not self.folder_exists(path)
        if created:
            # New-Item -ItemType Directory -Force creates the missing parents too.
            parts = path.split("\\")
            directories = self._state.setdefault("directories", [])
            for depth in range(2, len(parts) + 1):
                folder = "\\".join(parts[:depth])
                if not self.folder_exists(folder):
                    directories.append(folder)
            directories.sort()
        return {"path": parameters["Path"], "created": created}

    def file_copy(self, parameters: dict[str, Any]) -> dict[str, Any]:
        source = self.find(parameters["Source"])
        if source is None:
            raise HostCommandError(
                f"The file_copy script failed on {self._computer}: Cannot find path '{parameters['Source']}' "
                "because it does not exist"
            )
        destination = parameters["Destination"]
        self.directory_create({"Path": ntpath.dirname(destination)})
        data = self.data(source)
        self._clock.advance(COPY_SECONDS)
        self.write(destination, data)
        return {"path": destination, "size": len(data), "sha256": sha256_bytes(data)}

    def file_remove(self, parameters: dict[str, Any]) -> dict[str, Any]:
        path = self.find(parameters["Path"])
        if path is not None:
            self.remove(path)
        return {"path": parameters["Path"], "removed": path is not None}

    def remove(self, path: str) -> None:
        """Remove a file the state spells ``path`` (``find``)."""
        del self._files[path]

    # -- transfers to and from the controller -----------------------------------------------------

    def put(self, local_path: str, remote_path: str) -> None:
        """A file sent from the controller (the connection's put_file on Windows)."""
        with open(local_path, "rb") as handle:
            data = handle.read()
        self._clock.advance(COPY_SECONDS)
        self.write(remote_path, data)

    def fetch(self, remote_path: str, local_path: str) -> None:
        """A file sent to the controller (the connection's fetch_file on Windows)."""
        with open(local_path, "wb") as handle:
            for piece in self.chunks(remote_path):
                handle.write(piece)
