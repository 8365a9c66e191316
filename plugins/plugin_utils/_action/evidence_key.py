# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The key that seals staging-mode readings for the length of one run.

It lives in the controller's per-run local temporary directory (``DEFAULT_LOCAL_TMP``: created by the
ansible process at start, shared by its forks, removed when it exits), readable by the controller's user
only. A reading sealed with it can be checked by any later task of the same run; a reading written by hand,
changed after it was taken, or kept from an earlier run cannot.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import contextlib
import os
import secrets

from ansible import constants

KEY_FILE_NAME = "hybrid_identity.entra_connect.reading.key"
KEY_BYTES = 32


def run_key(directory: str | None = None) -> bytes:
    """This run's key, created on first use; two forks asking at once get the same key."""
    path = os.path.join(directory or str(constants.DEFAULT_LOCAL_TMP), KEY_FILE_NAME)
    try:
        with open(path, "rb") as handle:
            key = handle.read()
        if len(key) == KEY_BYTES:
            return key
    except FileNotFoundError:
        pass
    # Write under a private name, then link: the key file appears whole or not at all, and the first fork
    # to link it wins; the others read the winner's key.
    staging = f"{path}.{os.getpid()}.{secrets.token_hex(4)}"
    fd = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(KEY_BYTES))
        with contextlib.suppress(FileExistsError):
            os.link(staging, path)
    finally:
        os.unlink(staging)
    with open(path, "rb") as handle:
        return handle.read()
