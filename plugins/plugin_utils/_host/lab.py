# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A lab host: the primitives are answered by the twin in a twin store.

The lab connection gives the store of its state file; unit tests give one in memory. Every call is one
transaction of the store, so a failed primitive leaves the simulated server as it was.

A task in check mode runs its reads as win_powershell runs them then, with -WhatIf: a read script that does
not turn WhatIf off gets the answer a real server gives under WhatIf (_lab/what_if.py), decided from the
script's own text.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from ansible.errors import AnsibleConnectionFailure

from .._lab.faults import LabUnreachableError
from .._lab.store import TwinStore
from .._lab.twin import Twin
from .._lab.what_if import answer_under_what_if, resets_what_if
from .base import Credential, Host
from .primitives import PRIMITIVES, Primitive, script_text

T = TypeVar("T")

# The reads whose scripts, as they are, would heed -WhatIf in check mode.
HEED_WHAT_IF = frozenset(
    name for name, spec in PRIMITIVES.items() if spec.read_only and not resets_what_if(script_text(name))
)


class LabHost(Host):
    kind = "lab"
    can_simulate_wizard = True

    def __init__(self, name: str, store: TwinStore, check_mode: bool = False) -> None:
        super().__init__(name)
        self.store = store
        # The task's check mode, which win_powershell turns into -WhatIf for the read scripts.
        self.check_mode = check_mode

    def _on_twin(self, action: Callable[[Twin], T]) -> T:
        try:
            return self.store.transact(action)
        except LabUnreachableError as err:
            # What a lost connection looks like to Ansible, so retries and unreachable handling apply.
            raise AnsibleConnectionFailure(str(err)) from None

    def _run(self, primitive: Primitive, parameters: dict[str, Any], sensitive: dict[str, Credential]) -> Any:
        what_if = self.check_mode and primitive.name in HEED_WHAT_IF

        def run(twin: Twin) -> tuple[dict[str, Any], str | None]:
            answer = twin.call(primitive.name, dict(parameters, **sensitive))
            return (answer_under_what_if(primitive.name, answer) if what_if else answer), twin.lost_answer

        answer, lost = self._on_twin(run)
        if lost is not None:
            # The call took effect and the store kept it; only its answer was lost with the connection.
            raise AnsibleConnectionFailure(lost)
        return answer

    def wait(self, seconds: float) -> None:
        # The twin's clock moves instead of the controller sleeping, so a lab run stays fast and its
        # timestamps stay reproducible.
        self._on_twin(lambda twin: twin.advance(seconds))

    def reboot(self, timeout: int) -> dict[str, Any]:
        self.round_trips += 1
        return self._on_twin(lambda twin: twin.reboot())

    def fetch(self, remote_path: str, local_path: str) -> None:
        self.round_trips += 1
        self._on_twin(lambda twin: twin.fetch(remote_path, local_path))

    def put(self, local_path: str, remote_path: str) -> None:
        self.round_trips += 1
        self._on_twin(lambda twin: twin.put(local_path, remote_path))

    def simulate_wizard(
        self,
        installer_path: str,
        settings_path: str,
        sign_in_method: str,
        not_carried: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """The lab's stand-in for an operator at the wizard."""
        self.round_trips += 1
        return self._on_twin(
            lambda twin: twin.simulate_wizard(installer_path, settings_path, sign_in_method, not_carried)
        )
