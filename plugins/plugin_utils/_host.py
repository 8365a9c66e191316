# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The Host seam: the primitives the action plugins call, whatever the host really is.

A Windows host runs each primitive's PowerShell script over the task's own connection; a lab host
asks the lab connection's twin. Both answers pass the same schema before anyone uses them.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import abc
from typing import Any

from ._contract import validate_answer
from ._primitives import PRIMITIVES, Primitive, snapshot_parameters


class Host(abc.ABC):
    """One server, seen through its primitives. ``round_trips`` counts calls that reached it."""

    kind: str = ""

    def __init__(self, name: str) -> None:
        self.name = name
        self.round_trips = 0

    @property
    def is_lab(self) -> bool:
        return self.kind == "lab"

    def call(self, primitive: str, parameters: dict[str, Any]) -> dict[str, Any]:
        spec = PRIMITIVES[primitive]
        if set(parameters) != set(spec.parameters):
            # A programming error in the collection, caught before anything reaches a host.
            raise ValueError(f"{primitive} takes {sorted(spec.parameters)}, was given {sorted(parameters)}")
        self.round_trips += 1
        answer = self._run(spec, parameters)
        return validate_answer(spec.schema, answer, f"{self.kind} host {self.name}")

    @abc.abstractmethod
    def _run(self, primitive: Primitive, parameters: dict[str, Any]) -> Any:
        """Run one primitive on the host and return its raw answer."""

    def snapshot(self) -> dict[str, Any]:
        return self.call("snapshot", snapshot_parameters())


def is_lab_connection(connection: Any) -> bool:
    return bool(getattr(connection, "is_entra_connect_lab", False))


def host_for(action: Any, task_vars: dict[str, Any]) -> Host:
    """The Host behind an action plugin's task: the lab twin on the lab connection, Windows otherwise."""
    name = task_vars.get("inventory_hostname", "") or "localhost"
    if is_lab_connection(action._connection):
        from ._lab_host import LabHost

        return LabHost(name, action._connection)
    from ._windows_host import WindowsHost

    return WindowsHost(name, action, task_vars)
