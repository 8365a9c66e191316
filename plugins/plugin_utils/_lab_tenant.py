# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The lab tenant log: one JSON file a pair of twins share, recording which server was active and
which server exported when, so a test can prove two servers were never active at once.

Events are ordered by ``seq``, not by time: each twin keeps its own clock, as real servers do.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import json
import os
from typing import Any

from ._contract import first_violation
from ._errors import LabStateError

TENANT_SCHEMA = "lab_tenant"


def tenant_path(state_path: str, tenant_log: str) -> str:
    """A tenant log named in a state file lives next to that state file."""
    return os.path.join(os.path.dirname(os.path.abspath(state_path)), tenant_log)


def load_tenant(path: str) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as handle:
            tenant = json.load(handle)
    except FileNotFoundError:
        raise LabStateError(f"Lab tenant log {path} does not exist. Reset the lab with `make lab`") from None
    except (OSError, ValueError) as err:
        raise LabStateError(f"Lab tenant log {path} cannot be read: {err}") from None
    violation = first_violation(TENANT_SCHEMA, tenant)
    if violation is not None:
        raise LabStateError(f"Lab tenant log {path} is not a valid tenant log {violation}")
    return tenant


def record(path: str, server: str, event: str, at: str, **detail: Any) -> dict[str, Any]:
    """Append one event; staging changes also update who is active. Returns the event written."""
    from ._lab_twin import save_state

    tenant = load_tenant(path)
    active = set(tenant["active_servers"])
    if event == "staging_disabled":
        active.add(server)
    elif event == "staging_enabled":
        active.discard(server)
    tenant["active_servers"] = sorted(active)
    entry = {"seq": len(tenant["events"]) + 1, "server": server, "event": event, "at": at, **detail}
    entry["active_servers"] = tenant["active_servers"]
    tenant["events"].append(entry)
    save_state(path, tenant)
    return entry
