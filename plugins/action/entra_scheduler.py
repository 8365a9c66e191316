# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

from typing import Any

from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action.base import EntraHostAction
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.dates import (
    format_timespan,
    parse_timespan,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import EntraConnectError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.versions import parse_version
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.base import Host
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.readings import read_status
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.facts import snapshot_facts
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.sign_in import refuse_scheduler_write
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.sync import (
    LAST_SYNC_LIMIT,
    last_sync,
    require_installed,
    scheduler_facts,
)

# customized_sync_cycle_interval: default sets $null, "the lowest allowed interval" [S8][S9].
DEFAULT_INTERVAL = "default"


class ActionModule(EntraHostAction):
    def entra_host_run(self, host: Host, args: dict[str, Any], task_vars: dict[str, Any]) -> dict[str, Any]:
        wanted_interval = self._wanted_interval(args["customized_sync_cycle_interval"])
        status = read_status(host)
        scheduler = require_installed(status, host.name)
        changes: dict[str, Any] = {}
        if args["sync_cycle_enabled"] is not None and scheduler["SyncCycleEnabled"] != args["sync_cycle_enabled"]:
            changes["SyncCycleEnabled"] = args["sync_cycle_enabled"]
        wanted_policy = args["next_sync_cycle_policy_type"]
        if wanted_policy is not None and scheduler["NextSyncCyclePolicyType"] != wanted_policy:
            changes["NextSyncCyclePolicyType"] = wanted_policy
        if wanted_interval is not None:
            self._check_interval(host, wanted_interval, scheduler["AllowedSyncCycleInterval"])
            current = scheduler["CustomizedSyncCycleInterval"]
            current_text = format_timespan(parse_timespan(current, "CustomizedSyncCycleInterval")) if current else ""
            if current_text != wanted_interval:
                changes["CustomizedSyncCycleInterval"] = wanted_interval
        warnings = []
        if scheduler["SchedulerSuspended"]:
            warnings.append(
                f"The scheduler on {host.name} is suspended (SchedulerSuspended=True): Entra Connect suspends it while "
                "its wizard is open or an upgrade runs, and only Entra Connect should change it. Scheduled cycles do "
                "not run until it resumes; this module never changes SchedulerSuspended."
            )
        after = dict(scheduler, **changes)
        if changes and "CustomizedSyncCycleInterval" in changes:
            after["CustomizedSyncCycleInterval"] = changes["CustomizedSyncCycleInterval"] or None
        decisions = []
        if changes:
            # Before anything is sent, in check mode too: from 2.6.91.0 the cmdlet asks for a sign-in.
            product = snapshot_facts(host.snapshot())["product"] or {}
            refuse_scheduler_write(
                host.name, parse_version(product.get("version"), f"the Entra Connect version of {host.name}")
            )
        if changes and not self._task.check_mode:
            # Sent once: if the connection drops, a fresh sync_status shows whether the settings were written.
            written = host.write("scheduler_write", changes)
            if written.answer_lost:
                decisions.append(written.note)
                warnings.append(written.note)
        age = last_sync(status)
        if age["last_sync_older_than_7_days"]:
            warnings.append(
                f"The newest complete sync run on {host.name} ended {age['last_sync_end'] or 'never'}: more than "
                f"{LAST_SYNC_LIMIT.days} days ago, so Microsoft requires a full (Initial) sync rather than a delta"
            )
        result: dict[str, Any] = {
            "changed": bool(changes),
            "scheduler": scheduler_facts(after),
            "changes": dict(changes),
            **age,
        }
        if self._task.diff and changes:
            result["diff"] = {
                "before": {key: scheduler[key] for key in changes},
                "after": {key: after[key] for key in changes},
            }
        if warnings:
            result["warnings"] = warnings
        if decisions:
            result["decisions"] = decisions
        return result

    @staticmethod
    def _wanted_interval(value: str | None) -> str | None:
        """The interval as Set-ADSyncScheduler gets it: hh:mm:ss, or '' for the lowest allowed."""
        if value is None:
            return None
        if value.strip().lower() == DEFAULT_INTERVAL:
            return ""
        return format_timespan(parse_timespan(value, "customized_sync_cycle_interval"))

    @staticmethod
    def _check_interval(host: Host, wanted: str, allowed: str | None) -> None:
        if not wanted:
            return
        span = parse_timespan(wanted, "customized_sync_cycle_interval")
        if allowed and span < parse_timespan(allowed, "AllowedSyncCycleInterval"):
            raise EntraConnectError(
                f"customized_sync_cycle_interval {wanted} is shorter than the interval Entra ID allows for {host.name} "
                f"(AllowedSyncCycleInterval {allowed}). Nothing was changed."
            )
        if span > LAST_SYNC_LIMIT:
            raise EntraConnectError(
                f"customized_sync_cycle_interval {wanted} is longer than {LAST_SYNC_LIMIT.days} days: "
                "a delta sync must run within 7 days of the previous one, or Entra Connect needs a full sync. "
                "Nothing was changed."
            )
