# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Dates and time spans as the host scripts write them: ISO 8601 (.NET's round-trip 'o' format) and .NET
TimeSpan 'c' strings. ``parse_utc`` is the one place a host date becomes UTC."""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import datetime
import re

from .errors import EntraConnectError

UTC = datetime.UTC
_TIMESPAN = re.compile(r"^(?P<sign>-)?(?:(?P<days>\d+)\.)?(?P<h>\d{1,2}):(?P<m>\d{2}):(?P<s>\d{2})(?:\.(?P<f>\d+))?$")


def parse_utc(text: str) -> datetime.datetime:
    """A host date as an aware UTC datetime, in any of the three forms DateTime.ToString('o') writes (7 fraction
    digits), by the value's Kind:

    - Utc: '2026-11-20T09:30:12.0000000Z';
    - Local: '2026-11-20T10:30:12.0000000+01:00', the local clock time and its offset: converted to UTC;
    - Unspecified: '2026-11-20T09:30:12.0000000', no zone: taken as UTC, since the ADSync store keeps UTC
      (INFERRED: the scheduler's fields are named ...InUTC; no Microsoft page states the Kind of a run's dates).
    """
    value = text.strip().replace("Z", "+00:00")
    # Python reads at most 6 fraction digits; .NET writes 7.
    value = re.sub(r"(\.\d{6})\d+", r"\1", value)
    parsed = datetime.datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def utc_text(text: str) -> str:
    """A host date in any form parse_utc reads, as UTC in the form the host scripts write for UTC."""
    return format_utc(parse_utc(text))


def format_utc(moment: datetime.datetime) -> str:
    """The inverse of parse_utc, in the same 7-digit form the host scripts write."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f") + "0Z"


def parse_timespan(text: str, option: str) -> datetime.timedelta:
    """'d.hh:mm:ss' or 'hh:mm:ss', as Set-ADSyncScheduler takes it [S8]."""
    match = _TIMESPAN.match(text.strip())
    if not match or int(match["m"]) > 59 or int(match["s"]) > 59:
        raise EntraConnectError(
            f"{option} {text!r} is not a time span: expected hh:mm:ss or d.hh:mm:ss such as 00:30:00"
        )
    span = datetime.timedelta(
        days=int(match["days"] or 0), hours=int(match["h"]), minutes=int(match["m"]), seconds=int(match["s"])
    )
    return -span if match["sign"] else span


def format_timespan(span: datetime.timedelta) -> str:
    """.NET TimeSpan.ToString('c') for whole seconds: '00:30:00', '7.00:00:00'."""
    seconds = int(span.total_seconds())
    days, rest = divmod(abs(seconds), 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{hours:02d}:{minutes:02d}:{secs:02d}"
    if days:
        text = f"{days}.{text}"
    return f"-{text}" if seconds < 0 else text
