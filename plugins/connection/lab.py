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
  - The seed states ship inside the collection (C(lab/seeds/)). When the state file does not exist and a seed of
    the same file name does (C(old-sync01.json) for the lab inventory's C(old-sync01)), the connection creates the
    state file from that seed, and the tenant log the seed names when that is missing too, and says so in a
    warning that starts with C(LAB:).
  - C(ansible-playbook hybrid_identity.entra_connect.lab_reset) resets the whole lab folder from the seeds.
options:
  state_file:
    description:
      - Path of the JSON state file of this simulated server.
      - The lab inventory shipped with the collection (C(inventories/lab/)) names C(<entra_lab_dir>/<host>.json).
    type: path
    vars:
      - name: entra_lab_state_file
  seed_missing:
    description:
      - Create a state file that does not exist from the collection's seed of the same file name (see above).
      - With V(false) a missing state file fails the task with a message saying how to reset the lab.
    type: bool
    default: true
    vars:
      - name: entra_lab_seed_missing
notes:
  - A lab run never touches a Windows server; every module result from a lab host has C(lab=true).
seealso:
  - module: hybrid_identity.entra_connect.entra_lab_reset
"""

from typing import Any

from ansible.errors import AnsibleError
from ansible.plugins.connection import ConnectionBase
from ansible.utils.display import Display
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._lab.seeds import Seeding
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._lab.store import FileTwinStore

display = Display()

REFUSAL = (
    "{host} is a lab host (connection hybrid_identity.entra_connect.lab): a simulated Entra Connect server "
    "that answers only this collection's modules (hybrid_identity.entra_connect.*). This task tried to {what}; "
    "modules that run commands or copy files on the host, such as ansible.windows.win_ping, win_shell or "
    "gather_facts, cannot run against the lab. Use gather_facts: false and the collection's modules."
)


class Connection(ConnectionBase):
    """The lab connection: the twin store of one state file, refusing everything else."""

    transport = "hybrid_identity.entra_connect.lab"
    has_pipelining = False
    # The Host seam picks the lab host by this marker.
    is_entra_connect_lab = True

    def _host_name(self) -> str:
        return str(getattr(self._play_context, "remote_addr", None) or "this host")

    def _connect(self) -> Connection:
        self._connected = True
        return self

    def twin_store(self) -> FileTwinStore:
        """Where this host's twin lives; the lab host runs every primitive as one transaction on it."""
        path = self.get_option("state_file")
        display.vvv(f"LAB twin store {path}", host=self._host_name())
        return FileTwinStore(path, announce=self._announce if self.get_option("seed_missing") else None)

    def _announce(self, seeding: Seeding) -> None:
        """A state made up from the seeds is said aloud: this run is against a fresh simulated server."""
        display.warning(seeding.message(self._host_name()))

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
