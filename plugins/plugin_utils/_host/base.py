# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The Host seam: the primitives the action plugins call, whatever the host really is.

A Windows host runs each primitive's PowerShell script over the task's own connection; a lab host
asks the lab connection's twin. Both answers pass the same schema before anyone uses them. Besides
primitives a host can wait (real time on Windows, the twin's clock in the lab), reboot, and hand a
file to the controller.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import abc
from collections.abc import Callable
from typing import Any

from ansible.errors import AnsibleConnectionFailure

from .._common.errors import HostCommandError
from .._contract.validate import validate_answer
from .primitives import PRIMITIVES, Primitive, snapshot_parameters

# A credential sent to a script: {"username": ..., "password": ...}.
Credential = dict[str, str]


class Host(abc.ABC):
    """One server, seen through its primitives. ``round_trips`` counts calls that reached it."""

    kind: str = ""

    def __init__(self, name: str) -> None:
        self.name = name
        self.round_trips = 0

    @property
    def is_lab(self) -> bool:
        return self.kind == "lab"

    def call(
        self,
        primitive: str,
        parameters: dict[str, Any],
        sensitive: dict[str, Credential] | None = None,
        retries: int = 0,
        on_retry: Callable[[int, str], None] | None = None,
    ) -> dict[str, Any]:
        """Run one primitive and return its validated answer.

        ``retries`` is for short reads only: a lost connection resets it and the read runs again.
        A write is never retried, because a write that was lost in transit may still have happened.
        """
        spec = PRIMITIVES[primitive]
        sensitive = sensitive or {}
        given, allowed = set(parameters), set(spec.parameters) | set(spec.optional)
        if not set(spec.parameters) <= given <= allowed or not set(sensitive) <= set(spec.sensitive):
            # A programming error in the collection, caught before anything reaches a host.
            raise ValueError(f"{primitive} takes {sorted(spec.declared)}, was given {sorted(given | set(sensitive))}")
        if retries and not spec.read_only:
            raise ValueError(f"{primitive} writes; only reads may be retried")
        attempt = 0
        while True:
            self.round_trips += 1
            try:
                answer = self._run(spec, parameters, sensitive)
                break
            except AnsibleConnectionFailure as err:
                attempt += 1
                if attempt > retries:
                    raise
                if on_retry is not None:
                    on_retry(attempt, str(err))
                self.reset()
        return validate_answer(spec.schema, answer, f"{self.kind} host {self.name}")

    @abc.abstractmethod
    def _run(self, primitive: Primitive, parameters: dict[str, Any], sensitive: dict[str, Credential]) -> Any:
        """Run one primitive on the host and return its raw answer."""

    @abc.abstractmethod
    def wait(self, seconds: float) -> None:
        """Let time pass on the host between two polls."""

    @abc.abstractmethod
    def reboot(self, timeout: int) -> dict[str, Any]:
        """Restart the host and wait until it answers again; returns at least ``elapsed``."""

    @abc.abstractmethod
    def fetch(self, remote_path: str, local_path: str) -> None:
        """Copy one file from the host to the controller."""

    @abc.abstractmethod
    def put(self, local_path: str, remote_path: str) -> None:
        """Copy one file from the controller to the host; its folder must exist."""

    def reset(self) -> None:  # noqa: B027 - a host without a connection to reset has nothing to do
        """Drop and reopen the connection after a transient failure."""

    def snapshot(self) -> dict[str, Any]:
        return self.call("snapshot", snapshot_parameters())

    # An operator completing the Entra Connect wizard can be simulated only where the server is simulated.
    can_simulate_wizard: bool = False

    def simulate_wizard(self, installer_path: str, settings_path: str, sign_in_method: str) -> dict[str, Any]:
        """Install Entra Connect as an operator at the wizard would; only a simulated host can."""
        raise HostCommandError(
            f"{self.name} is a {self.kind} host: the Entra Connect wizard cannot be simulated there. "
            "An operator completes it with the worksheet."
        )
