# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""May this server leave staging mode? Only on fresh evidence that every other server of its tenant is in it.

Two servers out of staging mode both export to the same tenant; with password writeback the second
one disrupts the first one's service bus channel [S7]. Microsoft's order is: put the active server
into staging mode first, then take the other one out [S7].
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
from dataclasses import dataclass, field
from typing import Any

from .._common.dates import UTC, format_utc, parse_utc
from .._common.errors import EntraConnectError
from .._contract.validate import first_violation
from .facts import MARKER_ACTIVATED_AFTER, MARKER_ACTIVATED_UTC, MARKER_PATH
from .identity import tenant_from_names

READING_SOURCE = "hybrid_identity.entra_connect.entra_staging_mode"
NO_OTHER_SERVERS_OPTION = "no_other_servers"
HOW_TO_READ = (
    "Read every other server of the pair right before this task with "
    "hybrid_identity.entra_connect.entra_staging_mode (state: query), register the result, and pass its "
    "`reading` in other_servers. If the tenant really has no other Entra Connect server, say so with "
    f"{NO_OTHER_SERVERS_OPTION}: true instead."
)


def take_reading(host_name: str, status: dict[str, Any], now: datetime.datetime | None = None) -> dict[str, Any]:
    """This server's staging mode, stamped with the controller's clock so any later task can judge its age."""
    return {
        "source": READING_SOURCE,
        "host": host_name,
        "computer_name": status["computer_name"],
        "tenant": tenant_from_names(status["connectors"]),
        "staging_mode": status["scheduler"]["StagingModeEnabled"],
        "read_at": format_utc(now or datetime.datetime.now(UTC)),
        "host_time": status["now_utc"],
    }


def _signed_text(reading: dict[str, Any]) -> bytes:
    unsigned = {key: value for key, value in reading.items() if key != "seal"}
    return json.dumps(unsigned, sort_keys=True, separators=(",", ":")).encode("utf-8")


def seal(reading: dict[str, Any], key: bytes) -> dict[str, Any]:
    """The reading with an HMAC of its content under the controller's key, so a later task can tell a reading
    this collection took from one a caller wrote or changed."""
    return dict(reading, seal=hmac.new(key, _signed_text(reading), hashlib.sha256).hexdigest())


def _sealed(reading: dict[str, Any], key: bytes) -> bool:
    expected = hmac.new(key, _signed_text(reading), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, str(reading.get("seal", "")))


def _as_reading(item: Any) -> Any:
    # A whole registered result is accepted as well as its `reading`.
    if isinstance(item, dict) and isinstance(item.get("reading"), dict):
        return item["reading"]
    return item


@dataclass(frozen=True)
class Evidence:
    """What a task that takes a server out of staging mode was given, and what it knows of the server."""

    this_host: str
    computer_name: str
    tenant: str | None
    other_servers: list[Any] | None
    no_other_servers: bool
    max_age: int
    key: bytes
    # Servers of this tenant that this run has read (inventory name -> computer name): each must be covered.
    known_peers: dict[str, str] = field(default_factory=dict)


def _reading_refusal(evidence: Evidence, index: int, item: Any, now: datetime.datetime) -> str | None:
    reading = _as_reading(item)
    where = f"other_servers[{index}]"
    violation = first_violation("staging_reading", reading)
    if violation is not None:
        return f"{where} is not a reading taken by entra_staging_mode ({violation}). {HOW_TO_READ}"
    if not _sealed(reading, evidence.key):
        return (
            f"{where} ({reading['host']}) was not taken by entra_staging_mode on this controller, or was changed "
            f"after it was taken; only the module's own readings count as evidence. {HOW_TO_READ}"
        )
    if reading["computer_name"].upper() == evidence.computer_name.upper():
        return f"{where} is a reading of this server itself ({evidence.computer_name}). {HOW_TO_READ}"
    if evidence.tenant and reading["tenant"] != evidence.tenant:
        return (
            f"{where} is a reading of {reading['host']} ({reading['computer_name']}), which syncs "
            f"{reading['tenant'] or 'no tenant (no Entra connector)'}, not this server's tenant {evidence.tenant}: "
            f"it says nothing about the servers that export to {evidence.tenant}. {HOW_TO_READ}"
        )
    read_at = parse_utc(reading["read_at"])
    if read_at > now:
        return (
            f"{where}: the reading of {reading['host']} is dated {reading['read_at']}, after the controller's time "
            f"{format_utc(now)}; a reading from the future is never evidence. Read it again right before this task."
        )
    age = (now - read_at).total_seconds()
    if age > evidence.max_age:
        return (
            f"{where}: the reading of {reading['host']} is {int(age)} s old, older than max_reading_age "
            f"({evidence.max_age} s); its state may have changed since. Read it again right before this task."
        )
    if not reading["staging_mode"]:
        return (
            f"{reading['host']} ({reading['computer_name']}) was found out of staging mode at {reading['read_at']}, "
            f"and two active servers would both export to the tenant. Put {reading['host']} into staging mode first "
            "(state: enabled), read it again, then run this task."
        )
    return None


def refusal(evidence: Evidence, now: datetime.datetime | None = None) -> str | None:
    """Why this server may not leave staging mode, or None when the evidence allows it.

    The caller's evidence can only narrow the decision: every reading must be the module's own, fresh by the
    controller's clock, of another computer of the same tenant, and in staging mode; an empty list is
    accepted only when the operator states that the tenant has no other server.
    """
    prefix = f"Refusing to take {evidence.this_host} out of staging mode"
    others = evidence.other_servers
    if not others and not evidence.no_other_servers:
        said = "does not say" if others is None else "gives an empty other_servers list but does not state"
        return f"{prefix}: the task {said} how the other servers of the tenant were found. {HOW_TO_READ}"
    if others and evidence.no_other_servers:
        return (
            f"{prefix}: {NO_OTHER_SERVERS_OPTION} states that the tenant has no other server, yet other_servers "
            "holds readings; state one or the other."
        )
    now = now or datetime.datetime.now(UTC)
    others = others or []
    for index, item in enumerate(others):
        reason = _reading_refusal(evidence, index, item, now)
        if reason:
            return f"{prefix}: {reason}"
    read = {_as_reading(item)["computer_name"].upper() for item in others}
    unread = sorted(host for host, computer in evidence.known_peers.items() if computer.upper() not in read)
    if unread:
        return (
            f"{prefix}: this run read {', '.join(unread)} as a server of tenant {evidence.tenant}, and other_servers "
            f"holds no reading of {'it' if len(unread) == 1 else 'them'}. {HOW_TO_READ}"
        )
    return None


def check_may_leave_staging(evidence: Evidence) -> None:
    reason = refusal(evidence)
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
