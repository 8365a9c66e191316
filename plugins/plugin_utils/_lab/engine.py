# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The twin's sync engine: the product, its scheduler, sync cycles, run history, staging mode.

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
- An export applies a connector's ``pending_exports``: adds, updates and deletes; a rename counts as an
  update and a delete-add as a delete and an add, against the threshold too (INFERRED: the export
  counts what it does to the objects). csexport shows the same pending exports (csexport.py).
- The scheduler does not start cycles by itself in the twin: a cycle runs when a module starts one.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import datetime
import uuid
from typing import Any

from .._common.dates import format_utc, parse_timespan, parse_utc
from .._common.errors import HostCommandError
from .._common.versions import parse_version
from .._rules.facts import (
    SETTING_CONFIG_VERSION,
    SETTING_DELETION_THRESHOLD,
    SETTING_DELETION_THRESHOLD_VALUE,
    SETTING_SIGN_ON_METHOD,
    SETTING_STAGING_MODE,
    connector_kind,
)
from .clock import Clock
from .tenant import TenantLog

# Simulated step durations, in seconds.
STEP_SECONDS = {"import": 8, "sync": 6, "export": 5}
PROFILES = {
    "Delta": {"import": "Delta Import", "sync": "Delta Synchronization"},
    "Initial": {"import": "Full Import", "sync": "Full Synchronization"},
}
# 2.5.3.0: "administrator credentials [are] now required when toggling staging mode via PowerShell
# with SSPR enabled" [S3].
SSPR_CREDENTIAL_FROM = (2, 5, 3, 0)
COUNTERS = ("adds", "updates", "deletes", "errors")


class SyncEngine:
    """The ADSync engine of one twin: ``entra_connect`` in the state, or None when it is not installed."""

    def __init__(self, state: dict[str, Any], clock: Clock, tenant: TenantLog) -> None:
        self._state = state
        self._clock = clock
        self._tenant = tenant
        # Whatever finishes while time passes (a step of a running cycle) finishes.
        clock.on_advance(self.settle_sync_cycle)

    @property
    def _computer(self) -> str:
        return str(self._state["computer_name"])

    @property
    def product(self) -> dict[str, Any] | None:
        product: dict[str, Any] | None = self._state["entra_connect"]
        return product

    def require_engine(self, primitive: str) -> dict[str, Any]:
        """The product, if its sync engine can be used; otherwise the error the ADSync cmdlets give."""
        product = self.product
        if product is None:
            raise HostCommandError(
                f"The {primitive} script failed on {self._computer}: the ADSync module is not installed"
            )
        if product["service"]["status"] != "Running":
            raise HostCommandError(
                f"The {primitive} script failed on {self._computer}: the ADSync service is not running"
            )
        return product

    def global_settings(self, names: list[str]) -> dict[str, str | None]:
        # Staging mode and the configuration version live once in the twin; a real server shows them in
        # both Get-ADSyncScheduler (StagingModeEnabled) and the global settings [S7][S8][S19][S25].
        product = self.product or {}
        settings = dict(product.get("global_settings") or {})
        settings[SETTING_STAGING_MODE] = "True" if product.get("staging_mode") else "False"
        settings[SETTING_CONFIG_VERSION] = product.get("server_configuration_version")
        return {name: settings.get(name) for name in names}

    def scheduler(self) -> dict[str, Any]:
        product = self.require_engine("scheduler")
        return dict(product["scheduler"], StagingModeEnabled=product["staging_mode"])

    def adsync_reading(self, setting_names: list[str], run_count: int) -> dict[str, Any]:
        """What the snapshot reads through the ADSync cmdlets."""
        product = self.product or {}
        if product["service"]["status"] != "Running":
            # The ADSync cmdlets talk to the running sync engine; with the service stopped they fail, and
            # the script reports the failure instead of the readings.
            return {
                "error": "The ADSync service is not running; the sync engine cannot be read",
                "global_settings": None,
                "scheduler": None,
                "connectors": None,
                "run_history": None,
            }
        return {
            "error": None,
            "global_settings": self.global_settings(setting_names),
            "scheduler": self.scheduler(),
            # "objects" is the lab's model of the connector space (statistics.py), not part of what a server answers.
            "connectors": [
                {k: v for k, v in connector.items() if k != "objects"} for connector in product["connectors"]
            ],
            # Get-ADSyncRunProfileResult -NumberRequested N: the N newest runs [S9][S31].
            "run_history": [self.run_summary(run) for run in self.runs_newest_first()[:run_count]],
        }

    # -- run history ------------------------------------------------------------------------------

    @staticmethod
    def run_summary(run: dict[str, Any]) -> dict[str, Any]:
        """A run as Get-ADSyncRunProfileResult shows it in the snapshot (no counters)."""
        return {key: value for key, value in run.items() if key not in COUNTERS}

    def _running_step(self) -> dict[str, Any] | None:
        cycle = (self.product or {}).get("sync_cycle")
        if not cycle:
            return None
        now = self._clock.now()
        for step in cycle["steps"]:
            if parse_utc(step["start_date"]) <= now:
                running: dict[str, Any] = step
                return running
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
        start = self._clock.now() + datetime.timedelta(seconds=1)
        steps = []
        for connector, stage in order:
            end = start + datetime.timedelta(seconds=STEP_SECONDS[stage])
            profile = PROFILES[policy].get(stage, "Export")
            steps.append(
                {
                    "run_history_id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{self._computer}/{start}/{profile}")),
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
            replaced = pending.get("delete_add", 0)
            deletes = pending["delete"] + replaced
            if threshold is not None and deletes > threshold:
                run["result"] = "stopped-deletion-threshold-exceeded"
            else:
                run.update(
                    adds=pending["add"] + replaced,
                    updates=pending["update"] + pending.get("rename", 0),
                    deletes=deletes,
                )
                del product["pending_exports"][step["connector_name"]]
        injected = ((self._state.get("faults") or {}).get("run_results") or {}).get(
            f"{step['connector_name']}|{step['run_profile_name']}"
        )
        if injected:
            run["result"] = injected
            run["errors"] = 1 if "error" in injected else 0
        connector = next(c for c in product["connectors"] if c["identifier"] == step["connector_id"])
        if step["run_profile_name"] == "Export" and run["result"] == "success" and connector_kind(connector) == "entra":
            counts = {counter: run[counter] for counter in ("adds", "updates", "deletes")}
            self._tenant.record("export", at=step["end_date"], connector=step["connector_name"], **counts)
        return run

    def settle_sync_cycle(self) -> None:
        """Move every step that has ended by now from the running cycle into the run history."""
        product = self.product
        cycle = (product or {}).get("sync_cycle")
        if product is None or not cycle:
            return
        now = self._clock.now()
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
            NextSyncCycleStartTimeInUTC=format_utc(self._clock.now() + interval),
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

    # -- primitives -------------------------------------------------------------------------------

    def sync_status(self, parameters: dict[str, Any]) -> dict[str, Any]:
        answer: dict[str, Any] = {
            "computer_name": self._computer,
            "now_utc": self._clock.now_text(),
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

    def sync_start(self, parameters: dict[str, Any]) -> dict[str, Any]:
        product = self.require_engine("sync_start")
        if product.get("sync_cycle"):
            # The real message is not documented; the module never starts a cycle over a running one.
            raise HostCommandError(f"The sync_start script failed on {self._computer}: sync is already running")
        policy = parameters["PolicyType"]
        started = self._clock.now_text()
        product["sync_cycle"] = {"policy_type": policy, "started": started, "steps": self._plan_cycle(product, policy)}
        product["scheduler"]["SyncCycleInProgress"] = True
        return {"result": "Success", "started_utc": started}

    def run_results(self, parameters: dict[str, Any]) -> dict[str, Any]:
        self.require_engine("run_results")
        runs = self.runs_newest_first()[: parameters["NumberRequested"]]
        for run in runs:
            for counter in COUNTERS:
                run.setdefault(counter, 0)
        return {"now_utc": self._clock.now_text(), "runs": runs}

    def staging_write(self, parameters: dict[str, Any]) -> dict[str, Any]:
        product = self.require_engine("staging_write")
        if (
            product.get("password_writeback")
            and parse_version(product["version"], "lab product version") >= SSPR_CREDENTIAL_FROM
            and not parameters.get("AdminCredential")
        ):
            raise HostCommandError(
                f"The staging_write script failed on {self._computer}: administrator credentials are required "
                "to change staging mode while password writeback (SSPR) is enabled"
            )
        enable = bool(parameters["StagingMode"])
        if parameters.get("MarkerPath"):
            # The script records the marker before it changes staging mode.
            key = self._state["registry"].setdefault(parameters["MarkerPath"], {})
            for name, data in parameters["MarkerValues"].items():
                key[name] = {"type": "String", "data": str(data)}
        if product["staging_mode"] != enable:
            product["staging_mode"] = enable
            self._clock.advance(2)
            # Entering staging stops these, leaving it starts them [S7].
            event = "staging_enabled" if enable else "staging_disabled"
            self._tenant.record(event, at=self._clock.now_text(), sync_services=self._sync_services(product))
        product["scheduler"]["SyncCycleEnabled"] = bool(parameters["SyncCycleEnabledAfter"])
        return {"now_utc": self._clock.now_text()}

    def scheduler_write(self, parameters: dict[str, Any]) -> dict[str, Any]:
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
        return {"now_utc": self._clock.now_text()}
