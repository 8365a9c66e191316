# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one error of the configuration comparison."""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

from .._common.errors import EntraConnectError


class ConfigError(EntraConnectError):
    """A configuration export that cannot be read or compared whole; the message names the file and what is missing.

    Raised instead of any result: a comparison of part of an export would call a server identical that is not.
    """
