# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Readings that several modules take through a Host, with what they send fixed in one place."""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .._rules.facts import SETTING_STAGING_MODE
from .base import Host

# Enough recent runs to find the newest complete run of every connector of a multi-forest server.
STATUS_RUN_HISTORY_COUNT = 20
# Reads while polling survive this many lost connections, each followed by a connection reset.
POLL_READ_RETRIES = 3


def read_status(host: Host, on_retry: Callable[[int, str], None] | None = None) -> dict[str, Any]:
    """One short read of the engine; retried after resetting the connection if the connection drops."""
    parameters = {"StagingSettingName": SETTING_STAGING_MODE, "RunHistoryCount": STATUS_RUN_HISTORY_COUNT}
    return host.call("sync_status", parameters, retries=POLL_READ_RETRIES, on_retry=on_retry)
