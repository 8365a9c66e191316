# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Readings that several modules take through a Host, with what they send fixed in one place."""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .base import Host
from .primitives import STATUS_RUN_HISTORY_COUNT, status_parameters

__all__ = ["POLL_READ_RETRIES", "STATUS_RUN_HISTORY_COUNT", "read_status"]

# Reads while polling survive this many lost connections, each followed by a connection reset (other reads
# survive base.READ_RETRIES).
POLL_READ_RETRIES = 3


def read_status(host: Host, on_retry: Callable[[int, str], None] | None = None) -> dict[str, Any]:
    """One short read of the engine; retried after resetting the connection if the connection drops."""
    return host.call("sync_status", status_parameters(), retries=POLL_READ_RETRIES, on_retry=on_retry)
