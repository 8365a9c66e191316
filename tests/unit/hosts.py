"""Hosts for unit tests of the action plugins: a queue of answers, or an in-memory twin."""

from __future__ import annotations

import copy
from typing import Any

from ansible.errors import AnsibleConnectionFailure
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


class TwinHost(Host):
    """A host backed by an in-memory twin: the lab's behaviour without files or a connection.

    Records every primitive call, wait, reboot and fetch, and the connection resets.
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

    def reset(self) -> None:
        self.resets += 1

    @property
    def primitives(self) -> list[str]:
        return [call[0] for call in self.calls]
