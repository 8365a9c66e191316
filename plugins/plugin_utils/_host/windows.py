# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A real Windows server: each primitive is one ansible.windows.win_powershell call on the task's
own connection (winrm, psrp or ssh), so inventory, credentials, become and AWX credentials apply."""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import time
from typing import Any

from ansible.errors import AnsibleConnectionFailure

from .._common.errors import HostCommandError
from .base import Credential, Host
from .primitives import Primitive, script_text

WIN_POWERSHELL = "ansible.windows.win_powershell"
WIN_REBOOT = "ansible.windows.win_reboot"
# Deep enough for the snapshot's nested answer (adsync -> run_history -> item -> field).
RESULT_DEPTH = 5


def _error_text(result: dict[str, Any]) -> str:
    for record in result.get("error") or []:
        message = (record.get("exception") or {}).get("message") or record.get("output")
        if message:
            return str(message).strip()
    return str(result.get("msg") or "no error text was returned").strip()


class WindowsHost(Host):
    kind = "windows"

    def __init__(self, name: str, action: Any, task_vars: dict[str, Any]) -> None:
        super().__init__(name)
        self._action = action
        self._task_vars = task_vars

    def _run(self, primitive: Primitive, parameters: dict[str, Any], sensitive: dict[str, Credential]) -> Any:
        # Data travels in `parameters`, bound to the script's param() block; the script text is fixed.
        # Credentials travel in `sensitive_parameters`, which win_powershell keeps out of its result.
        module_args: dict[str, Any] = {
            "script": script_text(primitive.name),
            "parameters": parameters,
            "error_action": "stop",
            "depth": RESULT_DEPTH,
        }
        if sensitive:
            module_args["sensitive_parameters"] = [
                {"name": name, "username": value["username"], "password": value["password"]}
                for name, value in sensitive.items()
            ]
        result = self._action._execute_module(
            module_name=WIN_POWERSHELL, module_args=module_args, task_vars=self._task_vars
        )
        if result.get("unreachable"):
            raise AnsibleConnectionFailure(str(result.get("msg") or f"{self.name} is unreachable"))
        if result.get("failed"):
            raise HostCommandError(f"The {primitive.name} script failed on {self.name}: {_error_text(result)}")
        if "result" not in result:
            raise HostCommandError(
                f"The {primitive.name} script on {self.name} returned no result; "
                f"is {WIN_POWERSHELL} from ansible.windows 3.x installed on the controller?"
            )
        return result["result"]

    def wait(self, seconds: float) -> None:
        time.sleep(seconds)

    def reset(self) -> None:
        self._action._connection.reset()

    def reboot(self, timeout: int) -> dict[str, Any]:
        # ansible.windows.win_reboot, run as an action on this task's connection: it sends the restart,
        # waits for a new boot time, then for the host to accept commands again. Its public action
        # plugin is the interface; its plugin_utils may change in any release.
        self.round_trips += 1
        task = self._action._task.copy()
        task.args = {"reboot_timeout": timeout}
        reboot = self._action._shared_loader_obj.action_loader.get(
            WIN_REBOOT,
            task=task,
            connection=self._action._connection,
            play_context=self._action._play_context,
            loader=self._action._loader,
            templar=self._action._templar,
            shared_loader_obj=self._action._shared_loader_obj,
        )
        if reboot is None:
            raise HostCommandError(
                f"Cannot restart {self.name}: the {WIN_REBOOT} action is not installed on the controller "
                "(ansible.windows 3.x is required)."
            )
        result: dict[str, Any] = reboot.run(task_vars=self._task_vars)
        if result.get("failed"):
            raise HostCommandError(f"Rebooting {self.name} failed: {result.get('msg', 'no reason was given')}")
        return result

    def fetch(self, remote_path: str, local_path: str) -> None:
        self.round_trips += 1
        self._action._connection.fetch_file(remote_path, local_path)

    def put(self, local_path: str, remote_path: str) -> None:
        # The connection's own transfer (winrm, psrp or ssh): slow over WinRM for a large installer,
        # which is why the installer may come from a share instead (docs/windows.md).
        self.round_trips += 1
        self._action._connection.put_file(local_path, remote_path)
