# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The sync health of one server of a pair, judged from one snapshot, for the role it has in the cutover.

Checks (docs/sync-evidence.md; sources in docs/sources.md):

- ``sync_engine``: the ADSync cmdlets answered; without them nothing else can be judged.
- ``role``: the server's staging mode is the one its role says - the active server exports, the staging
  server does not [S7].
- ``last_sync``: every connector synchronized successfully within ``max_age`` of ``now``: a delta
  synchronization must run within 7 days of the previous one, also on a staging server, or a full one is
  needed [S8]. A run that completed with warnings completed [S16]; one with errors or stopped did not.
- ``scheduler``: the scheduler runs cycles (SyncCycleEnabled) and is not suspended (SchedulerSuspended, set
  while the wizard is open or an upgrade runs) [S8] - on the active server, which must keep exporting, and on
  the staging server, which Microsoft's checklist wants enabled and recently synchronized [S7].
- ``import_sync_errors``, on the staging server (the one to make active): the newest import and the newest
  synchronization of every connector completed without errors; ``stopped-*`` could not complete and
  ``completed-*-errors`` finished with errors [S16].
- ``stopped_runs``: the newest run of no connector ended ``stopped-*`` [S16].

Each check is ``{name, passed, detail}``; a failing detail names the connector and run and says what to look at.

A run's step type is read from its run profile's name ("Delta Import", "Full Synchronization", and custom
profiles named after them such as "Delta Import OU=Sales"). INFERRED: the run history the snapshot carries
has no step type, and the wizard names its profiles so [S8].
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import datetime
import fnmatch
from typing import Any

from .._common.dates import parse_utc
from .facts import SNAPSHOT_RUN_HISTORY_COUNT
from .sync import DEFAULT_FAILING_RESULTS, DELETION_THRESHOLD_RESULT, LAST_SYNC_LIMIT, failing

ROLES = ("active", "staging")
DEFAULT_MAX_SYNC_AGE_DAYS = LAST_SYNC_LIMIT.days
# A synchronization that completed: success, or completed with warnings [S16].
COMPLETED_RESULTS = ("success", "completed-*-warnings")
STOPPED_RESULTS = ("stopped-*",)
RUN_DETAILS = (
    "look at the run in Synchronization Service Manager (Operations) or with "
    "Get-ADSyncRunStepResult -RunHistoryId {run_history_id}"
)


def _check(name: str, passed: bool, detail: str) -> dict[str, Any]:
    return {"name": name, "passed": passed, "detail": detail}


def step_of(run: dict[str, Any]) -> str | None:
    """'import', 'sync' or 'export' from the run profile's name, or None for a profile named otherwise."""
    profile = run["run_profile_name"].lower()
    for word, step in (("import", "import"), ("synchronization", "sync"), ("export", "export")):
        if word in profile:
            return step
    return None


def _matches(result: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatch(result.lower(), pattern) for pattern in patterns)


def _complete_runs(runs: list[dict[str, Any]], connector: dict[str, Any]) -> list[dict[str, Any]]:
    """The connector's complete runs, newest first."""
    found = [
        run
        for run in runs
        if run["connector_id"].lower() == connector["identifier"].lower()
        and run["is_run_complete"]
        and run["start_date"]
    ]
    return sorted(found, key=lambda run: parse_utc(run["start_date"]), reverse=True)


def _where(connector: dict[str, Any], run: dict[str, Any]) -> str:
    return f"{connector['name']} / {run['run_profile_name']} (started {run['start_date']})"


def _age_days(now: datetime.datetime, moment: str) -> float:
    return round((now - parse_utc(moment)).total_seconds() / 86400, 1)


def _last_sync(
    facts: dict[str, Any], runs: list[dict[str, Any]], now: datetime.datetime, max_age: datetime.timedelta
) -> dict[str, Any]:
    limit = f"{max_age.days} day(s)" if not max_age.seconds else str(max_age)
    if not facts["connectors"]:
        return _check("last_sync", False, "the server has no connectors: it synchronizes nothing")
    problems, newest = [], []
    for connector in facts["connectors"]:
        synced = [
            run
            for run in _complete_runs(runs, connector)
            if step_of(run) == "sync" and _matches(run["result"], COMPLETED_RESULTS) and run["end_date"]
        ]
        if not synced:
            problems.append(
                f"{connector['name']}: no successful synchronization among the {SNAPSHOT_RUN_HISTORY_COUNT} newest runs"
            )
            continue
        end = synced[0]["end_date"]
        newest.append(end)
        if now - parse_utc(end) > max_age:
            problems.append(
                f"{connector['name']}: the last successful synchronization ended {end}, "
                f"{_age_days(now, end)} days ago (limit {limit})"
            )
    if problems:
        return _check(
            "last_sync",
            False,
            "; ".join(problems) + ". Look at why the scheduler ran no cycle (Get-ADSyncScheduler) and run one "
            "(Start-ADSyncSyncCycle -PolicyType Delta); after 7 days without a delta synchronization a full "
            "synchronization is needed (Start-ADSyncSyncCycle -PolicyType Initial) [S8]",
        )
    return _check(
        "last_sync",
        True,
        f"every connector synchronized successfully within {limit}; the oldest of their last synchronizations "
        f"ended {min(newest, key=parse_utc)}",
    )


def _scheduler(facts: dict[str, Any]) -> dict[str, Any]:
    scheduler = facts["scheduler"] or {}
    enabled, suspended = scheduler.get("sync_cycle_enabled"), scheduler.get("scheduler_suspended")
    problems = []
    if enabled is not True:
        problems.append(
            f"SyncCycleEnabled={enabled}: the scheduler starts no cycle; enable it with "
            "Set-ADSyncScheduler -SyncCycleEnabled $true [S8]"
        )
    if suspended is not False:
        problems.append(
            f"SchedulerSuspended={suspended}: the scheduler is suspended while the wizard is open or an upgrade "
            "runs; close the wizard, or let the upgrade finish [S8]"
        )
    if problems:
        return _check("scheduler", False, "; ".join(problems))
    return _check("scheduler", True, f"SyncCycleEnabled={enabled}, SchedulerSuspended={suspended}")


def _import_sync_errors(facts: dict[str, Any], runs: list[dict[str, Any]]) -> dict[str, Any]:
    problems = []
    for connector in facts["connectors"]:
        complete = _complete_runs(runs, connector)
        for step, said in (("import", "import"), ("sync", "synchronization")):
            run = next((r for r in complete if step_of(r) == step), None)
            if run is None:
                problems.append(
                    f"{connector['name']}: no complete {said} run among the {SNAPSHOT_RUN_HISTORY_COUNT} newest "
                    "runs; run an initial sync (Start-ADSyncSyncCycle -PolicyType Initial)"
                )
            elif failing(run, list(DEFAULT_FAILING_RESULTS)):
                problems.append(
                    f"{_where(connector, run)} ended with {run['result']}: "
                    + RUN_DETAILS.format(run_history_id=run["run_history_id"])
                )
    if not facts["connectors"]:
        problems.append("the server has no connectors")
    if problems:
        return _check("import_sync_errors", False, "; ".join(problems))
    return _check(
        "import_sync_errors", True, "the newest import and synchronization of every connector completed without errors"
    )


def stopped_hint(run: dict[str, Any]) -> str:
    """What to look at for a run that stopped, by its result."""
    result = run["result"].lower()
    if result == DELETION_THRESHOLD_RESULT:
        return (
            "the export would delete more objects than the export deletion threshold allows [S11]; review the "
            f'pending deletions (csexport "{run["connector_name"]}" %temp%\\export.xml /f:x) before anything else'
        )
    if result == "stopped-extension-dll-exception":
        return "a rules extension threw an exception; look at the Application event log (source ADSync)"
    if "connect" in result or "server" in result:
        return "the connector could not reach its directory; check the connection and the connector account"
    return "the run could not complete [S16]; " + RUN_DETAILS.format(run_history_id=run["run_history_id"])


def _stopped_runs(facts: dict[str, Any]) -> dict[str, Any]:
    by_id = {c["identifier"].lower(): c for c in facts["connectors"]}
    problems = []
    for run in facts["last_runs"]:
        if _matches(run["result"], STOPPED_RESULTS):
            connector = by_id.get(run["connector_id"].lower(), {"name": run["connector_name"]})
            problems.append(f"{_where(connector, run)} ended with {run['result']}: {stopped_hint(run)}")
    if problems:
        return _check("stopped_runs", False, "; ".join(problems))
    return _check("stopped_runs", True, "the newest run of no connector stopped")


def judge_health(
    facts: dict[str, Any],
    runs: list[dict[str, Any]],
    role: str,
    now: datetime.datetime,
    max_age: datetime.timedelta = LAST_SYNC_LIMIT,
) -> list[dict[str, Any]]:
    """The health checks of one server (``facts`` from snapshot_facts, ``runs`` its run history) in ``role``."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}, not {role!r}")
    if facts["adsync_error"] or facts["scheduler"] is None:
        return [
            _check(
                "sync_engine",
                False,
                f"the ADSync cmdlets could not be read on {facts['computer_name']}: "
                f"{facts['adsync_error'] or 'no scheduler reading'}. Check that the ADSync service runs "
                "(Get-Service ADSync) and that the account may use the ADSync module (member of ADSyncAdmins); "
                "nothing else can be judged without them",
            )
        ]
    staging = facts["staging_mode"]
    wanted = role == "staging"
    checks = [
        _check("sync_engine", True, "the ADSync cmdlets answered"),
        _check(
            "role",
            staging is wanted,
            f"StagingModeEnabled={staging}, as the {role} server's must be"
            if staging is wanted
            else f"StagingModeEnabled={staging}, but the server is judged as the {role} server: find out which "
            "server is active (entra_connect_info on both) before anything else; two active servers must never "
            "sync one tenant [S7]",
        ),
        _last_sync(facts, runs, now, max_age),
        _scheduler(facts),
    ]
    if role == "staging":
        checks.append(_import_sync_errors(facts, runs))
    checks.append(_stopped_runs(facts))
    return checks
