# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The reports of a comparison as files: ``<basename>.md``, ``.json`` and ``.html`` in one folder, each whole or
not at all."""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any

from .._common.files import atomic_write
from .errors import ConfigError
from .report_html import render_html
from .report_markdown import render_markdown

REPORT_MODE = 0o644


def render_json(result: dict[str, Any]) -> str:
    """The result itself, every value whole: what a later run or another tool reads."""
    return json.dumps(result, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


RENDERERS: dict[str, Callable[[dict[str, Any]], str]] = {
    "md": render_markdown,
    "json": render_json,
    "html": render_html,
}


def write_reports(result: dict[str, Any], report_dir: str, basename: str, formats: list[str]) -> dict[str, str]:
    """Write ``report_dir/basename.<format>`` for each format, creating the folder; return format -> path.

    Every report is rendered before any is written, so a result that cannot be rendered leaves no file behind.
    Raises ConfigError for an unknown format, a base name that is not a plain file name, or a folder that cannot
    be created or written.
    """
    unknown = [f for f in formats if f not in RENDERERS]
    if unknown:
        raise ConfigError(
            f"Unknown report format(s) {', '.join(map(repr, unknown))}: the reports are {', '.join(RENDERERS)}"
        )
    if not basename or basename in (".", "..") or os.sep in basename or (os.altsep and os.altsep in basename):
        raise ConfigError(f"The report name {basename!r} is not a file name: it must name no folder")
    texts = {f: RENDERERS[f](result) for f in dict.fromkeys(formats)}
    written: dict[str, str] = {}
    try:
        os.makedirs(report_dir, exist_ok=True)
        for fmt, text in texts.items():
            path = os.path.join(report_dir, f"{basename}.{fmt}")
            atomic_write(path, text, mode=REPORT_MODE)
            written[fmt] = path
    except OSError as err:
        done = f" ({', '.join(written.values())} written before)" if written else ""
        raise ConfigError(
            f"The report folder {report_dir} cannot be written: {err.strerror or err}{done}. Give a folder the "
            "controller's user can create and write (report_dir)"
        ) from None
    return written
