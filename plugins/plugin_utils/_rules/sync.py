# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Reading the sync engine's state, waiting for a sync cycle, and judging run results.

Sources (numbers in docs/sources.md): scheduler fields and the 7-day rule [S8]; run results and their
strings [S9][S16]; the deletion threshold [S11]; staging mode stops exports [S7].
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import datetime
import fnmatch
from typing import Any

from .._common.dates import parse_utc
from .._common.errors import EntraConnectError
from .facts import snake_case_keys

# A delta sync must run within 7 days of the previous one, or a full sync is needed [S8].
LAST_SYNC_LIMIT = datetime.timedelta(days=7)
# Microsoft's run status families: stopped-* could not complete; completed-*-errors finished with
# errors [S16]. Both fail a cycle unless the task says otherwise.
DEFAULT_FAILING_RESULTS = ("stopped-*", "completed-*-errors")
DELETION_THRESHOLD_RESULT = "stopped-deletion-threshold-exceeded"


def require_installed(status: dict[str, Any], host: str) -> dict[str, Any]:
    """The scheduler of an installed server, or a clear error naming what was expected and found."""
    if not status["installed"] or status["scheduler"] is None:
        raise EntraConnectError(
            f"Entra Connect is not installed on {host} ({status['computer_name']}): expected an Entra Connect "
            "Sync server with the ADSync service, found no ADSync service. Nothing was changed."
        )
    scheduler: dict[str, Any] = status["scheduler"]
    return scheduler


def last_sync(status: dict[str, Any]) -> dict[str, Any]:
    """When the newest complete run ended, how long ago on the host's clock, and whether that breaks the 7-day rule."""
    ends = [run["end_date"] for run in status["recent_runs"] if run["is_run_complete"] and run["end_date"]]
    if not ends:
        return {"last_sync_end": None, "last_sync_age_hours": None, "last_sync_older_than_7_days": True}
    newest = max(ends, key=parse_utc)
    age = parse_utc(status["now_utc"]) - parse_utc(newest)
    return {
        "last_sync_end": newest,
        "last_sync_age_hours": round(age.total_seconds() / 3600, 1),
        "last_sync_older_than_7_days": age > LAST_SYNC_LIMIT,
    }


def scheduler_facts(scheduler: dict[str, Any]) -> dict[str, Any]:
    return snake_case_keys(scheduler)


def runs_since(runs: list[dict[str, Any]], started: str) -> list[dict[str, Any]]:
    """The runs of a cycle started at ``started``: those that began then or later, by the host's clock."""
    start = parse_utc(started)
    return [run for run in runs if run["start_date"] and parse_utc(run["start_date"]) >= start]


def failing(run: dict[str, Any], patterns: list[str]) -> bool:
    return any(fnmatch.fnmatch(run["result"].lower(), pattern.lower()) for pattern in patterns)


def failure_message(host: str, failures: list[dict[str, Any]]) -> str:
    lines = []
    for run in failures:
        where = f"{run['connector_name']} / {run['run_profile_name']}"
        if run["result"].lower() == DELETION_THRESHOLD_RESULT:
            lines.append(
                f"{where} ended with {run['result']}: the export would delete more objects than the export "
                "deletion threshold allows, so it stopped before deleting anything. Review the pending deletions "
                f'(csexport "{run["connector_name"]}" %temp%\\export.xml /f:x); if they are intended, raise the '
                "threshold with Enable-ADSyncExportDeletionThreshold or disable it for one export with "
                "Disable-ADSyncExportDeletionThreshold, run the cycle again, and enable it again afterwards"
            )
        else:
            lines.append(f"{where} ended with {run['result']} ({run['errors']} error(s))")
    return f"The sync cycle on {host} did not succeed: " + "; ".join(lines)


def by_connector(runs: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for run in sorted(runs, key=lambda r: r["start_date"] or ""):
        grouped.setdefault(run["connector_name"], []).append(run)
    return grouped
