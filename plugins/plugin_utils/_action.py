# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What every action plugin of the collection shares: argument checking, the Host, result shape."""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

from typing import Any, ClassVar

from ansible.plugins.action import ActionBase

from ._errors import EntraConnectError
from ._host import Host, host_for


class EntraActionBase(ActionBase):
    """Subclasses set ARGUMENT_SPEC and implement entra_run(host, args, task_vars) -> result dict.

    Every result says whether it came from the lab (``lab``) and how many calls reached the host
    (``host_round_trips``); every EntraConnectError becomes a failed result with its message.
    """

    ARGUMENT_SPEC: ClassVar[dict[str, Any]] = {}

    def async_refusal(self) -> str:
        """Why this task cannot run with ``async``; subclasses may say more."""
        return (
            f"{self._task.action} does not run as an async task: it waits for the host itself and reports "
            "progress while it waits. Remove async/poll from the task."
        )

    def run(self, tmp: Any = None, task_vars: dict[str, Any] | None = None) -> dict[str, Any]:
        self._supports_check_mode = True
        if self._task.async_val:
            return {"failed": True, "msg": self.async_refusal()}
        result = super().run(tmp, task_vars)
        del tmp
        task_vars = task_vars or {}
        # Unknown options, wrong types and bad choices fail here with Ansible's usual messages.
        args = self.validate_argument_spec(argument_spec=self.ARGUMENT_SPEC)[1]
        host = host_for(self, task_vars)
        try:
            result.update(self.entra_run(host, args, task_vars))
        except EntraConnectError as err:
            result.update(failed=True, msg=str(err))
        result["lab"] = host.is_lab
        result["host_round_trips"] = host.round_trips
        return result

    def entra_run(self, host: Host, args: dict[str, Any], task_vars: dict[str, Any]) -> dict[str, Any]:
        raise NotImplementedError
