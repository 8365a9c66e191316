# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The lab tenant log: one document a pair of twins share, recording which server was active and
which server exported when, so a test can prove two servers were never active at once.

Events are ordered by ``seq``, not by time: each twin keeps its own clock, as real servers do.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

from typing import Any, Protocol

# A state without a tenant log (a unit test's server, say) still needs a tenant name for its connector.
DEFAULT_TENANT = "contoso.onmicrosoft.com"


class TenantLogs(Protocol):
    """Where tenant logs are kept: the twin store."""

    def read_tenant(self, log: str) -> dict[str, Any]: ...

    def write_tenant(self, log: str, tenant: dict[str, Any]) -> None: ...


class TenantLog:
    """The tenant log a server's state names (``tenant_log``), or none."""

    def __init__(self, logs: TenantLogs, state: dict[str, Any]) -> None:
        self._logs = logs
        self._state = state

    @property
    def _log(self) -> str | None:
        return self._state.get("tenant_log")

    def tenant_name(self) -> str:
        return DEFAULT_TENANT if not self._log else str(self._logs.read_tenant(self._log)["tenant"])

    def record(self, event: str, at: str, **detail: Any) -> dict[str, Any] | None:
        """Append one event; staging changes also update who is active. Returns the event written."""
        if not self._log:
            return None
        tenant = self._logs.read_tenant(self._log)
        server = self._state["computer_name"]
        active = set(tenant["active_servers"])
        if event == "staging_disabled":
            active.add(server)
        elif event == "staging_enabled":
            active.discard(server)
        tenant["active_servers"] = sorted(active)
        entry = {"seq": len(tenant["events"]) + 1, "server": server, "event": event, "at": at, **detail}
        entry["active_servers"] = tenant["active_servers"]
        tenant["events"].append(entry)
        self._logs.write_tenant(self._log, tenant)
        return entry
