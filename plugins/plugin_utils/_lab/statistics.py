# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The twin's connector spaces, as the connector_statistics primitive counts them.

What it models, with sources (numbers in docs/sources.md):
- A connector space holds the objects an import staged; before the first import of a connector it holds
  none [S36].
- After an import it holds the connector's ``objects`` where the state gives them, and otherwise a count
  derived from the tenant log the pair shares and the connector's identifier. Both servers of a pair read the
  same directories, and the twin's wizard keeps each connector's identifier when it imports the settings
  (installer.py), so a migrated pair shows the same counts; a connector the target lacks has no count there.
- The objects split into placeholders (the parts of hierarchical names that were not imported; the Entra
  connector's namespace is flat, so it has none), disconnectors (objects joined to nothing) and connectors
  (joined objects) [S36]. The shares are the twin's own: INFERRED, for a plausible reading only.
- Get-ADSyncConnectorStatistics reports the same connectors the count finds [S35].
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import hashlib
from typing import Any

from .._rules.facts import connector_kind
from .._rules.health import step_of
from .clock import Clock
from .engine import SyncEngine

# The range of a derived count: a small directory's worth of objects.
DERIVED_MIN, DERIVED_SPAN = 1000, 9000
# Of every so many objects, one is a disconnector, and (in a hierarchical namespace) one a placeholder.
DISCONNECTOR_EVERY, PLACEHOLDER_EVERY = 10, 100


def derived_objects(state: dict[str, Any], connector: dict[str, Any]) -> int:
    """The count of a connector without ``objects``: the same on every server that shares the tenant log."""
    key = f"{state.get('tenant_log') or ''}|{connector['identifier'].lower()}"
    return DERIVED_MIN + int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:8], 16) % DERIVED_SPAN


def imported(product: dict[str, Any], connector: dict[str, Any]) -> bool:
    """Whether an import of the connector completed: its space holds what it staged."""
    return any(
        run["connector_id"].lower() == connector["identifier"].lower()
        and run["is_run_complete"]
        and step_of(run) == "import"
        for run in product.get("run_history") or []
    )


def space_of(state: dict[str, Any], product: dict[str, Any], connector: dict[str, Any]) -> dict[str, int]:
    """The objects of one connector space, by kind."""
    if not imported(product, connector):
        objects = 0
    elif "objects" in connector:
        objects = int(connector["objects"])
    else:
        objects = derived_objects(state, connector)
    placeholders = objects // PLACEHOLDER_EVERY if connector_kind(connector) != "entra" else 0
    disconnectors = objects // DISCONNECTOR_EVERY
    return {
        "total_objects": objects,
        "total_connectors": objects - disconnectors - placeholders,
        "total_disconnectors": disconnectors,
        "placeholders": placeholders,
    }


def connector_statistics(
    state: dict[str, Any], engine: SyncEngine, clock: Clock, parameters: dict[str, Any]
) -> dict[str, Any]:
    """The connector_statistics answer: every connector with its counts, as the script reads them."""
    product = engine.require_engine("connector_statistics")
    answer = []
    for connector in product["connectors"]:
        space = space_of(state, product, connector)
        entry: dict[str, Any] = {
            "identifier": connector["identifier"],
            "name": connector["name"],
            "connector_type_name": connector["connector_type_name"],
            "subtype": connector["subtype"],
            "total_objects": None,
            "total_connectors": None,
            "total_disconnectors": None,
            "placeholders": None,
            "reported_total_connectors": space["total_connectors"],
            "error": None,
        }
        if parameters["CountConnectorSpace"]:
            entry.update(space)
        answer.append(entry)
    return {"now_utc": clock.now_text(), "connectors": answer}
