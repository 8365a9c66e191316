# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""One side of a comparison from what the operator names: an export folder, its archive, or a settings JSON."""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import os
import zipfile

from .model import Configuration
from .server_config import read_server_configuration
from .sync_settings import read_sync_settings


def read_configuration(path: str, label: str) -> Configuration:
    if os.path.isfile(path) and not zipfile.is_zipfile(path) and path.lower().endswith(".json"):
        return read_sync_settings(path, label)
    return read_server_configuration(path, label)
