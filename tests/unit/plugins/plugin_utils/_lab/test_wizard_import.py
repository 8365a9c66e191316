"""The simulated wizard's import and operator: what the settings import carries to the new server [S6], what the
operator re-applies by hand from the worksheet, and the configuration the new server ends up with."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.export_settings import (
    APPLIED_PATTERN,
    DEFAULT_FOLDER,
    GAP_SETTINGS,
    not_carried,
)
from export_reading import canonical, exported
from hosts import TwinHost
from lab_twins import ROOT, seed_tenants

AD_ID = "5d4b8a11-7c55-4f0e-9a3b-1f2e6a9c0d21"
ENTRA_ID = "b891884f-051e-4a83-95af-2544101c9083"
STAGING = "C:\\EntraConnectMigration"
INSTALLER = f"{STAGING}\\AzureADConnect.msi"
SETTINGS = f"{STAGING}\\settings"
OLDER_POLICY = "C:\\ProgramData\\AADConnect\\Applied-SynchronizationPolicy-20250311-100255.json"
CUSTOM_PROFILE = "Delta Import OU=Sales"
DEVICE_WRITEBACK = "Microsoft.OptionalFeature.DeviceWriteBack"
SIGN_ON = "Microsoft.UserSignIn.SignOnMethod"
# A rule with content of its own, so what arrives on the new server was carried, not derived there again.
CARRIED_CONTENT = {
    "description": "Mail from the HR system's attribute",
    "link_type": "Join",
    "scoping": [[{"attribute": "employeeType", "operator": "EQUAL", "value": "Staff"}]],
    "join": [],
    "mappings": [
        {
            "dest": "mail",
            "sources": ["extensionAttribute5"],
            "flow_type": "Expression",
            "expression": "LCase([extensionAttribute5])",
            "constant": None,
            "execute_once": False,
            "merge_type": "Update",
        }
    ],
}


def _read(host: TwinHost) -> dict[str, Any]:
    """What entra_export_settings reads of the old server, from which it lists what the export does not carry."""
    return host.call(
        "settings_read",
        {"Folder": DEFAULT_FOLDER, "FilePatterns": [APPLIED_PATTERN], "GlobalSettingNames": list(GAP_SETTINGS)},
    )


def _settings_file(old: TwinHost, tmp_path: Path, kind: str) -> Path:
    """The settings file the swing takes from the old server: its newest applied policy, or a fresh export."""
    local = tmp_path / f"settings-{kind}"
    if kind == "fresh":
        archive = old.call("settings_export", {"Folder": DEFAULT_FOLDER})["archive"]
        old.fetch(archive["path"], str(local))
    else:
        newest = max(_read(old)["files"], key=lambda f: f["last_write_utc"])
        old.fetch(newest["path"], str(local))
    return local


def _install(new: TwinHost, settings: Path, gaps: list[dict[str, Any]], sign_in: str = "PasswordHashSync") -> dict:
    new.call("directory_create", {"Path": STAGING})
    new.put(str(ROOT / "lab" / "installer" / "AzureADConnect.msi"), INSTALLER)
    new.put(str(settings), SETTINGS)
    return new.simulate_wizard(INSTALLER, SETTINGS, sign_in, gaps)


@pytest.fixture
def pair(seed):
    def _pair(old_edit=None, new_edit=None) -> tuple[TwinHost, TwinHost]:
        old_state, new_state = seed("old-sync01"), seed("new-sync01")
        for state, edit in ((old_state, old_edit), (new_state, new_edit)):
            if edit:
                edit(state)
        tenants = seed_tenants()
        return TwinHost(old_state, "old-sync01", tenants), TwinHost(new_state, "new-sync01", tenants)

    return _pair


def _product(host: TwinHost) -> dict[str, Any]:
    return host.twin.state["entra_connect"]


def _with_carried_content(state: dict[str, Any]) -> None:
    rule = next(r for r in state["entra_connect"]["sync_rules"] if r["name"] == "In from AD - User Custom Mail")
    rule.update(copy.deepcopy(CARRIED_CONTENT))
    state["entra_connect"]["global_settings"]["Microsoft.SynchronizationOption.UPNAttribute"] = "mail"


def test_the_import_carries_rules_with_their_content_partitions_and_settings(pair, tmp_path) -> None:
    old, new = pair(old_edit=_with_carried_content)
    source = copy.deepcopy(_product(old))
    _install(new, _settings_file(old, tmp_path, "fresh"), [], sign_in="PassThroughAuthentication")
    target = _product(new)
    carried = next(r for r in target["sync_rules"] if r["name"] == "In from AD - User Custom Mail")
    assert {key: carried[key] for key in CARRIED_CONTENT} == CARRIED_CONTENT
    # Every rule, content and all, is exported by the new server as the old one exports it.
    _a, old_files = exported(old)
    _b, new_files = exported(new)
    rules = [name for name in old_files if name.startswith("SynchronizationRules/")]
    assert rules and {n: new_files.get(n) for n in rules} == {n: old_files[n] for n in rules}
    assert target["connector_settings"][AD_ID]["partitions"] == source["connector_settings"][AD_ID]["partitions"]
    settings = target["global_settings"]
    for name, value in source["global_settings"].items():
        if name not in (DEVICE_WRITEBACK, SIGN_ON):
            assert settings[name] == value, name
    # The sign-in method is the operator's choice in the wizard, not the file's.
    assert settings[SIGN_ON] == "PassThroughAuthentication"


def _selected_by_hand(state: dict[str, Any]) -> None:
    """A selection on both connectors that no wizard makes: what the old server's operator chose by hand."""
    for settings in state["entra_connect"]["connector_settings"].values():
        settings["attribute_inclusion"].append("employeeID")
        settings["object_inclusion"].remove("contact")


def test_the_import_does_not_carry_what_microsoft_says_it_does_not(pair, tmp_path) -> None:
    old, new = pair(old_edit=_selected_by_hand)
    source = copy.deepcopy(_product(old))
    assert source["global_settings"][DEVICE_WRITEBACK] == "True"
    _install(new, _settings_file(old, tmp_path, "fresh"), [])
    target = _product(new)
    assert target["global_settings"][DEVICE_WRITEBACK] == "False"
    for connector in (AD_ID, ENTRA_ID):
        assert "employeeID" not in target["connector_settings"][connector]["attribute_inclusion"], connector
        assert "contact" in target["connector_settings"][connector]["object_inclusion"], connector
    assert CUSTOM_PROFILE in source["connector_settings"][AD_ID]["run_profiles"]
    assert CUSTOM_PROFILE not in target["connector_settings"][AD_ID]["run_profiles"]


def test_a_policy_without_settings_or_rule_content_leaves_the_new_servers_own(pair, tmp_path) -> None:
    old, new = pair()
    older = json.loads(old.twin.files.data(OLDER_POLICY))
    assert "globalSettings" not in older
    local = tmp_path / "older.json"
    local.write_text(json.dumps(older))
    _install(new, local, [])
    target = _product(new)
    # Only the wizard's own settings: none of the old server's customisations.
    assert "Microsoft.SynchronizationOption.AnchorAttribute" not in target["global_settings"]
    assert "Microsoft.OptionalFeature.AutoUpgradeState" not in target["global_settings"]
    assert all("mappings" not in rule and "scoping" not in rule for rule in target["sync_rules"])
    assert "partitions" in target["connector_settings"][AD_ID]


def test_the_operator_reapplies_what_the_worksheet_lists_on_the_connector_of_that_name(pair, tmp_path) -> None:
    old, new = pair()
    source = copy.deepcopy(_product(old))
    gaps = not_carried(_read(old))
    # The new installation's AD connector has another identifier: the operator finds it by its name.
    policy = json.loads(_settings_file(old, tmp_path, "applied").read_text())
    moved = "0a1b2c3d-0000-4000-8000-00000000beef"
    policy["onpremisesDirectoryPolicy"][0]["uniqueIdentifier"] = moved
    local = tmp_path / "moved.json"
    local.write_text(json.dumps(policy))
    answer = _install(new, local, gaps)
    target = _product(new)
    for old_id, new_id in ((AD_ID, moved), (ENTRA_ID, ENTRA_ID)):
        for key in ("object_inclusion", "attribute_inclusion", "run_profiles"):
            assert target["connector_settings"][new_id][key] == source["connector_settings"][old_id][key], key
    assert target["global_settings"][DEVICE_WRITEBACK] == "True"
    assert answer["forgotten_by_operator"] == [] and answer["not_reapplied"] == []
    assert len(answer["reapplied_by_hand"]) == len([g for g in gaps if "values" in g])


def test_an_operator_who_forgets_leaves_that_gap_open_and_says_so(pair, tmp_path) -> None:
    old, new = pair(new_edit=lambda s: s.update(lab_operator={"forgets": ["custom_run_profile"]}))
    gaps = not_carried(_read(old))
    answer = _install(new, _settings_file(old, tmp_path, "applied"), gaps)
    target = _product(new)
    assert CUSTOM_PROFILE not in target["connector_settings"][AD_ID]["run_profiles"]
    assert answer["forgotten_by_operator"] == [f"custom_run_profile: contoso.com: {CUSTOM_PROFILE}"]
    # What it does not forget, it does.
    assert target["global_settings"][DEVICE_WRITEBACK] == "True"
    assert "department" in target["connector_settings"][AD_ID]["attribute_inclusion"]


@pytest.mark.parametrize("kind", ["applied", "fresh"])
def test_after_a_swing_the_new_server_has_the_old_configuration(pair, tmp_path, kind) -> None:
    old, new = pair()
    _install(new, _settings_file(old, tmp_path, kind), not_carried(_read(old)))
    _a, old_files = exported(old)
    _b, new_files = exported(new)
    # Equal but for staging mode, the version, GUIDs and what every export changes (export_reading.py).
    assert canonical(new_files) == canonical(old_files)


def test_a_forgotten_run_profile_is_the_one_difference_after_the_swing(pair, tmp_path) -> None:
    old, new = pair(new_edit=lambda s: s.update(lab_operator={"forgets": ["custom_run_profile"]}))
    _install(new, _settings_file(old, tmp_path, "applied"), not_carried(_read(old)))
    ours, theirs = canonical(exported(old)[1]), canonical(exported(new)[1])
    assert [key for key in ours if ours[key] != theirs.get(key)] == ["connector contoso.com"]
    assert CUSTOM_PROFILE in ours["connector contoso.com"] and CUSTOM_PROFILE not in theirs["connector contoso.com"]


def test_the_ha_pair_has_one_configuration(seed) -> None:
    tenants = seed_tenants()
    active, staging = (TwinHost(seed(name), name, tenants) for name in ("ha-sync01", "ha-sync02"))
    assert _product(active)["staging_mode"] is False and _product(staging)["staging_mode"] is True
    assert canonical(exported(active)[1]) == canonical(exported(staging)[1])
