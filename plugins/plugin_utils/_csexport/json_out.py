# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The JSON summary of one or more analysed files, as a file an operator or a later run can keep."""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import json
from typing import Any

from .._common.files import atomic_write
from .errors import CsexportError

SUMMARY_MODE = 0o644


def write_summary(path: str, summary_or_list: dict[str, Any] | list[dict[str, Any]]) -> None:
    """Write one summary or a list of them, whole or not at all (temporary file, then rename).

    Raises CsexportError when the file cannot be written (no such directory, no permission).
    """
    text = json.dumps(summary_or_list, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    try:
        atomic_write(path, text, mode=SUMMARY_MODE)
    except OSError as err:
        raise CsexportError(f"the summary {path} cannot be written: {err.strerror or err}") from None
