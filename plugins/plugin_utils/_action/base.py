# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The base classes of the collection's action plugins.

- ``EntraControllerAction``: a module that runs on the controller only (plan, report, analysis). It
  validates its options against the spec derived from its docs and turns every EntraConnectError into a
  failed result with its message. Every result carries ``decisions`` (sentences), ``evidence`` (what
  they rest on) and ``controller_time``; the report shows them as they are.
- ``EntraHostAction``: a module that reads or changes a server through the Host seam; its result also
  says whether it came from the lab (``lab``) and how many calls reached the host
  (``host_round_trips``).

Secrets (``argspec.py``): an option that holds one is never echoed, whatever is wrong with it. A bad
option fails the task with a result that names the option and what is wrong, not with Ansible's
``validate_argument_spec``, whose exception carries the options for Ansible to print. The result,
``invocation`` included, has every secret hidden, and so has the task's own data, which Ansible prints
beside any failure of an ad hoc task.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import datetime
from collections.abc import MutableMapping
from typing import Any, ClassVar

from ansible.plugins.action import ActionBase

from .._common.dates import UTC, format_utc
from .._common.errors import EntraConnectError
from .._host.base import Host
from .._host.lab import LabHost
from .._host.windows import WindowsHost
from .argspec import argument_spec, check_args, hide, secret_values, shown_args


def is_lab_connection(connection: Any) -> bool:
    return bool(getattr(connection, "is_entra_connect_lab", False))


def host_for(action: ActionBase, task_vars: dict[str, Any]) -> Host:
    """The Host behind an action plugin's task: the lab twin on the lab connection, Windows otherwise."""
    name = task_vars.get("inventory_hostname", "") or "localhost"
    connection: Any = action._connection
    if is_lab_connection(connection):
        # Check mode reaches the lab as it reaches win_powershell: from the task.
        return LabHost(name, connection.twin_store(), check_mode=bool(action._task.check_mode))
    return WindowsHost(name, action, task_vars)


class EntraControllerAction(ActionBase):
    """Subclasses implement ``entra_run(args, task_vars) -> result``; the options come from the docs."""

    ARGUMENT_SPEC: ClassVar[dict[str, Any]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.__module__.rpartition(".")[0].endswith(".plugins.action"):
            cls.ARGUMENT_SPEC = argument_spec(cls.__module__)
            # Ansible refuses any other option before the plugin runs.
            cls._VALID_ARGS = frozenset(cls.ARGUMENT_SPEC)

    def async_refusal(self) -> str:
        """Why this task cannot run with ``async``."""
        if "reboot" in self.ARGUMENT_SPEC and self._task.args.get("reboot"):
            module = self._task.action.rsplit(".", 1)[-1]
            return (
                f"{module} cannot reboot in an async task: the restart drops the connection the async job reports "
                "through. Remove async/poll, or set reboot: false and restart with ansible.windows.win_reboot."
            )
        return (
            f"{self._task.action} does not run as an async task: it waits for the host itself and reports "
            "progress while it waits. Remove async/poll from the task."
        )

    def run(self, tmp: Any = None, task_vars: dict[str, Any] | None = None) -> dict[str, Any]:
        self._supports_check_mode = True
        secrets = secret_values(self.ARGUMENT_SPEC, self._task.args)
        self.hide_secrets_of_task()
        if self._task.async_val:
            return {"failed": True, "msg": self.async_refusal()}
        # Unknown options, wrong types and bad choices fail here, before Ansible's own check of the option
        # names: a failed result names what is wrong and never holds a secret (argspec.check_args).
        args, errors = check_args(self.ARGUMENT_SPEC, self._task.args, self._task.action)
        if errors:
            return {"failed": True, "msg": "; ".join(errors), "decisions": [], "evidence": {}}
        result: dict[str, Any] = super().run(tmp, task_vars)
        del tmp
        task_vars = task_vars or {}
        started = format_utc(datetime.datetime.now(UTC))
        result.update(self.guarded(args, task_vars))
        # What the run decided and on what evidence, in sentences the report shows as they are; and when the task
        # ran by the controller's clock, which the report's phase times come from.
        result.setdefault("decisions", [])
        result.setdefault("evidence", {})
        result["controller_time"] = {"started": started, "ended": format_utc(datetime.datetime.now(UTC))}
        if "invocation" in result:
            result["invocation"] = {"module_args": shown_args(self.ARGUMENT_SPEC, self._task.args)}
        hidden: dict[str, Any] = hide(result, secrets)
        return hidden

    def hide_secrets_of_task(self) -> None:
        """Hide the secrets in the task as Ansible shows it beside a failure.

        When a task fails, Ansible prints the task itself next to the message; for an ad hoc task (and any
        task without a file to quote) that is the task's data, options included. The data is only shown
        from here on (the options the plugin runs with are ``self._task.args``), so its options are
        replaced with the same options with their secrets hidden."""
        data = self._task.get_ds()
        if not isinstance(data, MutableMapping):
            return
        for key in ("args", self._task.action):
            if isinstance(data.get(key), dict):
                data[key] = shown_args(self.ARGUMENT_SPEC, data[key])

    def guarded(self, args: dict[str, Any], task_vars: dict[str, Any]) -> dict[str, Any]:
        try:
            return self.entra_run(args, task_vars)
        except EntraConnectError as err:
            return {"failed": True, "msg": str(err)}

    def entra_run(self, args: dict[str, Any], task_vars: dict[str, Any]) -> dict[str, Any]:
        raise NotImplementedError


class EntraHostAction(EntraControllerAction):
    """Subclasses implement ``entra_host_run(host, args, task_vars) -> result``."""

    def guarded(self, args: dict[str, Any], task_vars: dict[str, Any]) -> dict[str, Any]:
        host = host_for(self, task_vars)
        try:
            result = self.entra_host_run(host, args, task_vars)
        except EntraConnectError as err:
            result = {"failed": True, "msg": str(err)}
        # A connection that dropped and what followed (a read run again, a write confirmed by a fresh read) is
        # part of the evidence: the migration report lists it with the task's decisions.
        return dict(
            result, lab=host.is_lab, host_round_trips=host.round_trips, connection_events=list(host.connection_events)
        )

    def entra_host_run(self, host: Host, args: dict[str, Any], task_vars: dict[str, Any]) -> dict[str, Any]:
        raise NotImplementedError
