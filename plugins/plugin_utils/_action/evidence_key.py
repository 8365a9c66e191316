# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The key that seals staging-mode readings on this controller.

It lives under the controller user's Ansible home (``ANSIBLE_HOME``, ``~/.ansible`` by default), or in the
directory the environment variable ``ENTRA_CONNECT_KEY_DIR`` names (for jobs that each run in a fresh
container, as AWX's do: a directory on storage every job of a run mounts), readable by that user only, and
is created on first use. A reading sealed with it can be checked by any later task
on the same controller, also from another ``ansible`` command, as an ad hoc switch needs; a reading written
by hand or changed after it was taken cannot. The seal proves where a reading came from, not that it is
recent: its age is judged separately, by the controller's clock (_rules/staging.py).
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import contextlib
import os
import secrets

from ansible import constants

KEY_DIRECTORY = "hybrid_identity.entra_connect"
KEY_FILE_NAME = "reading.key"
KEY_BYTES = 32
# Where jobs that do not share an Ansible home keep the key (AWX refuses ANSIBLE_* variables from a credential
# type; this one it injects).
KEY_DIRECTORY_VARIABLE = "ENTRA_CONNECT_KEY_DIR"


def run_key(directory: str | None = None) -> bytes:
    """The controller's key, created on first use; two forks asking at once get the same key."""
    directory = (
        directory or os.environ.get(KEY_DIRECTORY_VARIABLE) or os.path.join(str(constants.ANSIBLE_HOME), KEY_DIRECTORY)
    )
    os.makedirs(directory, mode=0o700, exist_ok=True)
    path = os.path.join(directory, KEY_FILE_NAME)
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
