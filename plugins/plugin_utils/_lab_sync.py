# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The twin's sync engine: scheduler, sync cycles, run history, staging mode.

What it models, with sources (numbers in docs/sources.md):
- Start-ADSyncSyncCycle returns at once and the cycle runs in the background; SyncCycleInProgress
  and Get-ADSyncConnectorRunStatus show it running [S8][S9][S31].
- A Delta cycle runs delta import, delta synchronization and export on every connector; an Initial
  cycle runs full import and full synchronization instead [S8], in the order S8 recommends: AD
  imports, Entra import, AD syncs, Entra sync, export to Entra, export to AD.
- A server in staging mode imports and synchronizes but does not export, and runs neither password
  hash sync nor writeback; leaving staging starts them [S7]. Staging changes and exports go to the
  tenant log.
- An export that would delete more objects than the deletion threshold stops with
  stopped-deletion-threshold-exceeded before deleting anything [S11].
- The scheduler does not start cycles by itself in the twin: a cycle runs when a module starts one.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import datetime
import uuid
from typing import Any

from ._errors import HostCommandError
from ._facts import SETTING_SIGN_ON_METHOD, connector_kind
from ._lab_tenant import record, tenant_path
from ._time import format_utc, parse_timespan, parse_utc
from ._version import parse_version

# Simulated step durations, in seconds.
STEP_SECONDS = {"import": 8, "sync": 6, "export": 5}
PROFILES = {
    "Delta": {"import": "Delta Import", "sync": "Delta Synchronization"},
    "Initial": {"import": "Full Import", "sync": "Full Synchronization"},
}
SETTING_DELETION_THRESHOLD = "Microsoft.OptionalFeature.ExportDeletionThreshold"
SETTING_DELETION_THRESHOLD_VALUE = "Microsoft.OptionalFeature.ExportDeletionThresholdValue"
# 2.5.3.0: "administrator credentials [are] now required when toggling staging mode via PowerShell
# with SSPR enabled" [S3].
SSPR_CREDENTIAL_FROM = (2, 5, 3, 0)
COUNTERS = ("adds", "updates", "deletes", "errors")


class SyncMixin:
    state: dict[str, Any]
    path: str

    # Provided by Twin.
    computer_name: str
    product: dict[str, Any] | None

    def now(self) -> datetime.datetime: ...

    def now_text(self) -> str: ...

    def advance(self, seconds: float) -> None: ...

    def require_engine(self, primitive: str) -> dict[str, Any]: ...

    def global_settings(self, names: list[str]) -> dict[str, str | None]: ...

    def scheduler(self) -> dict[str, Any]: ...

    # -- run history ------------------------------------------------------------------------------

    @staticmethod
    def run_summary(run: dict[str, Any]) -> dict[str, Any]:
        """A run as Get-ADSyncRunProfileResult shows it in the snapshot (no counters)."""
        return {key: value for key, value in run.items() if key not in COUNTERS}

    def _running_step(self) -> dict[str, Any] | None:
        cycle = (self.product or {}).get("sync_cycle")
        if not cycle:
            return None
        now = self.now()
        for step in cycle["steps"]:
            if parse_utc(step["start_date"]) <= now:
                return step
        return None

    def runs_newest_first(self) -> list[dict[str, Any]]:
        runs = list((self.product or {}).get("run_history") or [])
        step = self._running_step()
        if step is not None:
            runs.append(dict(step, result="in-progress", is_run_complete=False, end_date=None))
        return sorted(runs, key=lambda run: run["start_date"] or "", reverse=True)

    # -- the cycle engine -------------------------------------------------------------------------

    def _plan_cycle(self, product: dict[str, Any], policy: str) -> list[dict[str, Any]]:
        connectors = product["connectors"]
        entra = [c for c in connectors if connector_kind(c) == "entra"]
        others = [c for c in connectors if connector_kind(c) != "entra"]
        order = [(c, "import") for c in others + entra] + [(c, "sync") for c in others + entra]
        if not product["staging_mode"]:
            order += [(c, "export") for c in entra + others]
        start = self.now() + datetime.timedelta(seconds=1)
        steps = []
        for connector, stage in order:
            end = start + datetime.timedelta(seconds=STEP_SECONDS[stage])
            profile = PROFILES[policy].get(stage, "Export")
            steps.append(
                {
                    "run_history_id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{self.computer_name}/{start}/{profile}")),
                    "connector_id": connector["identifier"],
                    "connector_name": connector["name"],
                    "run_profile_name": profile,
                    "start_date": format_utc(start),
                    "end_date": format_utc(end),
                }
            )
            start = end + datetime.timedelta(seconds=1)
        return steps

    def _deletion_threshold(self) -> int | None:
        settings = self.global_settings([SETTING_DELETION_THRESHOLD, SETTING_DELETION_THRESHOLD_VALUE])
        if (settings[SETTING_DELETION_THRESHOLD] or "").lower() != "true":
            return None
        return int(settings[SETTING_DELETION_THRESHOLD_VALUE] or 500)

    def _finish_step(self, product: dict[str, Any], step: dict[str, Any]) -> dict[str, Any]:
        run = dict(step, is_run_complete=True, result="success", adds=0, updates=0, deletes=0, errors=0)
        pending = (product.get("pending_exports") or {}).get(step["connector_name"])
        if step["run_profile_name"] == "Export" and pending:
            threshold = self._deletion_threshold()
            if threshold is not None and pending["delete"] > threshold:
                run["result"] = "stopped-deletion-threshold-exceeded"
            else:
                run.update(adds=pending["add"], updates=pending["update"], deletes=pending["delete"])
                del product["pending_exports"][step["connector_name"]]
        injected = ((self.state.get("faults") or {}).get("run_results") or {}).get(
            f"{step['connector_name']}|{step['run_profile_name']}"
        )
        if injected:
            run["result"] = injected
            run["errors"] = 1 if "error" in injected else 0
        connector = next(c for c in product["connectors"] if c["identifier"] == step["connector_id"])
        if step["run_profile_name"] == "Export" and run["result"] == "success" and connector_kind(connector) == "entra":
            counts = {counter: run[counter] for counter in ("adds", "updates", "deletes")}
            self.tenant_event("export", at=step["end_date"], connector=step["connector_name"], **counts)
        return run

    def settle_sync_cycle(self) -> None:
        """Move every step that has ended by now from the running cycle into the run history."""
        product = self.product
        cycle = (product or {}).get("sync_cycle")
        if not cycle:
            return
        now = self.now()
        while cycle["steps"] and parse_utc(cycle["steps"][0]["end_date"]) <= now:
            product["run_history"].append(self._finish_step(product, cycle["steps"].pop(0)))
        if not cycle["steps"]:
            self._end_cycle(product)

    def abandon_sync_cycle(self) -> None:
        product = self.product
        if product and product.get("sync_cycle"):
            self._end_cycle(product)

    def _end_cycle(self, product: dict[str, Any]) -> None:
        scheduler = product["scheduler"]
        interval = parse_timespan(scheduler["CurrentlyEffectiveSyncCycleInterval"] or "00:30:00", "interval")
        scheduler.update(
            SyncCycleInProgress=False,
            NextSyncCyclePolicyType="Delta",
            NextSyncCycleStartTimeInUTC=format_utc(self.now() + interval),
        )
        product["sync_cycle"] = None

    # -- the tenant -------------------------------------------------------------------------------

    def _sync_services(self, product: dict[str, Any]) -> list[str]:
        """What an active server does for the tenant: exports, and password hash sync and password
        writeback where they are configured [S7]."""
        services = ["export"]
        if (self.global_settings([SETTING_SIGN_ON_METHOD])[SETTING_SIGN_ON_METHOD] or "") == "PasswordHashSync":
            services.append("password_hash_sync")
        if product.get("password_writeback"):
            services.append("password_writeback")
        return services

    def tenant_event(self, event: str, at: str, **detail: Any) -> None:
        tenant_log = self.state.get("tenant_log")
        if tenant_log:
            record(tenant_path(self.path, tenant_log), self.computer_name, event, at, **detail)

    # -- primitives -------------------------------------------------------------------------------

    def primitive_sync_status(self, parameters: dict[str, Any]) -> dict[str, Any]:
        answer: dict[str, Any] = {
            "computer_name": self.computer_name,
            "now_utc": self.now_text(),
            "installed": self.product is not None,
            "scheduler": None,
            "staging_mode_setting": None,
            "connectors": [],
            "running_connectors": [],
            "recent_runs": [],
        }
        if self.product is None:
            return answer
        product = self.require_engine("sync_status")
        step = self._running_step()
        answer.update(
            scheduler=self.scheduler(),
            staging_mode_setting=self.global_settings([parameters["StagingSettingName"]])[
                parameters["StagingSettingName"]
            ],
            connectors=[connector["name"] for connector in product["connectors"]],
            running_connectors=[step["connector_name"]] if step else [],
            recent_runs=[self.run_summary(run) for run in self.runs_newest_first()[: parameters["RunHistoryCount"]]],
        )
        return answer

    def primitive_sync_start(self, parameters: dict[str, Any]) -> dict[str, Any]:
        product = self.require_engine("sync_start")
        if product.get("sync_cycle"):
            # The real message is not documented; the module never starts a cycle over a running one.
            raise HostCommandError(f"The sync_start script failed on {self.computer_name}: sync is already running")
        policy = parameters["PolicyType"]
        started = self.now_text()
        product["sync_cycle"] = {"policy_type": policy, "started": started, "steps": self._plan_cycle(product, policy)}
        product["scheduler"]["SyncCycleInProgress"] = True
        return {"result": "Success", "started_utc": started}

    def primitive_run_results(self, parameters: dict[str, Any]) -> dict[str, Any]:
        self.require_engine("run_results")
        runs = self.runs_newest_first()[: parameters["NumberRequested"]]
        for run in runs:
            for counter in COUNTERS:
                run.setdefault(counter, 0)
        return {"now_utc": self.now_text(), "runs": runs}

    def primitive_staging_write(self, parameters: dict[str, Any]) -> dict[str, Any]:
        product = self.require_engine("staging_write")
        if (
            product.get("password_writeback")
            and parse_version(product["version"], "lab product version") >= SSPR_CREDENTIAL_FROM
            and not parameters.get("AdminCredential")
        ):
            raise HostCommandError(
                f"The staging_write script failed on {self.computer_name}: administrator credentials are required "
                "to change staging mode while password writeback (SSPR) is enabled"
            )
        enable = bool(parameters["StagingMode"])
        if parameters.get("MarkerPath"):
            # The script records the marker before it changes staging mode.
            key = self.state["registry"].setdefault(parameters["MarkerPath"], {})
            for name, data in parameters["MarkerValues"].items():
                key[name] = {"type": "String", "data": str(data)}
        if product["staging_mode"] != enable:
            product["staging_mode"] = enable
            self.advance(2)
            # Entering staging stops these, leaving it starts them [S7].
            event = "staging_enabled" if enable else "staging_disabled"
            self.tenant_event(event, at=self.now_text(), sync_services=self._sync_services(product))
        product["scheduler"]["SyncCycleEnabled"] = bool(parameters["SyncCycleEnabledAfter"])
        return {"now_utc": self.now_text()}

    def primitive_scheduler_write(self, parameters: dict[str, Any]) -> dict[str, Any]:
        product = self.require_engine("scheduler_write")
        scheduler = product["scheduler"]
        if "SyncCycleEnabled" in parameters:
            scheduler["SyncCycleEnabled"] = bool(parameters["SyncCycleEnabled"])
        if "NextSyncCyclePolicyType" in parameters:
            scheduler["NextSyncCyclePolicyType"] = parameters["NextSyncCyclePolicyType"]
        if "CustomizedSyncCycleInterval" in parameters:
            # An empty value stands for $null: "the lowest allowed interval" [S8][S9].
            customized = parameters["CustomizedSyncCycleInterval"] or None
            scheduler["CustomizedSyncCycleInterval"] = customized
            scheduler["CurrentlyEffectiveSyncCycleInterval"] = customized or scheduler["AllowedSyncCycleInterval"]
        return {"now_utc": self.now_text()}
