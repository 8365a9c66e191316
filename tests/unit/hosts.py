"""Hosts for unit tests of the action plugins: a queue of answers, or an in-memory twin."""

from __future__ import annotations

import copy
from typing import Any
from unittest.mock import MagicMock

from ansible.playbook.play_context import PlayContext
from ansible.playbook.task import Task
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.base import Host
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.lab import LabHost
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._lab.store import MemoryTwinStore
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._lab.twin import Twin


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


class TwinHost(LabHost):
    """The lab host over an in-memory twin store: the lab's behaviour without files or a connection.

    Records every primitive call, wait, reboot, fetch, put and simulated wizard, and the connection resets.
    """

    def __init__(
        self, state: dict[str, Any], name: str = "old-sync01", tenants: dict[str, dict[str, Any]] | None = None
    ) -> None:
        super().__init__(name, MemoryTwinStore(copy.deepcopy(state), tenants))
        self.calls: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
        self.waits: list[float] = []
        self.resets = 0
        self._drop_before: set[str] = set()

    @property
    def twin(self) -> Twin:
        """The twin over the store's live state, for a test to inject a fault or read the outcome."""
        return Twin(self.store.state, self.store)

    def drop_before(self, primitive: str) -> None:
        """Lose the next call of ``primitive`` before it reaches the twin, as the twin's ``drop_calls`` fault
        loses a call: injected just before that call, so the calls before it get through."""
        self._drop_before.add(primitive)

    def _run(self, primitive, parameters, sensitive):
        self.calls.append((primitive.name, copy.deepcopy(parameters), sensitive))
        if primitive.name in self._drop_before:
            self._drop_before.discard(primitive.name)
            faults = self.store.state.setdefault("faults", {})
            faults["drop_calls"] = faults.get("drop_calls", 0) + 1
        return super()._run(primitive, parameters, sensitive)

    def wait(self, seconds: float) -> None:
        self.waits.append(seconds)
        super().wait(seconds)

    def reboot(self, timeout: int) -> dict[str, Any]:
        self.calls.append(("reboot", {"timeout": timeout}, {}))
        return super().reboot(timeout)

    def fetch(self, remote_path: str, local_path: str) -> None:
        self.calls.append(("fetch", {"remote_path": remote_path}, {}))
        super().fetch(remote_path, local_path)

    def put(self, local_path: str, remote_path: str) -> None:
        self.calls.append(("put", {"remote_path": remote_path}, {}))
        super().put(local_path, remote_path)

    def simulate_wizard(
        self,
        installer_path: str,
        settings_path: str,
        sign_in_method: str,
        not_carried: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        self.calls.append(("simulate_wizard", {"settings_path": settings_path, "not_carried": not_carried}, {}))
        return super().simulate_wizard(installer_path, settings_path, sign_in_method, not_carried)

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
