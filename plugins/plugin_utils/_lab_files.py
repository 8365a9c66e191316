# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The twin's file staging: stat with Authenticode, copy, folders, files sent from the controller.

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

import hashlib
import json
import ntpath
from typing import Any

from ._errors import HostCommandError, LabStateError
from ._lab_settings import file_sha256

AUTHENTICODE_KEY = "authenticode"
COPY_SECONDS = 3


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


class FilesMixin:
    state: dict[str, Any]
    computer_name: str

    def now_text(self) -> str: ...

    def advance(self, seconds: float) -> None: ...

    def file_bytes(self, path: str) -> bytes: ...

    def _find_file(self, path: str) -> str | None:
        # Windows paths are case-insensitive.
        for known in self.state.get("files") or {}:
            if known.lower() == path.lower():
                return known
        return None

    def _folder_exists(self, folder: str) -> bool:
        folder = folder.rstrip("\\").lower()
        if folder.endswith(":"):
            return True
        directories = {d.rstrip("\\").lower() for d in self.state.get("directories") or []}
        files = {ntpath.dirname(p).lower() for p in self.state.get("files") or {}}
        return folder in directories or folder in files

    def _write_file(self, path: str, data: bytes) -> None:
        folder = ntpath.dirname(path)
        if not self._folder_exists(folder):
            raise HostCommandError(
                f"Could not find a part of the path '{path}' on {self.computer_name}: the folder does not exist"
            )
        try:
            content = data.decode("utf-8")
        except UnicodeDecodeError:
            raise LabStateError(
                f"The lab keeps text files only; {path} is binary. Stage a lab installer (lab/installer/) in the lab"
            ) from None
        self.state.setdefault("files", {})[self._find_file(path) or path] = {
            "last_write_utc": self.now_text(),
            "content": content,
        }

    def primitive_file_stat(self, parameters: dict[str, Any]) -> dict[str, Any]:
        path = self._find_file(parameters["Path"])
        if path is None:
            return {"path": parameters["Path"], "file": None}
        data = self.file_bytes(path)
        return {
            "path": parameters["Path"],
            "file": {
                "size": len(data),
                "sha256": file_sha256(data),
                "last_write_utc": self.state["files"][path]["last_write_utc"],
                "signature": signature_of(data) if parameters["Authenticode"] else None,
            },
        }

    def primitive_directory_create(self, parameters: dict[str, Any]) -> dict[str, Any]:
        path = parameters["Path"].rstrip("\\")
        created = not self._folder_exists(path)
        if created:
            # New-Item -ItemType Directory -Force creates the missing parents too.
            parts = path.split("\\")
            directories = self.state.setdefault("directories", [])
            for depth in range(2, len(parts) + 1):
                folder = "\\".join(parts[:depth])
                if not self._folder_exists(folder):
                    directories.append(folder)
            directories.sort()
        return {"path": parameters["Path"], "created": created}

    def primitive_file_copy(self, parameters: dict[str, Any]) -> dict[str, Any]:
        source = self._find_file(parameters["Source"])
        if source is None:
            raise HostCommandError(
                f"The file_copy script failed on {self.computer_name}: Cannot find path '{parameters['Source']}' "
                "because it does not exist"
            )
        destination = parameters["Destination"]
        self.primitive_directory_create({"Path": ntpath.dirname(destination)})
        data = self.file_bytes(source)
        self.advance(COPY_SECONDS)
        self._write_file(destination, data)
        return {"path": destination, "size": len(data), "sha256": file_sha256(data)}

    def primitive_file_remove(self, parameters: dict[str, Any]) -> dict[str, Any]:
        path = self._find_file(parameters["Path"])
        if path is not None:
            del self.state["files"][path]
        return {"path": parameters["Path"], "removed": path is not None}

    def put(self, local_path: str, remote_path: str) -> None:
        """A file sent from the controller (the connection's put_file on Windows)."""
        with open(local_path, "rb") as handle:
            data = handle.read()
        self.advance(COPY_SECONDS)
        self._write_file(remote_path, data)
