"""Hosts for unit tests of the action plugins: a queue of answers, or an in-memory twin."""

from __future__ import annotations

import copy
from typing import Any
from unittest.mock import MagicMock

from ansible.errors import AnsibleConnectionFailure
from ansible.playbook.play_context import PlayContext
from ansible.playbook.task import Task
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host import Host
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._lab_twin import LabUnreachableError, Twin


class FakeHost(Host):
    """Answers each primitive from a queue; an exception in the queue is raised instead."""

    kind = "lab"

    def __init__(self, *answers: Any) -> None:
        super().__init__("old-sync01")
        self.answers = list(answers)
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def _run(self, primitive, parameters, sensitive):
        self.calls.append((primitive.name, parameters))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    def wait(self, seconds: float) -> None:
        raise AssertionError("this test does not expect waiting")

    def reboot(self, timeout: int) -> dict[str, Any]:
        raise AssertionError("this test does not expect a reboot")

    def fetch(self, remote_path: str, local_path: str) -> None:
        raise AssertionError("this test does not expect a fetch")

    def put(self, local_path: str, remote_path: str) -> None:
        raise AssertionError("this test does not expect a put")


class TwinHost(Host):
    """A host backed by an in-memory twin: the lab's behaviour without files or a connection.

    Records every primitive call, wait, reboot, fetch, put and simulated wizard, and the connection resets.
    """

    kind = "lab"

    def __init__(self, state: dict[str, Any], name: str = "old-sync01", path: str = "memory") -> None:
        super().__init__(name)
        self.twin = Twin(path, copy.deepcopy(state))
        self.calls: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
        self.waits: list[float] = []
        self.resets = 0

    def _run(self, primitive, parameters, sensitive):
        self.calls.append((primitive.name, copy.deepcopy(parameters), sensitive))
        try:
            return self.twin.call(primitive.name, dict(parameters, **sensitive))
        except LabUnreachableError as err:
            raise AnsibleConnectionFailure(str(err)) from None

    def wait(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.twin.advance(seconds)

    def reboot(self, timeout: int) -> dict[str, Any]:
        self.round_trips += 1
        self.calls.append(("reboot", {"timeout": timeout}, {}))
        return self.twin.reboot()

    def fetch(self, remote_path: str, local_path: str) -> None:
        self.round_trips += 1
        self.calls.append(("fetch", {"remote_path": remote_path}, {}))
        self.twin.fetch(remote_path, local_path)

    def put(self, local_path: str, remote_path: str) -> None:
        self.round_trips += 1
        self.calls.append(("put", {"remote_path": remote_path}, {}))
        self.twin.put(local_path, remote_path)

    def simulate_wizard(self, installer_path: str, settings_path: str, sign_in_method: str) -> dict[str, Any]:
        self.round_trips += 1
        self.calls.append(("simulate_wizard", {"settings_path": settings_path}, {}))
        return self.twin.simulate_wizard(installer_path, settings_path, sign_in_method)

    def reset(self) -> None:
        self.resets += 1

    @property
    def primitives(self) -> list[str]:
        return [call[0] for call in self.calls]


def run_module(
    module: Any,
    args: dict[str, Any],
    host: Host,
    check_mode: bool = False,
    diff: bool = False,
    async_val: int = 0,
    task_vars: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Run an action plugin as a task would; the caller makes host_for return ``host``."""
    # Each task gets a new Host in a real run, so its round trips start at zero.
    host.round_trips = 0
    task = MagicMock(Task)
    task.args = args
    task.check_mode = check_mode
    task.async_val = async_val
    task.diff = diff
    task.action = f"hybrid_identity.entra_connect.{module.__name__.rsplit('.', 1)[-1]}"
    plugin = module.ActionModule(task, MagicMock(), PlayContext(), loader=None, templar=None, shared_loader_obj=None)
    plugin._load_name = task.action
    return plugin.run(task_vars=dict(task_vars or {}, inventory_hostname=host.name))
