# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Entry names of a zip archive the controller reads: either separator, and none that leaves the archive.

The zip format names entries with ``/`` (APPNOTE.TXT 4.4.17.1). Compress-Archive of Windows PowerShell 5.1
(Microsoft.PowerShell.Archive 1.0.1.0, inbox) writes ``\\``; module version 1.2.3.0 fixed it
(PowerShell/Microsoft.PowerShell.Archive issue 48). An archive made on a Windows server by it, or by a tool
that copied it, is still an export, so its names are read in both forms.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import re

# C:, C:\ or C:/ at the start: a name that Windows resolves from a drive, not from the extraction folder.
_DRIVE = re.compile(r"^[A-Za-z]:")


def entry_name(name: str) -> str:
    """An entry's name with ``/`` between its parts, whichever separator the archive wrote."""
    return name.replace("\\", "/")


def unsafe_entry(name: str) -> bool:
    """Whether an entry would land outside the folder it is unpacked into (zip slip): an absolute name (a
    leading separator, a drive, a UNC path) or one with a ``..`` part, in either separator form."""
    normal = entry_name(name)
    return normal.startswith("/") or bool(_DRIVE.match(normal)) or ".." in normal.split("/")
