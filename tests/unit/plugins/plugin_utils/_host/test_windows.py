"""The Windows host: one win_powershell call per primitive, data only in parameters."""

from __future__ import annotations

import dataclasses
from unittest.mock import MagicMock

import pytest
from ansible.errors import AnsibleConnectionFailure
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action.base import host_for
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import (
    ContractError,
    HostCommandError,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.base import READ_RETRIES
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.lab import LabHost
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.primitives import PRIMITIVES
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.windows import WindowsHost
from lab_twins import ROOT


def windows_host(module_result: dict) -> tuple[WindowsHost, MagicMock]:
    action = MagicMock()
    action._connection = MagicMock(spec=["exec_command", "reset"])
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
    host, execute = windows_host({"unreachable": True, "msg": "ntlm: HTTPSConnectionPool timed out"})
    with pytest.raises(AnsibleConnectionFailure, match="timed out"):
        host.snapshot()
    # A read is retried READ_RETRIES times, each after a reset, before the lost connection reaches the task.
    assert execute.call_count == host.round_trips == 1 + READ_RETRIES
    assert host.connection_retries == READ_RETRIES


def test_an_answer_from_windows_is_held_to_the_same_schema() -> None:
    host = windows_host({"changed": False, "result": {"computer_name": "OLD-SYNC01"}})[0]
    with pytest.raises(ContractError, match="from windows host old-sync01"):
        host.snapshot()


def test_lab_connection_selects_the_lab_host() -> None:
    action = MagicMock()
    action._connection.is_entra_connect_lab = True
    assert isinstance(host_for(action, {"inventory_hostname": "new-sync01"}), LabHost)


def _windows_host_with(results: list) -> tuple[WindowsHost, MagicMock]:
    action = MagicMock()
    action._connection = MagicMock(spec=["exec_command", "reset", "fetch_file"])
    action._execute_module.side_effect = results
    return WindowsHost("old-sync01", action, {"inventory_hostname": "old-sync01"}), action


def test_credentials_travel_only_in_sensitive_parameters(monkeypatch) -> None:
    # No shipped primitive takes a credential today (no ADSync cmdlet the scripts call has one); the route stays
    # for one that does, declared as ``sensitive`` and kept out of ``parameters``.
    staging = PRIMITIVES["staging_write"]
    monkeypatch.setitem(PRIMITIVES, "staging_write", dataclasses.replace(staging, sensitive=("AdminCredential",)))
    host, action = _windows_host_with(
        [
            {
                "changed": True,
                "result": {
                    "now_utc": "2026-11-21T10:00:00.0000000Z",
                    "busy": False,
                    "scheduler_restored": None,
                    "restore_error": None,
                },
            }
        ]
    )
    credential = {"username": "admin@contoso.onmicrosoft.com", "password": "S3cret!"}
    parameters = {
        "StagingSettingName": "Microsoft.Synchronize.StagingMode",
        "StagingMode": True,
        "PauseScheduler": False,
    }
    host.call("staging_write", parameters, sensitive={"AdminCredential": credential})
    args = action._execute_module.call_args.kwargs["module_args"]
    assert args["parameters"] == parameters
    assert args["sensitive_parameters"] == [
        {"name": "AdminCredential", "username": "admin@contoso.onmicrosoft.com", "password": "S3cret!"}
    ]


def test_no_primitive_takes_a_credential_the_server_would_ignore() -> None:
    assert [name for name, primitive in PRIMITIVES.items() if primitive.sensitive] == []


def test_a_read_that_loses_its_connection_is_retried_after_a_reset() -> None:
    status = {
        "computer_name": "OLD-SYNC01",
        "now_utc": "2026-11-21T10:00:00.0000000Z",
        "installed": False,
        "scheduler": None,
        "staging_mode_setting": None,
        "connectors": [],
        "running_connectors": [],
        "recent_runs": [],
    }
    host, action = _windows_host_with(
        [{"unreachable": True, "msg": "connection reset"}, {"changed": False, "result": status}]
    )
    retried = []
    answer = host.call(
        "sync_status",
        {"StagingSettingName": "x", "RunHistoryCount": 5},
        retries=3,
        on_retry=lambda n, e: retried.append((n, e)),
    )
    assert answer == status and retried == [(1, "connection reset")]
    action._connection.reset.assert_called_once_with()
    assert host.round_trips == 2


def test_a_write_is_never_retried() -> None:
    host = _windows_host_with([])[0]
    with pytest.raises(ValueError, match="sync_start writes; only reads may be retried"):
        host.call("sync_start", {"PolicyType": "Delta"}, retries=1)


def test_parameters_outside_the_declaration_never_reach_the_host() -> None:
    host, action = _windows_host_with([])
    with pytest.raises(ValueError, match="scheduler_write takes"):
        host.call("scheduler_write", {"SchedulerSuspended": False})
    action._execute_module.assert_not_called()


def test_fetch_uses_the_connection_and_counts_a_round_trip(tmp_path) -> None:
    host, action = _windows_host_with([])
    host.fetch("C:\\ProgramData\\AADConnect\\x.json", str(tmp_path / "x.json"))
    action._connection.fetch_file.assert_called_once_with(
        "C:\\ProgramData\\AADConnect\\x.json", str(tmp_path / "x.json")
    )
    assert host.round_trips == 1


def _with_real_action_loader(action: MagicMock) -> None:
    """The plugin loader a task really has, and a real task: what win_reboot is run with."""
    from ansible.playbook.play_context import PlayContext
    from ansible.playbook.task import Task
    from ansible.plugins.loader import action_loader

    action._shared_loader_obj.action_loader = action_loader
    action._task = Task()
    action._task.action = "hybrid_identity.entra_connect.entra_tls12"
    action._task.args = {"reboot": True}
    action._play_context = PlayContext()
    # What ActionBase.run asks of any connection before an action runs.
    action._connection._shell = MagicMock(tmpdir="C:\\Temp")


def test_reboot_runs_the_public_win_reboot_action_on_the_task_connection(monkeypatch) -> None:
    from ansible_collections.ansible.windows.plugins.action import win_reboot

    host, action = _windows_host_with([])
    _with_real_action_loader(action)
    calls = []
    monkeypatch.setattr(
        win_reboot, "reboot_host", lambda *a, **k: calls.append((a, k)) or {"failed": False, "rebooted": True}
    )
    assert host.reboot(900)["rebooted"] is True
    # win_reboot's own option parsing ran (a float), on this task's connection.
    assert calls == [(("hybrid_identity.entra_connect.entra_tls12", action._connection), {"reboot_timeout": 900.0})]
    # The task itself is left as it was.
    assert action._task.args == {"reboot": True}
    assert host.round_trips == 1


def test_a_failed_reboot_names_the_host_and_the_reason(monkeypatch) -> None:
    from ansible_collections.ansible.windows.plugins.action import win_reboot

    host, action = _windows_host_with([])
    _with_real_action_loader(action)
    monkeypatch.setattr(
        win_reboot, "reboot_host", lambda *a, **k: {"failed": True, "msg": "Timed out waiting for boot"}
    )
    with pytest.raises(HostCommandError, match="^Rebooting old-sync01 failed: Timed out waiting for boot$"):
        host.reboot(900)


def test_the_collection_never_imports_ansible_windows_private_code() -> None:

    plugins = ROOT / "plugins"
    offenders = [
        str(path.relative_to(plugins))
        for path in plugins.rglob("*.py")
        if "ansible.windows.plugins.plugin_utils" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_a_write_that_loses_its_connection_is_confirmed_by_a_fresh_read_and_never_sent_again() -> None:
    status = {
        "computer_name": "OLD-SYNC01",
        "now_utc": "2026-11-21T10:00:00.0000000Z",
        "installed": True,
        "scheduler": None,
        "staging_mode_setting": None,
        "connectors": [],
        "running_connectors": [],
        "recent_runs": [],
    }
    host, action = _windows_host_with(
        [{"unreachable": True, "msg": "connection reset"}, {"changed": False, "result": status}]
    )
    with pytest.raises(HostCommandError, match=r"a fresh sync_status read shows it did not take effect"):
        host.write("scheduler_write", {"SyncCycleEnabled": False})
    scripts = [call.kwargs["module_args"]["script"] for call in action._execute_module.call_args_list]
    assert scripts == [_script("scheduler_write"), _script("sync_status")]
    action._connection.reset.assert_called_once_with()


def _script(name: str) -> str:
    with open(PRIMITIVES[name].script_path, encoding="utf-8") as handle:
        return handle.read()
