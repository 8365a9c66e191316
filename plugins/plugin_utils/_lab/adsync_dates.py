# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The dates of the twin's ADSync answers as the read scripts send them.

The snapshot, sync_status and run_results scripts send the run dates and the scheduler's dates as
DateTime.ToString('o') writes them, which depends on the value's Kind: '...Z' for Utc, the local clock time
and its offset for Local, no suffix for Unspecified. Which Kind the ADSync cmdlets hand out is not
documented, so a server's ``entra_connect`` may say it (docs/lab.md):

- ``adsync_datetime_kind``: ``Utc`` (absent: Utc), ``Local`` or ``Unspecified``;
- ``utc_offset``: the server's offset from UTC, ``+hh:mm`` or ``-hh:mm``, for Local (absent: +00:00).

The twin keeps every date in UTC; only its answers change. An Unspecified date holds the UTC clock time
(INFERRED: the store keeps UTC, as the scheduler's ...InUTC field names say).
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import datetime
from typing import Any

from .._common.dates import parse_utc

KIND_KEY = "adsync_datetime_kind"
OFFSET_KEY = "utc_offset"
RUN_DATES = ("start_date", "end_date")
SCHEDULER_DATES = ("NextSyncCycleStartTimeInUTC",)


def _offset(text: str) -> datetime.timedelta:
    sign = -1 if text.startswith("-") else 1
    hours, minutes = text.lstrip("+-").split(":")
    return sign * datetime.timedelta(hours=int(hours), minutes=int(minutes))


def as_sent(product: dict[str, Any], text: str | None) -> str | None:
    """One UTC date of the twin as DateTime.ToString('o') shows it for this server's Kind."""
    kind = product.get(KIND_KEY) or "Utc"
    if text is None or kind == "Utc":
        return text
    moment = parse_utc(text)
    if kind == "Unspecified":
        return moment.strftime("%Y-%m-%dT%H:%M:%S.%f") + "0"
    offset = product.get(OFFSET_KEY) or "+00:00"
    local = moment.astimezone(datetime.timezone(_offset(offset)))
    return local.strftime("%Y-%m-%dT%H:%M:%S.%f") + "0" + offset


def run_as_sent(product: dict[str, Any], run: dict[str, Any]) -> dict[str, Any]:
    """A run of the twin's history with its dates as the scripts send them."""
    return dict(run, **{key: as_sent(product, run[key]) for key in RUN_DATES if key in run})


def scheduler_as_sent(product: dict[str, Any], scheduler: dict[str, Any]) -> dict[str, Any]:
    """Get-ADSyncScheduler's fields with its dates as the scripts send them."""
    return dict(scheduler, **{key: as_sent(product, scheduler[key]) for key in SCHEDULER_DATES if key in scheduler})
