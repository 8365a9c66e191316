# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The lab twin: a simulated Entra Connect server kept in one JSON state file (format: docs/lab.md).

It answers the same primitives as the PowerShell scripts, with the same parameters and the same
answer schema, and models the behaviour Microsoft documents for a real server. Each behaviour names
its source; a behaviour no source supports does not belong here.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import copy
import json
import os
import tempfile
from collections.abc import Callable
from typing import Any

from ._contract import first_violation
from ._errors import HostCommandError, LabStateError
from ._facts import SETTING_CONFIG_VERSION, SETTING_STAGING_MODE

LAB_STATE_SCHEMA = "lab_state"


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


class Twin:
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

    def call(self, primitive: str, parameters: dict[str, Any]) -> Any:
        faults = self.state.get("faults") or {}
        if faults.get("unreachable"):
            raise LabUnreachableError(f"{self.state['computer_name']} does not answer (fault injected in {self.path})")
        injected = (faults.get("primitive_errors") or {}).get(primitive)
        if injected:
            raise HostCommandError(f"The {primitive} script failed on {self.state['computer_name']}: {injected}")
        handler: Callable[..., Any] | None = getattr(self, f"primitive_{primitive}", None)
        if handler is None:
            raise HostCommandError(f"The lab twin has no primitive named {primitive!r}")
        return handler(parameters)

    # -- primitives -------------------------------------------------------------------------------

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
        answer["adsync"] = self._adsync_reading(
            product, parameters["GlobalSettingNames"], parameters["RunHistoryCount"]
        )
        return answer

    @staticmethod
    def _adsync_reading(product: dict[str, Any], setting_names: list[str], run_count: int) -> dict[str, Any]:
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
        # Staging mode and the configuration version live once in the twin; a real server shows them in
        # both Get-ADSyncScheduler (StagingModeEnabled) and the global settings [S7][S8][S19][S25].
        settings = dict(product["global_settings"])
        settings[SETTING_STAGING_MODE] = "True" if product["staging_mode"] else "False"
        settings[SETTING_CONFIG_VERSION] = product["server_configuration_version"]
        history = sorted(product["run_history"], key=lambda run: run["start_date"] or "", reverse=True)
        return {
            "error": None,
            "global_settings": {name: settings.get(name) for name in setting_names},
            "scheduler": dict(product["scheduler"], StagingModeEnabled=product["staging_mode"]),
            "connectors": [dict(connector) for connector in product["connectors"]],
            # Get-ADSyncRunProfileResult -NumberRequested N: the N newest runs [S9][S31].
            "run_history": [dict(run) for run in history[:run_count]],
        }
