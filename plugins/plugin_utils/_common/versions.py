# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Entra Connect version numbers: always four numeric parts, compared numerically."""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import re

from .errors import InvalidVersionError

# Microsoft publishes every build as major.minor.build.revision (e.g. 2.5.79.0). Some tools drop the
# trailing revision, so three parts are accepted and padded with .0; anything else is refused.
_VERSION_RE = re.compile(r"^\s*(\d{1,9})\.(\d{1,9})\.(\d{1,9})(?:\.(\d{1,9}))?\s*$")

Version = tuple[int, int, int, int]


def parse_version(value: object, what: str = "version") -> Version:
    """Return the version as a tuple of four ints, or raise naming ``what`` and the bad value."""
    match = _VERSION_RE.match(value) if isinstance(value, str) else None
    if match is None:
        raise InvalidVersionError(
            f"{what} {value!r} is not a version: expected four dot-separated numbers such as 2.5.79.0"
        )
    return tuple(int(part or 0) for part in match.groups())  # type: ignore[return-value]


def format_version(version: Version) -> str:
    return ".".join(str(part) for part in version)
