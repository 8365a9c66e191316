# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The lab twin: a simulated Entra Connect server kept in one JSON state file (format: docs/lab.md).

It answers the same primitives as the PowerShell scripts, with the same parameters and the same
answer schema, and models the behaviour Microsoft documents for a real server. Each behaviour names
its source; a behaviour no source supports does not belong here.

The twin has its own clock (``clock`` in the state). Reads never move it; writes move it by what they
take, and time passes between polls only when the controller waits (``advance``). Lab runs are
therefore fast and reproducible, and a seed never ages.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import copy
import datetime
import json
import os
import tempfile
from collections.abc import Callable
from typing import Any

from ._contract import first_violation
from ._errors import HostCommandError, LabStateError
from ._facts import SETTING_CONFIG_VERSION, SETTING_STAGING_MODE
from ._lab_files import FilesMixin
from ._lab_install import InstallMixin
from ._lab_settings import SettingsMixin
from ._lab_sync import SyncMixin
from ._lab_tls import TlsMixin
from ._time import format_utc, parse_utc

LAB_STATE_SCHEMA = "lab_state"
# How long the simulated restart takes, from the restart command to the host answering again.
REBOOT_SECONDS = 45


class LabUnreachableError(Exception):
    """The state injects a lost connection; the connection plugin turns it into an unreachable host."""


def load_state(path: str) -> dict[str, Any]:
    """Read and check one state file; every failure names the file and what is wrong with it."""
    if not path:
        raise LabStateError(
            "No lab state file is set for this host: set the inventory variable entra_lab_state_file (see docs/lab.md)"
        )
    try:
        with open(path, encoding="utf-8") as handle:
            state = json.load(handle)
    except FileNotFoundError:
        raise LabStateError(
            f"Lab state file {path} does not exist. Reset the lab with `make lab` (it copies the seeds "
            "from lab/seeds/) or point entra_lab_state_file at a state file"
        ) from None
    except (OSError, UnicodeDecodeError) as err:
        raise LabStateError(f"Lab state file {path} cannot be read: {err}") from None
    except json.JSONDecodeError as err:
        raise LabStateError(f"Lab state file {path} is not valid JSON: {err}") from None
    violation = first_violation(LAB_STATE_SCHEMA, state)
    if violation is not None:
        raise LabStateError(f"Lab state file {path} is not a valid lab state {violation}")
    return state


def save_state(path: str, state: dict[str, Any]) -> None:
    """Write atomically and deterministically, so an unchanged state keeps its exact bytes."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, temp_path = tempfile.mkstemp(prefix=".lab-state-", dir=directory)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(state, handle, indent=2, sort_keys=True)
        handle.write("\n")
    os.replace(temp_path, path)


class Twin(TlsMixin, SyncMixin, SettingsMixin, FilesMixin, InstallMixin):
    """One simulated server. Each primitive method takes the parameters dict keyed as the script's param()."""

    def __init__(self, path: str, state: dict[str, Any]) -> None:
        self.path = path
        self.state = state
        self._loaded = copy.deepcopy(state)

    @classmethod
    def load(cls, path: str) -> Twin:
        return cls(path, load_state(path))

    @property
    def changed(self) -> bool:
        return self.state != self._loaded

    def save_if_changed(self) -> bool:
        if not self.changed:
            return False
        save_state(self.path, self.state)
        self._loaded = copy.deepcopy(self.state)
        return True

    @property
    def computer_name(self) -> str:
        return self.state["computer_name"]

    # -- time -------------------------------------------------------------------------------------

    def now(self) -> datetime.datetime:
        return parse_utc(self.state["clock"])

    def now_text(self) -> str:
        return self.state["clock"]

    def advance(self, seconds: float) -> None:
        """Let simulated time pass; whatever finishes in that time (a sync cycle step) finishes."""
        self.state["clock"] = format_utc(self.now() + datetime.timedelta(seconds=seconds))
        self.settle_sync_cycle()

    def reboot(self) -> dict[str, Any]:
        self._check_faults("reboot")
        # A restart ends a running cycle; its unfinished steps never run (INFERRED: the engine stops).
        self.abandon_sync_cycle()
        self.advance(REBOOT_SECONDS)
        self.state["last_boot_time"] = self.now_text()
        return {"changed": True, "rebooted": True, "elapsed": REBOOT_SECONDS}

    # -- dispatch ---------------------------------------------------------------------------------

    def _check_faults(self, primitive: str) -> None:
        faults = self.state.get("faults") or {}
        if faults.get("unreachable"):
            raise LabUnreachableError(f"{self.computer_name} does not answer (fault injected in {self.path})")
        if faults.get("drop_calls"):
            # A transient fault: this call is lost, the next ones get through.
            faults["drop_calls"] -= 1
            raise LabUnreachableError(
                f"{self.computer_name}: connection reset during {primitive} (transient fault injected in {self.path})"
            )
        injected = (faults.get("primitive_errors") or {}).get(primitive)
        if injected:
            raise HostCommandError(f"The {primitive} script failed on {self.computer_name}: {injected}")

    def call(self, primitive: str, parameters: dict[str, Any]) -> Any:
        self._check_faults(primitive)
        handler: Callable[..., Any] | None = getattr(self, f"primitive_{primitive}", None)
        if handler is None:
            raise HostCommandError(f"The lab twin has no primitive named {primitive!r}")
        return handler(parameters)

    # -- what several primitives share ------------------------------------------------------------

    @property
    def product(self) -> dict[str, Any] | None:
        return self.state["entra_connect"]

    def require_engine(self, primitive: str) -> dict[str, Any]:
        """The product, if its sync engine can be used; otherwise the error the ADSync cmdlets give."""
        product = self.product
        if product is None:
            raise HostCommandError(
                f"The {primitive} script failed on {self.computer_name}: the ADSync module is not installed"
            )
        if product["service"]["status"] != "Running":
            raise HostCommandError(
                f"The {primitive} script failed on {self.computer_name}: the ADSync service is not running"
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

    # -- snapshot ---------------------------------------------------------------------------------

    def primitive_snapshot(self, parameters: dict[str, Any]) -> dict[str, Any]:
        state = self.state
        product = state["entra_connect"]
        answer: dict[str, Any] = {
            "computer_name": state["computer_name"],
            "os": dict(state["os"]),
            "dotnet_release": state["dotnet_release"],
            "uninstall_entries": [],
            "wizard": None,
            "adsync_service": None,
            "adsync": None,
            "markers": {
                name: str(value["data"])
                for name, value in (self.state["registry"].get(parameters["MarkerPath"]) or {}).items()
            },
        }
        if product is None:
            return answer
        if product["display_name"] in parameters["ProductDisplayNames"]:
            answer["uninstall_entries"] = [
                {
                    "display_name": product["display_name"],
                    "display_version": product["version"],
                    "publisher": "Microsoft Corporation",
                }
            ]
        answer["wizard"] = {"path": product["wizard_path"], "file_version": product["version"]}
        answer["adsync_service"] = dict(product["service"])
        answer["adsync"] = self._adsync_reading(parameters["GlobalSettingNames"], parameters["RunHistoryCount"])
        return answer

    def _adsync_reading(self, setting_names: list[str], run_count: int) -> dict[str, Any]:
        product = self.product
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
            "connectors": [dict(connector) for connector in product["connectors"]],
            # Get-ADSyncRunProfileResult -NumberRequested N: the N newest runs [S9][S31].
            "run_history": [self.run_summary(run) for run in self.runs_newest_first()[:run_count]],
        }
