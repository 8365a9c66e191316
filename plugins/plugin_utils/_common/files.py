# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Files on the controller: the one atomic write, and SHA-256 as Get-FileHash prints it."""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable


def atomic_write(path: str, data: bytes | str | Callable[[str], None], mode: int = 0o600) -> None:
    """Write ``path`` so that a reader sees the old file or the whole new one, never half of it.

    ``data`` is the content, or a function that fills the temporary file it is given (a download, say);
    when that function raises, the temporary file is removed and ``path`` is left as it was.
    """
    directory = os.path.dirname(os.path.abspath(path))
    fd, temp_path = tempfile.mkstemp(prefix=f".{os.path.basename(path)}-", dir=directory)
    try:
        if callable(data):
            os.close(fd)
            data(temp_path)
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(temp_path, mode)
        os.replace(temp_path, path)
    except BaseException:
        if os.path.exists(temp_path):
            os.unlink(temp_path)
        raise


def sha256_bytes(data: bytes) -> str:
    """A SHA-256 in upper-case hex, as Get-FileHash prints it, so both sides compare as text."""
    return hashlib.sha256(data).hexdigest().upper()


def sha256_file(path: str) -> str:
    """The same for a file on the controller, read in blocks so an installer never sits in memory."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest().upper()
