# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""May this server leave staging mode? Only on fresh evidence that every other server of the pair is in it.

Two servers out of staging mode both export to the same tenant; with password writeback the second
one disrupts the first one's service bus channel [S7]. Microsoft's order is: put the active server
into staging mode first, then take the other one out [S7].
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import datetime
from typing import Any

from .._common.dates import UTC, format_utc, parse_utc
from .._common.errors import EntraConnectError
from .._contract.validate import first_violation
from .facts import MARKER_ACTIVATED_AFTER, MARKER_ACTIVATED_UTC, MARKER_PATH

READING_SOURCE = "hybrid_identity.entra_connect.entra_staging_mode"
HOW_TO_READ = (
    "Read every other server of the pair right before this task with "
    "hybrid_identity.entra_connect.entra_staging_mode (state: query), register the result, and pass its "
    "`reading` in other_servers (an empty list states that the pair has no other server)."
)


def take_reading(host_name: str, status: dict[str, Any], now: datetime.datetime | None = None) -> dict[str, Any]:
    """This server's staging mode, stamped with the controller's clock so any later task can judge its age."""
    return {
        "source": READING_SOURCE,
        "host": host_name,
        "computer_name": status["computer_name"],
        "staging_mode": status["scheduler"]["StagingModeEnabled"],
        "read_at": format_utc(now or datetime.datetime.now(UTC)),
        "host_time": status["now_utc"],
    }


def _as_reading(item: Any) -> Any:
    # A whole registered result is accepted as well as its `reading`.
    if isinstance(item, dict) and isinstance(item.get("reading"), dict):
        return item["reading"]
    return item


def refusal(
    this_host: str,
    computer_name: str,
    other_servers: list[Any] | None,
    max_age: int,
    now: datetime.datetime | None = None,
) -> str | None:
    """Why this server may not leave staging mode, or None when the evidence allows it."""
    prefix = f"Refusing to take {this_host} out of staging mode"
    if other_servers is None:
        return f"{prefix}: the task does not say how the other servers of the pair were found. {HOW_TO_READ}"
    now = now or datetime.datetime.now(UTC)
    for index, item in enumerate(other_servers):
        reading = _as_reading(item)
        violation = first_violation("staging_reading", reading)
        if violation is not None:
            return (
                f"{prefix}: other_servers[{index}] is not a reading taken by entra_staging_mode ({violation}). "
                f"{HOW_TO_READ}"
            )
        if reading["computer_name"].lower() == computer_name.lower():
            return (
                f"{prefix}: other_servers[{index}] is a reading of this server itself ({computer_name}). {HOW_TO_READ}"
            )
        if not reading["staging_mode"]:
            return (
                f"{prefix}: {reading['host']} ({reading['computer_name']}) was found out of staging mode at "
                f"{reading['read_at']}, and two active servers would both export to the tenant. Put "
                f"{reading['host']} into staging mode first (state: enabled), read it again, then run this task."
            )
        age = (now - parse_utc(reading["read_at"])).total_seconds()
        if age > max_age:
            return (
                f"{prefix}: the reading of {reading['host']} is {int(age)} s old, older than max_reading_age "
                f"({max_age} s); its state may have changed since. Read it again right before this task."
            )
    return None


def check_may_leave_staging(this_host: str, computer_name: str, other_servers: list[Any] | None, max_age: int) -> None:
    reason = refusal(this_host, computer_name, other_servers, max_age)
    if reason:
        raise EntraConnectError(reason + " Nothing was changed.")


def reading_hosts(other_servers: list[Any]) -> list[str]:
    """The inventory names of the servers whose readings were given, as a decision names them."""
    return sorted({str(_as_reading(item)["host"]) for item in other_servers})


def activation_marker(other_servers: list[Any], now_utc: str) -> dict[str, Any]:
    """The staging_write parameters that record, on the server made active, whose readings allowed it."""
    names = sorted({_as_reading(item)["computer_name"].upper() for item in other_servers})
    return {
        "MarkerPath": MARKER_PATH,
        "MarkerValues": {MARKER_ACTIVATED_AFTER: ",".join(names), MARKER_ACTIVATED_UTC: now_utc},
    }
