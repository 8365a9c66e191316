# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The evidence gates around a cutover, judged from one snapshot of the server concerned.

Before a server leaves staging: it is in staging mode, its version is supported and not older than
the server it replaces, its scheduler runs cycles and is not suspended, and (for a new server) its
initial sync - a full import and a full synchronization on every connector [S8] - completed without
failing. After it left staging: it is active, the scheduler runs, and every connector exported since
it became active without failing. Gates that other tasks judge (configuration comparison, pending
exports) are passed in as ``extra`` and count the same.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import datetime
from typing import Any

from .._common.dates import parse_utc
from .support_rules import judge
from .sync import DEFAULT_FAILING_RESULTS, failing

INITIAL_PROFILES = ("Full Import", "Full Synchronization")
EXPORT_PROFILE = "Export"


def _gate(name: str, passed: bool, detail: str) -> dict[str, Any]:
    return {"name": name, "passed": passed, "detail": detail}


def _newest(runs: list[dict[str, Any]], connector: str, profile: str, since: str | None) -> dict[str, Any] | None:
    found = [
        r
        for r in runs
        if r["connector_id"].lower() == connector.lower()
        and r["run_profile_name"].lower() == profile.lower()
        and r["is_run_complete"]
        and r["start_date"]
        and (since is None or parse_utc(r["start_date"]) >= parse_utc(since))
    ]
    return max(found, key=lambda r: r["start_date"]) if found else None


def missing_runs(
    facts: dict[str, Any], runs: list[dict[str, Any]], profiles: tuple[str, ...], since: str | None = None
) -> list[str]:
    """Connector/profile pairs without a complete run that did not fail."""
    missing = []
    for connector in facts["connectors"]:
        for profile in profiles:
            run = _newest(runs, connector["identifier"], profile, since)
            if run is None:
                missing.append(f"{connector['name']} / {profile}: no complete run")
            elif failing(run, list(DEFAULT_FAILING_RESULTS)):
                missing.append(f"{connector['name']} / {profile}: {run['result']}")
    return missing


def judge_gates(
    facts: dict[str, Any],
    runs: list[dict[str, Any]],
    expect: str,
    when: datetime.date,
    peer_version: str | None,
    require_initial_sync: bool,
    since: str | None,
) -> list[dict[str, Any]]:
    gates = []
    staging = facts["staging_mode"]
    wanted = expect == "staging"
    gates.append(
        _gate(
            "staging_state",
            staging is wanted,
            f"StagingModeEnabled={staging}, expected {wanted}",
        )
    )
    verdict = judge(facts, when, peer_version).as_dict()
    version = (facts["product"] or {}).get("version")
    gates.append(
        _gate(
            "version",
            bool(verdict["passed"]) and facts["installed"],
            f"{version or 'not installed'}: {verdict['summary']}"
            + (f" (must not be older than {peer_version})" if peer_version else ""),
        )
    )
    scheduler = facts["scheduler"] or {}
    healthy = scheduler.get("sync_cycle_enabled") is True and scheduler.get("scheduler_suspended") is False
    gates.append(
        _gate(
            "scheduler",
            healthy,
            f"SyncCycleEnabled={scheduler.get('sync_cycle_enabled')}, "
            f"SchedulerSuspended={scheduler.get('scheduler_suspended')}",
        )
    )
    if expect == "staging" and require_initial_sync:
        missing = missing_runs(facts, runs, INITIAL_PROFILES)
        gates.append(
            _gate(
                "initial_sync",
                not missing and bool(facts["connectors"]),
                "full import and full synchronization completed on every connector"
                if not missing
                else "; ".join(missing),
            )
        )
    if expect == "active":
        missing = missing_runs(facts, runs, (EXPORT_PROFILE,), since)
        gates.append(
            _gate(
                "exports",
                not missing and bool(facts["connectors"]),
                ("every connector exported" + (f" since {since}" if since else ""))
                if not missing
                else "; ".join(missing),
            )
        )
    return gates
