"""The Windows host: one win_powershell call per primitive, data only in parameters."""

from __future__ import annotations

from unittest.mock import MagicMock

import pytest
from ansible.errors import AnsibleConnectionFailure
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._errors import (
    ContractError,
    HostCommandError,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host import host_for
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._lab_host import LabHost
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._primitives import PRIMITIVES
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._windows_host import WindowsHost


def windows_host(module_result: dict) -> tuple[WindowsHost, MagicMock]:
    action = MagicMock()
    action._connection = MagicMock(spec=["exec_command"])
    action._execute_module.return_value = module_result
    host = host_for(action, {"inventory_hostname": "old-sync01"})
    assert isinstance(host, WindowsHost)
    return host, action._execute_module


def test_snapshot_runs_the_script_file_with_parameters(old_state, snapshot_of) -> None:
    answer = snapshot_of(old_state)
    host, execute = windows_host({"changed": False, "result": answer})
    assert host.snapshot() == answer
    kwargs = execute.call_args.kwargs
    assert kwargs["module_name"] == "ansible.windows.win_powershell"
    args = kwargs["module_args"]
    with open(PRIMITIVES["snapshot"].script_path, encoding="utf-8") as handle:
        assert args["script"] == handle.read()
    assert set(args["parameters"]) == set(PRIMITIVES["snapshot"].parameters)
    assert args["error_action"] == "stop"
    assert host.round_trips == 1


def test_script_failure_carries_the_powershell_message() -> None:
    host = windows_host(
        {
            "failed": True,
            "msg": "Unhandled exception while executing script",
            "error": [{"exception": {"message": "The term 'Get-ADSyncScheduler' is not recognized"}}],
        }
    )[0]
    with pytest.raises(
        HostCommandError, match="^The snapshot script failed on old-sync01: The term 'Get-ADSyncScheduler'"
    ):
        host.snapshot()


def test_unreachable_module_result_raises_connection_failure() -> None:
    host = windows_host({"unreachable": True, "msg": "ntlm: HTTPSConnectionPool timed out"})[0]
    with pytest.raises(AnsibleConnectionFailure, match="timed out"):
        host.snapshot()


def test_an_answer_from_windows_is_held_to_the_same_schema() -> None:
    host = windows_host({"changed": False, "result": {"computer_name": "OLD-SYNC01"}})[0]
    with pytest.raises(ContractError, match="from windows host old-sync01"):
        host.snapshot()


def test_lab_connection_selects_the_lab_host() -> None:
    action = MagicMock()
    action._connection.is_entra_connect_lab = True
    assert isinstance(host_for(action, {"inventory_hostname": "new-sync01"}), LabHost)
