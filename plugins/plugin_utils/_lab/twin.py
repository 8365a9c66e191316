# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The lab twin: a simulated Entra Connect server, built from components over one state document.

It answers the same primitives as the PowerShell scripts, with the same parameters and the same
answer schema, and models the behaviour Microsoft documents for a real server. Each behaviour names
its source; a behaviour no source supports does not belong here.

The components each own one part of the server and say what they need in their constructors:
clock, registry, files, tenant log, sync engine, settings exports, csexport, configuration exports,
installer. ``HANDLERS`` below is the one table from a primitive to the component that answers it. A twin is
made by its store (``store.py``) for one transaction; it never reads or writes a file itself.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .._common.errors import HostCommandError
from .._rules.facts import connector_kind
from .clock import Clock
from .config_export import ConfigurationExports
from .csexport import ConnectorSpaceExports
from .engine import SyncEngine
from .faults import check_faults, count_round_trip
from .files import Files
from .installer import Installer
from .lost_answers import lose_answer
from .registry import Registry
from .settings import SettingsExports
from .staging_writes import StagingWrites
from .statistics import connector_statistics
from .tenant import TenantLog, TenantLogs

# How long the simulated restart takes, from the restart command to the host answering again.
REBOOT_SECONDS = 45


class Twin:
    """One simulated server over ``state``; tenant logs are read and written through ``logs``."""

    def __init__(self, state: dict[str, Any], logs: TenantLogs, where: str = "memory") -> None:
        self.state = state
        self.where = where
        self.clock = Clock(state)
        self.registry = Registry(state, self.clock)
        self.files = Files(state, self.clock)
        self.tenant = TenantLog(logs, state)
        self.engine = SyncEngine(state, self.clock, self.tenant)
        self.staging = StagingWrites(state, self.clock, self.tenant, self.engine)
        self.settings = SettingsExports(state, self.clock, self.files, self.engine)
        self.csexport = ConnectorSpaceExports(state, self.clock, self.files, self.engine)
        self.config_exports = ConfigurationExports(state, self.clock, self.files, self.engine)
        self.installer = Installer(state, self.clock, self.files, self.tenant)
        # Set by ``call`` when the fault ``lose_answers`` loses the answer of a call that took effect.
        self.lost_answer: str | None = None

    @property
    def computer_name(self) -> str:
        return str(self.state["computer_name"])

    def call(self, primitive: str, parameters: dict[str, Any]) -> dict[str, Any]:
        check_faults(self.state, primitive, self.where)
        handler = HANDLERS.get(primitive)
        if handler is None:
            raise HostCommandError(f"The lab twin has no primitive named {primitive!r}")
        answer = handler(self, parameters)
        # The call took effect; its answer may still be lost (``lose_answers``), which the lab host reports
        # once the store has kept the effect.
        self.lost_answer = lose_answer(self.state, primitive, self.where)
        return answer

    # -- what is not a primitive: time, restart, transfers, the operator at the wizard ------------

    def advance(self, seconds: float) -> None:
        """Let simulated time pass while the controller waits between two polls."""
        self.clock.advance(seconds)

    def reboot(self) -> dict[str, Any]:
        check_faults(self.state, "reboot", self.where)
        # A restart ends a running cycle; its unfinished steps never run (INFERRED: the engine stops).
        self.engine.abandon_sync_cycle()
        self.clock.advance(REBOOT_SECONDS)
        self.state["last_boot_time"] = self.clock.now_text()
        if (self.engine.product or {}).get("pending_removal"):
            # A service marked for deletion by an uninstall (exit code 3010) goes with the restart.
            self.state["entra_connect"] = None
        return {"changed": True, "rebooted": True, "elapsed": REBOOT_SECONDS}

    # A file sent or fetched and the operator at the wizard are round trips too: ``fail_call`` counts them.

    def put(self, local_path: str, remote_path: str) -> None:
        count_round_trip(self.state, "put", self.where)
        self.files.put(local_path, remote_path)

    def fetch(self, remote_path: str, local_path: str) -> None:
        count_round_trip(self.state, "fetch", self.where)
        self.files.fetch(remote_path, local_path)

    def simulate_wizard(
        self,
        installer_path: str,
        settings_path: str,
        sign_in_method: str,
        not_carried: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        count_round_trip(self.state, "wizard", self.where)
        return self.installer.simulate_wizard(installer_path, settings_path, sign_in_method, not_carried)

    # -- snapshot ---------------------------------------------------------------------------------

    def snapshot(self, parameters: dict[str, Any]) -> dict[str, Any]:
        state = self.state
        product = self.engine.product
        answer: dict[str, Any] = {
            "computer_name": state["computer_name"],
            "now_utc": self.clock.now_text(),
            "os": dict(state["os"]),
            "dotnet_release": state["dotnet_release"],
            "uninstall_entries": None,
            "wizard": None,
            "adsync_service": None,
            "adsync": None,
            "markers": self.registry.strings(parameters["MarkerPath"]),
        }
        # Every entry of the product family the registry holds, also what is left after a partial removal.
        answer["uninstall_entries"] = self.installer.uninstall_entries(parameters["ProductDisplayNames"])
        if product is None:
            return answer
        answer["adsync_service"] = dict(product["service"])
        if product.get("pending_removal"):
            # Only the stopped service is left until the restart; the ADSync cmdlets are gone with the engine.
            answer["adsync"] = self.engine.adsync_reading(parameters["GlobalSettingNames"], 0)
            return answer
        answer["wizard"] = {"path": product["wizard_path"], "file_version": product["version"]}
        adsync = self.engine.adsync_reading(parameters["GlobalSettingNames"], parameters["RunHistoryCount"])
        for connector in adsync["connectors"] or []:
            # The Entra connector carries the password writeback (SSPR) setting; other connectors have none.
            entra = connector_kind(connector) == "entra"
            connector["password_writeback"] = bool(product.get("password_writeback")) if entra else None
        answer["adsync"] = adsync
        return answer


Handler = Callable[["Twin", dict[str, Any]], dict[str, Any]]

# The one table from a primitive to the component that answers it; a primitive not here does not exist in
# the lab.
HANDLERS: dict[str, Handler] = {
    "snapshot": lambda twin, p: twin.snapshot(p),
    "tls12_read": lambda twin, p: twin.registry.tls12_read(p),
    "tls12_write": lambda twin, p: twin.registry.tls12_write(p),
    "sync_status": lambda twin, p: twin.engine.sync_status(p),
    "sync_start": lambda twin, p: twin.engine.sync_start(p),
    "run_results": lambda twin, p: twin.engine.run_results(p),
    "connector_statistics": lambda twin, p: connector_statistics(twin.state, twin.engine, twin.clock, p),
    "staging_write": lambda twin, p: twin.staging.staging_write(p),
    "scheduler_write": lambda twin, p: twin.staging.scheduler_write(p),
    "settings_read": lambda twin, p: twin.settings.settings_read(p),
    "settings_export": lambda twin, p: twin.settings.settings_export(p),
    "file_stat": lambda twin, p: twin.files.file_stat(p),
    "file_copy": lambda twin, p: twin.files.file_copy(p),
    "directory_create": lambda twin, p: twin.files.directory_create(p),
    "file_remove": lambda twin, p: twin.files.file_remove(p),
    "csexport": lambda twin, p: twin.csexport.csexport(p),
    "config_export": lambda twin, p: twin.config_exports.config_export(p),
    "uninstall": lambda twin, p: twin.installer.uninstall(p),
}
