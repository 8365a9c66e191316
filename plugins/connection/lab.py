# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: lab
short_description: Run this collection's modules against a simulated Entra Connect server
version_added: 0.1.0
author:
  - Hybrid Identity Maintainers (@hybrid-identity)
description:
  - Connects a host to the collection's lab twin, a simulated Microsoft Entra Connect Sync server kept
    in a JSON state file, so the collection's modules, roles and playbooks run with no Windows server.
  - The twin answers the same primitives as the PowerShell scripts that run on a real server, validated
    against the same JSON Schemas, and models the behaviour Microsoft documents.
  - Only this collection's modules can run on a lab host. Anything that would execute a command or
    transfer a file, such as C(gather_facts), M(ansible.windows.win_ping) or M(ansible.windows.win_shell),
    is refused with an error.
  - The state file format is documented in C(docs/lab.md).
options:
  state_file:
    description:
      - Path of the JSON state file of this simulated server.
      - C(make lab) resets the lab inventory's state files from C(lab/seeds/).
    type: path
    vars:
      - name: entra_lab_state_file
notes:
  - A lab run never touches a Windows server; every module result from a lab host has C(lab=true).
"""

from collections.abc import Callable
from typing import Any

from ansible.errors import AnsibleConnectionFailure, AnsibleError
from ansible.plugins.connection import ConnectionBase
from ansible.utils.display import Display
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._lab_twin import LabUnreachableError, Twin

display = Display()

REFUSAL = (
    "{host} is a lab host (connection hybrid_identity.entra_connect.lab): a simulated Entra Connect server "
    "that answers only this collection's modules (hybrid_identity.entra_connect.*). This task tried to {what}; "
    "modules that run commands or copy files on the host, such as ansible.windows.win_ping, win_shell or "
    "gather_facts, cannot run against the lab. Use gather_facts: false and the collection's modules."
)


class Connection(ConnectionBase):
    """The lab connection: a transport to the twin's state file, refusing everything else."""

    transport = "hybrid_identity.entra_connect.lab"
    has_pipelining = False
    # The Host seam picks the lab host by this marker.
    is_entra_connect_lab = True

    def _host_name(self) -> str:
        return str(getattr(self._play_context, "remote_addr", None) or "this host")

    def _connect(self) -> Connection:
        self._connected = True
        return self

    def _with_twin(self, what: str, action: Callable[[Twin], Any]) -> Any:
        """Load the twin, act on it, and save its state only when the action succeeded and changed it.

        A failed action leaves the file as it was, so nothing is half-done. The one exception is a
        dropped call: the fault is used up, and that is saved before the loss is reported.
        """
        path = self.get_option("state_file")
        display.vvv(f"LAB {what} against state file {path}", host=self._host_name())
        twin = Twin.load(path)
        try:
            result = action(twin)
        except LabUnreachableError as err:
            twin.save_if_changed()
            raise AnsibleConnectionFailure(str(err)) from None
        twin.save_if_changed()
        return result

    def lab_call(self, primitive: str, parameters: dict[str, Any]) -> Any:
        """Answer one primitive from the twin."""
        return self._with_twin(primitive, lambda twin: twin.call(primitive, parameters))

    def lab_advance(self, seconds: float) -> None:
        """Let time pass on the twin while the controller waits between two polls."""
        self._with_twin(f"wait {seconds:g}s", lambda twin: twin.advance(seconds))

    def lab_reboot(self) -> dict[str, Any]:
        return self._with_twin("reboot", lambda twin: twin.reboot())

    def lab_fetch(self, remote_path: str, local_path: str) -> None:
        self._with_twin(f"fetch {remote_path}", lambda twin: twin.fetch(remote_path, local_path))

    def lab_put(self, local_path: str, remote_path: str) -> None:
        self._with_twin(f"put {remote_path}", lambda twin: twin.put(local_path, remote_path))

    def lab_wizard(self, installer_path: str, settings_path: str, sign_in_method: str) -> dict[str, Any]:
        """Simulate an operator completing the Entra Connect wizard (lab only)."""
        return self._with_twin(
            "simulated wizard", lambda twin: twin.simulate_wizard(installer_path, settings_path, sign_in_method)
        )

    def exec_command(self, cmd: str, in_data: bytes | None = None, sudoable: bool = True) -> Any:
        super().exec_command(cmd, in_data=in_data, sudoable=sudoable)
        raise AnsibleError(REFUSAL.format(host=self._host_name(), what="run a command"))

    def put_file(self, in_path: str, out_path: str) -> None:
        super().put_file(in_path, out_path)
        raise AnsibleError(REFUSAL.format(host=self._host_name(), what=f"copy {in_path} to the host"))

    def fetch_file(self, in_path: str, out_path: str) -> None:
        super().fetch_file(in_path, out_path)
        raise AnsibleError(REFUSAL.format(host=self._host_name(), what=f"fetch {in_path} from the host"))

    def close(self) -> None:
        self._connected = False
