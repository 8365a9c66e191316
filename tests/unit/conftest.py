"""Run an action plugin as a task would, against a Host the test chooses."""

from __future__ import annotations

from typing import Any
from unittest.mock import MagicMock

import pytest
from ansible.playbook.play_context import PlayContext
from ansible.playbook.task import Task
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils import _action
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host import Host


@pytest.fixture
def run_action(monkeypatch):
    """run_action(module, args, host, check_mode=False, diff=False, async_val=0) -> the task result."""

    def _run(
        module: Any, args: dict[str, Any], host: Host, check_mode: bool = False, diff: bool = False, async_val: int = 0
    ):
        # Each task gets a new Host in a real run, so its round trips start at zero.
        host.round_trips = 0
        monkeypatch.setattr(_action, "host_for", lambda action, task_vars: host)
        task = MagicMock(Task)
        task.args = args
        task.check_mode = check_mode
        task.async_val = async_val
        task.diff = diff
        name = module.__name__.rsplit(".", 1)[-1]
        task.action = f"hybrid_identity.entra_connect.{name}"
        plugin = module.ActionModule(
            task, MagicMock(), PlayContext(), loader=None, templar=None, shared_loader_obj=None
        )
        plugin._load_name = task.action
        return plugin.run(task_vars={"inventory_hostname": host.name})

    return _run
