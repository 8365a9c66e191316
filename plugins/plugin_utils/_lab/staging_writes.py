# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The twin's writes of staging mode and the scheduler (staging_write, scheduler_write).

What it models, with sources (numbers in docs/sources.md):
- Entering staging mode stops exports, password hash sync and password writeback; leaving it starts
  them [S7]. Staging changes go to the tenant log.
- An empty CustomizedSyncCycleInterval stands for $null, "the lowest allowed interval" [S8][S9].
- From 2.6.91.0 Set-ADSyncScheduler opens an interactive sign-in [S3]: under the modules' non-interactive
  host it fails before it changes anything. From 2.5.3.0 a staging change by PowerShell with password
  writeback (SSPR) on needs administrator credentials [S3] that no cmdlet takes [S9]: it always fails,
  whatever the caller sends.
- The scheduler is restored in its own try/catch after the change (staging_write.ps1); the fault
  ``scheduler_restore_fails`` makes the restore fail, which the answer reports. A cycle running when the
  change would be made is answered ``busy``, on both routes, with nothing changed.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

from typing import Any

from .._common.errors import HostCommandError
from .._common.versions import parse_version
from .._rules.facts import SETTING_SIGN_ON_METHOD
from .._rules.sign_in import SSPR_STAGING_SIGN_IN_FROM, scheduler_needs_sign_in
from .clock import Clock
from .engine import SyncEngine
from .tenant import TenantLog

SCHEDULER_CMDLET = "Set-ADSyncScheduler"


class StagingWrites:
    """staging_write and scheduler_write on the engine of one twin."""

    def __init__(self, state: dict[str, Any], clock: Clock, tenant: TenantLog, engine: SyncEngine) -> None:
        self._state = state
        self._clock = clock
        self._tenant = tenant
        self._engine = engine

    @property
    def _computer(self) -> str:
        return str(self._state["computer_name"])

    # -- the tenant -------------------------------------------------------------------------------

    def _sync_services(self, product: dict[str, Any]) -> list[str]:
        """What an active server does for the tenant: exports, and password hash sync and password
        writeback where they are configured [S7]."""
        services = ["export"]
        if (self._engine.global_settings([SETTING_SIGN_ON_METHOD])[SETTING_SIGN_ON_METHOD] or "") == "PasswordHashSync":
            services.append("password_hash_sync")
        if product.get("password_writeback"):
            services.append("password_writeback")
        return services

    def _prompt(self, product: dict[str, Any]) -> None:
        """Set-ADSyncScheduler from 2.6.91.0 opens an interactive sign-in [S3]; a non-interactive host refuses
        to prompt (the message is PowerShell's for a prompt under -NonInteractive: INFERRED that the sign-in
        fails the same way) before the cmdlet changes anything."""
        if scheduler_needs_sign_in(parse_version(product["version"], "lab product version")):
            raise HostCommandError(
                f"The {SCHEDULER_CMDLET} call failed on {self._computer}: PowerShell is in NonInteractive mode. "
                "Read and Prompt functionality is not available."
            )

    def staging_write(self, parameters: dict[str, Any]) -> dict[str, Any]:
        product = self._engine.require_engine("staging_write")
        pause = bool(parameters["PauseScheduler"])
        enable = bool(parameters["StagingMode"])
        scheduler = product["scheduler"]
        if pause:
            self._prompt(product)
            scheduler["SyncCycleEnabled"] = False
        busy = bool(self._engine.scheduler()["SyncCycleInProgress"])
        try:
            if not busy:
                self._change(product, parameters, enable)
        finally:
            # A failed change raises, and the store keeps nothing of the call: the marker written before it goes
            # with it, as the script puts the marker's earlier values back.
            restored, error = self._restore(pause, parameters)
        return {
            "now_utc": self._clock.now_text(),
            "busy": busy,
            "scheduler_restored": restored,
            "restore_error": error,
        }

    def _change(self, product: dict[str, Any], parameters: dict[str, Any], enable: bool) -> None:
        if parameters.get("MarkerPath"):
            # The script records the marker before it changes staging mode.
            key = self._state["registry"].setdefault(parameters["MarkerPath"], {})
            for name, data in parameters["MarkerValues"].items():
                key[name] = {"type": "String", "data": str(data)}
        if (
            product.get("password_writeback")
            and parse_version(product["version"], "lab product version") >= SSPR_STAGING_SIGN_IN_FROM
        ):
            # 2.5.3.0 [S3]; whatever the caller sends, no cmdlet of the script takes a credential [S9].
            raise HostCommandError(
                f"The staging_write script failed on {self._computer}: administrator credentials are "
                "required to change staging mode while password writeback (SSPR) is enabled"
            )
        if product["staging_mode"] != enable:
            product["staging_mode"] = enable
            self._clock.advance(2)
            # Entering staging stops these, leaving it starts them [S7].
            event = "staging_enabled" if enable else "staging_disabled"
            self._tenant.record(event, at=self._clock.now_text(), sync_services=self._sync_services(product))

    def _restore(self, pause: bool, parameters: dict[str, Any]) -> tuple[bool | None, str | None]:
        """The script's own try/catch around the restore: its failure is answered, never raised over the
        change's own error. The fault ``scheduler_restore_fails`` (an error text) makes it fail."""
        if not pause:
            return None, None
        failure = (self._state.get("faults") or {}).get("scheduler_restore_fails")
        if failure:
            return False, str(failure)
        scheduler = (self._engine.product or {})["scheduler"]
        scheduler["SyncCycleEnabled"] = bool(parameters["SyncCycleEnabledAfter"])
        return True, None

    def scheduler_write(self, parameters: dict[str, Any]) -> dict[str, Any]:
        product = self._engine.require_engine("scheduler_write")
        self._prompt(product)
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
