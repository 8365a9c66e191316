"""The configuration comparison as an operator runs it on the lab: compare_servers.yml, backup.yml, and the
cutover's configuration gate."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import INVENTORY, LabFiles

HA_ACTIVE, HA_STAGING = "ha-sync01", "ha-sync02"


def _drift(lab: LabFiles, host: str) -> str:
    """Disable the custom rule of a lab server by hand, as an operator might in the Rules Editor."""
    state = lab.state(host)
    rule = next(r for r in state["entra_connect"]["sync_rules"] if not r.get("immutable_tag"))
    rule["disabled"] = not rule["disabled"]
    lab.write(host, state)
    return str(rule["name"])


def test_the_ha_pair_compares_identical_but_for_its_roles(play, lab_dir: Path) -> None:
    run = play("compare_servers.yml", "-e", f"compare_reference={HA_ACTIVE}", "-e", f"compare_difference={HA_STAGING}")
    assert run.rc == 0, run.stderr
    result = run.results("Compare")[HA_STAGING]
    assert result["identical"] is True
    assert result["summary"]["server_role"] >= 1
    assert {d["object"] for d in result["differences"]} >= {"Microsoft.Synchronize.StagingMode"}
    assert all(d["expected"] for d in result["differences"])
    reports = result["reports"]
    assert set(reports) == {"md", "json", "html"}
    assert all(Path(path).is_file() and str(path).startswith(str(lab_dir)) for path in reports.values())
    assert json.loads(Path(reports["json"]).read_text())["identical"] is True
    assert "IDENTICAL" in Path(reports["md"]).read_text()


def test_a_rule_changed_by_hand_is_drift_named_in_the_outcome(play, lab: LabFiles) -> None:
    name = _drift(lab, HA_STAGING)
    run = play(
        "compare_servers.yml",
        "-e",
        f"compare_reference={HA_ACTIVE}",
        "-e",
        f"compare_difference={HA_STAGING}",
        "-e",
        '{"compare_fail_on": ["drift"]}',
    )
    assert run.rc != 0
    result = run.results("Compare")[HA_STAGING]
    assert result["identical"] is False and result["failed_categories"] == ["sync_rule"]
    (drift,) = [d for d in result["differences"] if not d["expected"]]
    assert (drift["field"], drift["object"].endswith(name)) == ("disabled", True)
    assert name in result["msg"]


def test_one_computer_under_two_inventory_names_is_not_compared_with_itself(play, tmp_path: Path) -> None:
    inventory = tmp_path / "hosts.yml"
    inventory.write_text(
        (INVENTORY / "hosts.yml").read_text()
        + "other_names:\n  hosts:\n    ha-sync01-fqdn:\n"
        + '      entra_lab_state_file: "{{ entra_lab_dir }}/ha-sync01.json"\n'
    )
    (tmp_path / "group_vars").symlink_to(INVENTORY / "group_vars")
    run = play(
        "compare_servers.yml",
        "-e",
        "compare_reference=ha-sync01",
        "-e",
        "compare_difference=ha-sync01-fqdn",
        inventory=inventory,
    )
    assert run.rc != 0
    failed = run.results("Refuse to compare a server with itself")["ha-sync01-fqdn"]
    assert "are the same server (HA-SYNC01)" in failed["msg"]


def test_compare_servers_without_a_server_says_what_to_set(play) -> None:
    run = play("compare_servers.yml", "-e", f"compare_difference={HA_STAGING}")
    assert run.rc != 0
    assert "compare_baseline" in run.results("Name two servers, or a server and a baseline")["localhost"]["msg"]


def test_backups_keep_their_count_and_report_drift_since_the_previous_one(play, lab: LabFiles, lab_dir: Path) -> None:
    hosts = ("-e", f"backup_hosts={HA_ACTIVE}:{HA_STAGING}", "-e", "backup_keep=2")
    first = play("backup.yml", *hosts)
    assert first.rc == 0, first.stderr
    assert all(result.get("skipped") for result in first.results("Compare with the previous backup").values())
    second = play("backup.yml", *hosts)
    assert all(result["identical"] for result in second.results("Compare with the previous backup").values())
    name = _drift(lab, HA_ACTIVE)
    third = play("backup.yml", *hosts)
    drift = third.results("Compare with the previous backup")
    assert drift[HA_STAGING]["identical"] is True
    assert drift[HA_ACTIVE]["identical"] is False and name in drift[HA_ACTIVE]["gate"]["detail"]
    said = third.results("Say what was backed up and what changed")[HA_ACTIVE]["msg"]
    assert "DRIFT since the previous backup" in said
    backups = lab_dir / "backups"
    for computer in ("HA-SYNC01", "HA-SYNC02"):
        assert len(list(backups.glob(f"{computer}-server-configuration-*.zip"))) == 2
    assert list((backups / "drift").glob("HA-SYNC01-*-drift.md"))
    # The newest backup of the changed server is a baseline for compare_servers.yml.
    newest = sorted(backups.glob("HA-SYNC01-server-configuration-*.zip"))[-1]
    against = play("compare_servers.yml", "-e", f"compare_difference={HA_ACTIVE}", "-e", f"compare_baseline={newest}")
    assert against.rc == 0 and against.results("Compare")[HA_ACTIVE]["differences"] == []


def test_a_new_server_whose_configuration_drifted_stops_before_the_cutover(play, lab: LabFiles) -> None:
    """The simulated operator forgets to create the custom run profile again: the comparison finds it, the cutover
    stops before any change, and once the profile is there the run goes on."""
    target = lab.state("new-sync01")
    target["lab_operator"] = {"forgets": ["custom_run_profile"]}
    lab.write("new-sync01", target)
    run = play("swing_migration.yml")
    assert run.rc != 0
    gate = run.results("Judge the evidence gates on the server to make active")["new-sync01"]
    (configuration,) = [g for g in gate["gates"] if g["name"] == "configuration"]
    assert configuration["passed"] is False and "run_profile[Delta Import OU=Sales]" in configuration["detail"]
    assert lab.state("old-sync01")["entra_connect"]["staging_mode"] is False
    assert lab.state("new-sync01")["entra_connect"]["staging_mode"] is True
    # The operator creates the profile on the new server; the next run compares afresh and cuts over.
    fixed = lab.state("new-sync01")
    profiles = fixed["entra_connect"]["connector_settings"]
    ad = next(c["identifier"] for c in fixed["entra_connect"]["connectors"] if c["type"] == "AD")
    profiles[ad]["run_profiles"].append("Delta Import OU=Sales")
    lab.write("new-sync01", fixed)
    again = play("swing_migration.yml")
    assert again.rc == 0, again.stderr
    assert lab.state("new-sync01")["entra_connect"]["staging_mode"] is False
