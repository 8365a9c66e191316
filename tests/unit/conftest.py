"""Run an action plugin as a task would, against a Host the test chooses."""

from __future__ import annotations

from typing import Any

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action import base as action_base
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.base import Host
from hosts import run_module


@pytest.fixture
def run_action(monkeypatch):
    """run_action(module, args, host, check_mode=False, diff=False, async_val=0) -> the task result."""

    def _run(module: Any, args: dict[str, Any], host: Host, **task: Any) -> dict[str, Any]:
        monkeypatch.setattr(action_base, "host_for", lambda action, task_vars: host)
        return run_module(module, args, host, **task)

    return _run
