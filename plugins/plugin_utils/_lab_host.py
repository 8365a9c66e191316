# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A lab host: the primitives are answered by the twin behind the lab connection plugin."""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

from typing import Any

from ._host import Credential, Host
from ._primitives import Primitive


class LabHost(Host):
    kind = "lab"

    def __init__(self, name: str, connection: Any) -> None:
        super().__init__(name)
        self._connection = connection

    def _run(self, primitive: Primitive, parameters: dict[str, Any], sensitive: dict[str, Credential]) -> Any:
        return self._connection.lab_call(primitive.name, dict(parameters, **sensitive))

    def wait(self, seconds: float) -> None:
        # The twin's clock moves instead of the controller sleeping, so a lab run stays fast and its
        # timestamps stay reproducible.
        self._connection.lab_advance(seconds)

    def reboot(self, timeout: int) -> dict[str, Any]:
        self.round_trips += 1
        return self._connection.lab_reboot()

    def fetch(self, remote_path: str, local_path: str) -> None:
        self.round_trips += 1
        self._connection.lab_fetch(remote_path, local_path)

    def put(self, local_path: str, remote_path: str) -> None:
        self.round_trips += 1
        self._connection.lab_put(local_path, remote_path)

    def simulate_wizard(self, installer_path: str, settings_path: str, sign_in_method: str) -> dict[str, Any]:
        """The lab's stand-in for an operator at the wizard; a Windows host has no such thing."""
        self.round_trips += 1
        return self._connection.lab_wizard(installer_path, settings_path, sign_in_method)
