"""The twin's state file handling and its model of a server's documented behaviour."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import (
    HostCommandError,
    LabStateError,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.primitives import snapshot_parameters
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._lab.faults import LabUnreachableError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._lab.store import FileTwinStore, load_state
from lab_twins import twin_of


def test_missing_state_file_names_the_path_and_the_fix(tmp_path) -> None:
    path = str(tmp_path / "nope.json")
    reset = "`ansible-playbook hybrid_identity.entra_connect.lab_reset`"
    with pytest.raises(LabStateError, match=f"^Lab state file {path} does not exist. Reset the lab with {reset}"):
        load_state(path)


def test_unset_state_file_names_the_variable() -> None:
    with pytest.raises(LabStateError, match="entra_lab_state_file"):
        load_state("")


def test_corrupt_state_file_is_named(tmp_path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"computer_name": ')
    with pytest.raises(LabStateError, match=f"^Lab state file {path} is not valid JSON"):
        load_state(str(path))


def test_state_breaking_the_format_names_the_field(old_state, write_state) -> None:
    old_state["entra_connect"]["scheduler"]["StagingModeEnabled"] = True
    path = write_state(old_state)
    with pytest.raises(LabStateError, match="at field 'entra_connect.scheduler'"):
        load_state(path)


def test_staging_mode_is_stored_once_and_refused_in_global_settings(old_state, write_state) -> None:
    old_state["entra_connect"]["global_settings"]["Microsoft.Synchronize.StagingMode"] = "True"
    with pytest.raises(LabStateError, match="is not a valid lab state at field 'entra_connect.global_settings'"):
        load_state(write_state(old_state))


def test_staging_mode_shows_in_scheduler_and_global_setting(old_state) -> None:
    old_state["entra_connect"]["staging_mode"] = True
    adsync = twin_of(old_state).call("snapshot", snapshot_parameters())["adsync"]
    assert adsync["scheduler"]["StagingModeEnabled"] is True
    assert adsync["global_settings"]["Microsoft.Synchronize.StagingMode"] == "True"


def test_snapshot_returns_only_the_requested_settings_and_runs(old_state) -> None:
    parameters = {
        "ProductDisplayNames": ["Microsoft Entra Connect Sync"],
        "GlobalSettingNames": ["Nope"],
        "RunHistoryCount": 2,
        "MarkerPath": "HKLM:\\SOFTWARE\\hybrid_identity\\entra_connect",
    }
    answer = twin_of(old_state).call("snapshot", parameters)
    # The product's uninstall entry has another DisplayName; the wizard key still shows it is installed.
    assert answer["uninstall_entries"] == []
    assert answer["wizard"]["file_version"] == "1.6.16.0"
    assert answer["adsync"]["global_settings"] == {"Nope": None}
    assert [r["run_profile_name"] for r in answer["adsync"]["run_history"]] == ["Export", "Export"]
    assert answer["adsync"]["run_history"][0]["connector_name"] == "contoso.com"


def test_stopped_service_means_cmdlets_fail_but_service_is_reported(old_state) -> None:
    old_state["entra_connect"]["service"]["status"] = "Stopped"
    answer = twin_of(old_state).call("snapshot", snapshot_parameters())
    assert answer["adsync_service"]["status"] == "Stopped"
    assert answer["adsync"]["error"] and answer["adsync"]["scheduler"] is None


def test_unreachable_fault(old_state) -> None:
    old_state["faults"] = {"unreachable": True}
    with pytest.raises(LabUnreachableError, match="OLD-SYNC01 does not answer"):
        twin_of(old_state).call("snapshot", snapshot_parameters())


def test_injected_primitive_error_reads_like_a_script_failure(old_state) -> None:
    old_state["faults"] = {"primitive_errors": {"snapshot": "Access is denied"}}
    with pytest.raises(HostCommandError, match="^The snapshot script failed on OLD-SYNC01: Access is denied$"):
        twin_of(old_state).call("snapshot", snapshot_parameters())


def test_reading_leaves_the_state_file_byte_identical(old_state, write_state) -> None:
    path = write_state(old_state)
    before = (Path(path).read_bytes(), os.stat(path).st_mtime_ns)
    FileTwinStore(path).transact(lambda twin: twin.call("snapshot", snapshot_parameters()))
    assert (Path(path).read_bytes(), os.stat(path).st_mtime_ns) == before


def test_a_change_is_saved_deterministically(old_state, write_state) -> None:
    path = write_state(old_state)
    FileTwinStore(path).transact(lambda twin: twin.state["entra_connect"].update(staging_mode=True))
    saved = json.loads(Path(path).read_text())
    expected = copy.deepcopy(old_state)
    expected["entra_connect"]["staging_mode"] = True
    assert saved == expected
    assert Path(path).read_text() == json.dumps(expected, indent=2, sort_keys=True) + "\n"
