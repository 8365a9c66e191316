# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Reading the sync engine's state, waiting for a sync cycle, and judging run results.

Sources (numbers in docs/sources.md): scheduler fields and the 7-day rule [S8]; run results and their
strings [S9][S16]; the deletion threshold [S11]; staging mode stops exports [S7]; a start refused while
a cycle runs ("Connector: <name> is busy.") [BUSY].
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
# sync_start's result when Start-ADSyncSyncCycle refused because a cycle was running [BUSY]: nothing changed.
BUSY_RESULT = "busy"
# What Start-ADSyncSyncCycle answers when it started a cycle [S9].
STARTED_RESULT = "success"
# How many times entra_sync_cycle asks for its cycle while the engine answers busy, waiting for the running
# cycle to end between two asks. The scheduler starts at most one cycle per interval (30 minutes by default,
# never less than AllowedSyncCycleInterval [S8]), so once its cycle has ended the next ask finds the engine
# idle; a second busy answer means something else starts cycles too (another operator or script), and a third
# ask covers that one coincidence. Past that, asking again only races whatever keeps the engine busy: a person
# should find out what it is.
START_ATTEMPTS = 3
# How long, by the host's clock, a cycle that Start-ADSyncSyncCycle accepted may take to show: until then
# SyncCycleInProgress can still be false and no run of it listed. INFERRED: Microsoft documents only that the
# cmdlet returns at once [S8], not how soon the cycle shows; two minutes leaves room for a slow server without
# letting a start that never ran pass as a cycle with nothing to do.
START_GRACE_SECONDS = 120


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


def cycle_shown(status: dict[str, Any], started: str) -> bool:
    """Whether a sync_status reading shows the cycle started at ``started``: it runs, or a run of it is listed."""
    return bool(status["scheduler"]["SyncCycleInProgress"]) or bool(runs_since(status["recent_runs"], started))


def busy_message(host: str, policy: str, refusals: list[str]) -> str:
    """The engine answered busy every time it was asked (START_ATTEMPTS times)."""
    return (
        f"Start-ADSyncSyncCycle on {host} answered busy {len(refusals)} times ({refusals[-1]}); each time the task "
        "waited for the running cycle to finish and asked again, and each time another cycle had started first. "
        "Something keeps starting cycles there besides this task: the scheduler (Get-ADSyncScheduler), another "
        "operator or script, or a wizard left open. Find it (Get-ADSyncConnectorRunStatus, the Synchronization "
        "Service Manager's Operations tab), or pause the scheduler with Set-ADSyncScheduler -SyncCycleEnabled "
        f"$false while this task runs, then run it again. No {policy} cycle of this task was started."
    )


def not_shown_message(host: str, started: str, status: dict[str, Any], elapsed: float) -> str:
    """A start the engine accepted, and then no sign of the cycle within the grace period."""
    return (
        f"Started a sync cycle on {host} at {started} by its clock, but {int(elapsed)} s later the engine shows "
        f"no sign of it: SyncCycleInProgress={status['scheduler']['SyncCycleInProgress']} and no run started at or "
        f"after {started} (grace period {START_GRACE_SECONDS} s). Look in the Synchronization Service Manager and the "
        "Application event log (source ADSync) for why the cycle did not run, then run this task again."
    )


def no_runs_message(host: str, policy: str, started: str) -> str:
    """A cycle that showed and finished, with no run of it in the run history."""
    return (
        f"The {policy} sync cycle on {host} started at {started} by its clock and finished, but the run history "
        f"lists no run that started at or after {started}: no connector was imported, synchronized or exported. "
        "Check the connectors' run profiles and the run history (Get-ADSyncRunProfileResult) in the "
        "Synchronization Service Manager, then run this task again."
    )


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
