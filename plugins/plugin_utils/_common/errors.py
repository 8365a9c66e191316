# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Errors the collection raises; each carries a message fit to show a user as the task's msg."""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations


class EntraConnectError(Exception):
    """Base class: the message is the whole explanation, ready for a task's msg."""


class InvalidVersionError(EntraConnectError):
    """A value that should be a four-part version is not one."""


class ContractError(EntraConnectError):
    """A host's answer does not match the primitive's JSON Schema."""


class HostCommandError(EntraConnectError):
    """A primitive ran on the host and failed there."""


class LabStateError(EntraConnectError):
    """The lab twin's state file is missing, unreadable or malformed."""
