"""entra_config_compare as a task runs it: the gate, fail_on, the reports, check mode, and bad input."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.action import entra_config_compare
from hosts import FakeHost

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "plugin_utils" / "_syncconfig"))
from contoso_export import PILOT, PRODUCTION, copy_side, edit, replace_once, rule_file, set_global


@pytest.fixture
def drifted(tmp_path: Path) -> Path:
    side = copy_side(PILOT, tmp_path / "side")
    edit(
        rule_file(side, "In from AD - User Common"),
        replace_once("<disabled>False</disabled>", "<disabled>True</disabled>"),
    )
    set_global(side, "Microsoft.Synchronize.StagingMode", "True")
    return side


def test_identical_servers_pass_the_gate_and_write_every_report(run_action, tmp_path: Path) -> None:
    args = {"reference": str(PRODUCTION), "difference": str(PILOT), "report_dir": str(tmp_path / "reports")}
    result = run_action(entra_config_compare, args, FakeHost())
    assert result.get("failed") is not True
    assert result["identical"] is True and result["gate"]["passed"] is True
    assert set(result["reports"]) == {"md", "json", "html"}
    assert json.loads(Path(result["reports"]["json"]).read_text())["identical"] is True
    assert result["reference"]["label"] == "CONTOSO-SYNC01" and result["difference"]["label"] != "CONTOSO-SYNC01"


def test_drift_fails_the_gate_and_the_task_only_for_the_categories_of_fail_on(run_action, drifted: Path) -> None:
    args = {
        "reference": str(PRODUCTION),
        "difference": str(drifted),
        "reference_label": "old",
        "difference_label": "new",
    }
    reported = run_action(entra_config_compare, dict(args), FakeHost())
    assert reported.get("failed") is not True
    assert reported["gate"]["passed"] is False
    assert (
        "new differs from old in 1 place(s)" in reported["gate"]["detail"] and "disabled" in reported["gate"]["detail"]
    )
    expected_only = run_action(entra_config_compare, dict(args, fail_on=["global_setting", "connector"]), FakeHost())
    assert expected_only.get("failed") is not True and expected_only["failed_categories"] == []
    failed = run_action(entra_config_compare, dict(args, fail_on=["drift"]), FakeHost())
    assert failed["failed"] is True and failed["failed_categories"] == ["sync_rule"]
    assert failed["msg"].startswith("Configuration drift in sync_rule (fail_on)")
    role = run_action(entra_config_compare, dict(args, fail_on=["server_role"]), FakeHost())
    assert role["failed"] is True and role["failed_categories"] == ["server_role"]


def test_check_mode_compares_and_writes_nothing(run_action, drifted: Path, tmp_path: Path) -> None:
    args = {"reference": str(PRODUCTION), "difference": str(drifted), "report_dir": str(tmp_path / "reports")}
    result = run_action(entra_config_compare, args, FakeHost(), check_mode=True)
    assert result["identical"] is False and result["reports"] == {}
    assert not (tmp_path / "reports").exists()


def test_bad_input_fails_the_task_with_the_file_named_and_no_report(run_action, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    args = {
        "reference": str(PRODUCTION),
        "difference": str(tmp_path / "empty"),
        "report_dir": str(tmp_path / "reports"),
    }
    result = run_action(entra_config_compare, args, FakeHost())
    assert result["failed"] is True and str(tmp_path / "empty") in result["msg"]
    assert not (tmp_path / "reports").exists()


def test_a_connector_map_naming_an_unknown_connector_is_refused(run_action) -> None:
    args = {
        "reference": str(PRODUCTION),
        "difference": str(PILOT),
        "connector_map": {"contoso.cmo": "corp.contoso.com"},
    }
    result = run_action(entra_config_compare, args, FakeHost())
    assert result["failed"] is True and "['contoso.cmo'] not in" in result["msg"]
