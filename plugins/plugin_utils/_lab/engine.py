# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The twin's sync engine: the product, its scheduler, sync cycles, run history, staging mode.

What it models, with sources (numbers in docs/sources.md):
- Start-ADSyncSyncCycle returns at once and the cycle runs in the background; SyncCycleInProgress
  and Get-ADSyncConnectorRunStatus show it running [S8][S9][S31].
- A Delta cycle runs delta import, delta synchronization and export on every connector; an Initial
  cycle runs full import and full synchronization instead [S8], in the order S8 recommends: AD
  imports, Entra import, AD syncs, Entra sync, export to Entra, export to AD.
- A server in staging mode imports and synchronizes but does not export [S7]; staging_writes.py changes
  it. Exports go to the tenant log.
- An export that would delete more objects than the deletion threshold stops with
  stopped-deletion-threshold-exceeded before deleting anything [S11].
- An export applies a connector's ``pending_exports``: adds, updates and deletes; a rename counts as an
  update and a delete-add as a delete and an add, against the threshold too (INFERRED: the export
  counts what it does to the objects). csexport shows the same pending exports (csexport.py).
- The scheduler starts a cycle of NextSyncCyclePolicyType by itself once NextSyncCycleStartTimeInUTC has
  passed, while SyncCycleEnabled is true and it is not suspended, on a staging server too [S8]; it leaves
  NextSyncCycleStartTimeInUTC as it is until the cycle ends [TXK]. The twin does so only where the state
  asks for it (``scheduler_autostart``), while time passes; the fault ``scheduler_starts_before`` makes it
  start one just before a sync_start.
- Start-ADSyncSyncCycle while a cycle runs is refused: "Connector: <name> is busy." [BUSY]; sync_start.ps1
  answers that as result ``busy``, and so does the twin.
- A started cycle may take a moment to show (``sync_start_latency_seconds``, default 0): until then
  SyncCycleInProgress stays false and no run shows (INFERRED).
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
from .._rules.facts import (
    SETTING_CONFIG_VERSION,
    SETTING_DELETION_THRESHOLD,
    SETTING_DELETION_THRESHOLD_VALUE,
    SETTING_STAGING_MODE,
    connector_kind,
)
from .adsync_dates import run_as_sent, scheduler_as_sent
from .clock import Clock
from .faults import take_scheduler_start
from .tenant import TenantLog

# Simulated step durations, in seconds.
STEP_SECONDS = {"import": 8, "sync": 6, "export": 5}
PROFILES = {
    "Delta": {"import": "Delta Import", "sync": "Delta Synchronization"},
    "Initial": {"import": "Full Import", "sync": "Full Synchronization"},
}
COUNTERS = ("adds", "updates", "deletes", "errors")
BUSY = "busy"
# Whether the scheduler starts cycles by itself where the state does not say (``scheduler_autostart``).
SCHEDULER_AUTOSTART_DEFAULT = False


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
            # Dates as the script sends them for this server's DateTime Kind (adsync_dates.py).
            "scheduler": scheduler_as_sent(product, self.scheduler()),
            # "objects" is the lab's model of the connector space (statistics.py), not part of what a server answers.
            "connectors": [
                {k: v for k, v in connector.items() if k != "objects"} for connector in product["connectors"]
            ],
            # Get-ADSyncRunProfileResult -NumberRequested N: the N newest runs [S9][S31].
            "run_history": [
                run_as_sent(product, self.run_summary(run)) for run in self.runs_newest_first()[:run_count]
            ],
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

    def _plan_cycle(self, product: dict[str, Any], policy: str, begin: datetime.datetime) -> list[dict[str, Any]]:
        connectors = product["connectors"]
        entra = [c for c in connectors if connector_kind(c) == "entra"]
        others = [c for c in connectors if connector_kind(c) != "entra"]
        order = [(c, "import") for c in others + entra] + [(c, "sync") for c in others + entra]
        if not product["staging_mode"]:
            order += [(c, "export") for c in entra + others]
        start = begin + datetime.timedelta(seconds=1)
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
        """What happens while time passes: a started cycle shows once its start latency is over, every step
        that has ended by now moves from the running cycle into the run history, and the scheduler starts
        each cycle that falls due (where the state lets it), at the time it falls due."""
        product = self.product
        if product is None:
            return
        now = self._clock.now()
        started: datetime.datetime | None = None
        while True:
            cycle = product.get("sync_cycle")
            if cycle:
                self._settle(product, cycle, now)
            due = self._scheduler_due(product, now)
            # A cycle with no step and no interval would fall due again at once: one per moment is enough.
            if product.get("sync_cycle") or due is None or due == started:
                return
            self._start_cycle(product, product["scheduler"]["NextSyncCyclePolicyType"], due)
            started = due

    def _settle(self, product: dict[str, Any], cycle: dict[str, Any], now: datetime.datetime) -> None:
        steps = cycle["steps"]
        # The cycle shows as running from one second before its first step (after the start latency).
        if steps and parse_utc(steps[0]["start_date"]) - datetime.timedelta(seconds=1) <= now:
            product["scheduler"]["SyncCycleInProgress"] = True
        ended = None
        while steps and parse_utc(steps[0]["end_date"]) <= now:
            ended = steps[0]["end_date"]
            product["run_history"].append(self._finish_step(product, steps.pop(0)))
        if not steps:
            # The next cycle is due one interval after this one ended, not after the moment this is noticed.
            self._end_cycle(product, parse_utc(ended) if ended else now)

    def _scheduler_due(self, product: dict[str, Any], now: datetime.datetime) -> datetime.datetime | None:
        """When the scheduler starts its next cycle by itself, if it does by now [S8]; None if it does not."""
        scheduler = product["scheduler"]
        due = scheduler.get("NextSyncCycleStartTimeInUTC")
        if (
            not product.get("scheduler_autostart", SCHEDULER_AUTOSTART_DEFAULT)
            or product["service"]["status"] != "Running"
            or not scheduler.get("SyncCycleEnabled")
            or scheduler.get("SchedulerSuspended")
            or not due
        ):
            return None
        when = parse_utc(due)
        return when if when <= now else None

    def _start_cycle(self, product: dict[str, Any], policy: str, at: datetime.datetime, latency: int = 0) -> None:
        """A cycle starts at ``at``; it shows ``latency`` seconds later. NextSyncCycleStartTimeInUTC stays as
        it is until the cycle ends [TXK]."""
        product["sync_cycle"] = {
            "policy_type": policy,
            "started": format_utc(at),
            "steps": self._plan_cycle(product, policy, at + datetime.timedelta(seconds=latency)),
        }
        product["scheduler"]["SyncCycleInProgress"] = latency <= 0

    def abandon_sync_cycle(self) -> None:
        product = self.product
        if product and product.get("sync_cycle"):
            self._end_cycle(product, self._clock.now())

    def _end_cycle(self, product: dict[str, Any], ended: datetime.datetime) -> None:
        scheduler = product["scheduler"]
        interval = parse_timespan(scheduler["CurrentlyEffectiveSyncCycleInterval"] or "00:30:00", "interval")
        scheduler.update(
            SyncCycleInProgress=False,
            NextSyncCyclePolicyType="Delta",
            NextSyncCycleStartTimeInUTC=format_utc(ended + interval),
        )
        product["sync_cycle"] = None

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
            # Dates as the script sends them for this server's DateTime Kind (adsync_dates.py).
            scheduler=scheduler_as_sent(product, self.scheduler()),
            staging_mode_setting=self.global_settings([parameters["StagingSettingName"]])[
                parameters["StagingSettingName"]
            ],
            connectors=[connector["name"] for connector in product["connectors"]],
            running_connectors=[step["connector_name"]] if step else [],
            recent_runs=[
                run_as_sent(product, self.run_summary(run))
                for run in self.runs_newest_first()[: parameters["RunHistoryCount"]]
            ],
        )
        return answer

    def sync_start(self, parameters: dict[str, Any]) -> dict[str, Any]:
        product = self.require_engine("sync_start")
        started = self._clock.now_text()
        if take_scheduler_start(self._state, "sync_start"):
            # The race the fault injects: the scheduler starts its own cycle just before this start arrives.
            self._start_cycle(product, product["scheduler"]["NextSyncCyclePolicyType"], self._clock.now())
        if product.get("sync_cycle"):
            # Start-ADSyncSyncCycle refuses while a cycle runs [BUSY]; sync_start.ps1 answers that as busy.
            return {"result": BUSY, "message": self._busy_message(product), "started_utc": started}
        latency = int(product.get("sync_start_latency_seconds") or 0)
        self._start_cycle(product, parameters["PolicyType"], self._clock.now(), latency)
        return {"result": "Success", "message": None, "started_utc": started}

    def _busy_message(self, product: dict[str, Any]) -> str:
        """The first line of the error a busy engine gives, naming the connector it is busy with [BUSY]; the
        exception type before the text as the error record shows it (INFERRED)."""
        step = self._running_step()
        cycle = product["sync_cycle"]
        name = (
            step["connector_name"] if step else (cycle["steps"] or [{"connector_name": "unknown"}])[0]["connector_name"]
        )
        return f"System.InvalidOperationException: Connector: {name} is busy."

    def run_results(self, parameters: dict[str, Any]) -> dict[str, Any]:
        product = self.require_engine("run_results")
        runs = self.runs_newest_first()[: parameters["NumberRequested"]]
        for run in runs:
            for counter in COUNTERS:
                run.setdefault(counter, 0)
        # Dates as the script sends them for this server's DateTime Kind (adsync_dates.py).
        return {"now_utc": self._clock.now_text(), "runs": [run_as_sent(product, run) for run in runs]}
