"""entra_export_settings against the twin: choose, fetch, verify, validate, report the gaps."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.action import entra_export_settings
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._lab.settings import compress_archive_names
from hosts import TwinHost

FOLDER = "C:\\ProgramData\\AADConnect"
NEWEST = f"{FOLDER}\\Applied-SynchronizationPolicy-20260602-142107.json"


@pytest.fixture
def host(old_state) -> TwinHost:
    old_state.pop("tenant_log")
    return TwinHost(old_state)


def _files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir()) if directory.exists() else []


def test_the_newest_applied_policy_is_fetched_verified_and_kept(host, run_action, tmp_path) -> None:
    dest = tmp_path / "exports"
    result = run_action(entra_export_settings, {"dest": str(dest)}, host)
    assert (result["changed"], result["created"], result["fetched"], result["export_type"]) == (
        True,
        False,
        True,
        "applied_policy",
    )
    assert result["remote_path"] == NEWEST and _files(dest) == ["Applied-SynchronizationPolicy-20260602-142107.json"]
    data = (dest / "Applied-SynchronizationPolicy-20260602-142107.json").read_bytes()
    assert hashlib.sha256(data).hexdigest().upper() == result["sha256"]
    assert json.loads(data) == host.twin.state["files"][NEWEST]["content"]
    assert result["contents"] == {"directories": ["contoso.com"], "custom_rules": 3}
    assert host.primitives == ["settings_read", "fetch"]


def test_a_second_run_fetches_nothing(host, run_action, tmp_path) -> None:
    run_action(entra_export_settings, {"dest": str(tmp_path)}, host)
    again = run_action(entra_export_settings, {"dest": str(tmp_path)}, host)
    assert (again["changed"], again["fetched"], again["host_round_trips"]) == (False, False, 1)


def test_a_changed_controller_copy_is_replaced(host, run_action, tmp_path) -> None:
    first = run_action(entra_export_settings, {"dest": str(tmp_path)}, host)
    Path(first["path"]).write_text("{}")
    again = run_action(entra_export_settings, {"dest": str(tmp_path)}, host)
    assert again["fetched"] is True and json.loads(Path(first["path"]).read_text()) != {}


def test_check_mode_writes_nothing_anywhere(host, run_action, tmp_path) -> None:
    dest = tmp_path / "exports"
    before = json.dumps(host.twin.state, sort_keys=True)
    result = run_action(entra_export_settings, {"dest": str(dest)}, host, check_mode=True)
    assert result["changed"] is True and not dest.exists()
    assert json.dumps(host.twin.state, sort_keys=True) == before
    # The report of a plan says what would happen, not that it happened.
    assert result["decisions"] == [
        f"Would fetch {NEWEST.rsplit(chr(92), 1)[-1]} (applied_policy) from old-sync01 (check mode)"
    ]


def test_what_the_export_does_not_carry_comes_from_the_server(host, run_action, tmp_path) -> None:
    result = run_action(entra_export_settings, {"dest": str(tmp_path)}, host)
    found = {(gap["kind"], gap["subject"]) for gap in result["not_carried"]}
    assert found == {
        ("sign_in_method", "PasswordHashSync"),
        ("optional_feature", "device writeback (catalogued by the export but not applied [S6])"),
        ("optional_feature", "directory extension attributes"),
        ("custom_run_profile", "contoso.com: Delta Import OU=Sales"),
        ("object_and_attribute_filter", "contoso.com"),
        ("object_and_attribute_filter", "contoso.onmicrosoft.com - AAD"),
        ("modified_standard_rule", "Out to AD - User ImmutableId (contoso.com, Outbound)"),
        ("disabled_custom_rule", "In from AD - Legacy Sales Filter (contoso.com, Inbound)"),
        (
            "custom_rule_precedence",
            "Out to AAD - Custom Extension Attributes (contoso.onmicrosoft.com - AAD, Outbound)",
        ),
    }
    assert result["sign_in_method"] == "PasswordHashSync"


def test_a_file_that_is_not_json_is_refused_and_not_kept(host, run_action, tmp_path) -> None:
    host.twin.state["files"][NEWEST]["content"] = "<html>not a settings file</html>"
    result = run_action(entra_export_settings, {"dest": str(tmp_path)}, host)
    assert result["failed"] is True
    assert result["msg"].startswith(
        f"{NEWEST} from old-sync01 is not JSON: expected a settings export written by Entra Connect"
    )
    assert _files(tmp_path) == []


def test_a_missing_field_is_named(host, run_action, tmp_path) -> None:
    del host.twin.state["files"][NEWEST]["content"]["azureDirectoryPolicy"]
    result = run_action(entra_export_settings, {"dest": str(tmp_path)}, host)
    assert result["msg"] == (
        f"{NEWEST} from old-sync01 is not an Entra Connect settings export at field '(the answer itself)': "
        "'azureDirectoryPolicy' is a required property"
    )
    assert _files(tmp_path) == []


def test_a_damaged_transfer_is_refused_and_not_kept(host, run_action, tmp_path, monkeypatch) -> None:
    real_fetch = host.fetch

    def damaged(remote_path: str, local_path: str) -> None:
        real_fetch(remote_path, local_path)
        with open(local_path, "ab") as handle:
            handle.write(b" ")

    monkeypatch.setattr(host, "fetch", damaged)
    result = run_action(entra_export_settings, {"dest": str(tmp_path)}, host)
    assert "has SHA-256" in result["msg"] and "Nothing was kept." in result["msg"]
    assert _files(tmp_path) == []


def test_an_empty_folder_is_named_with_what_was_expected(host, run_action, tmp_path) -> None:
    host.twin.state["files"] = {}
    result = run_action(entra_export_settings, {"dest": str(tmp_path)}, host)
    assert result["msg"] == (
        f"No settings export on old-sync01: expected {FOLDER}\\Applied-SynchronizationPolicy-*.json, found the "
        f"folder {FOLDER} holds no settings export. Export the settings with the wizard (View or export current "
        "configuration), or use export_type: server_configuration to make a server-configuration export. "
        "Nothing was changed."
    )


def test_a_missing_folder_is_named(host, run_action, tmp_path) -> None:
    result = run_action(entra_export_settings, {"dest": str(tmp_path), "folder": "D:\\Exports"}, host)
    assert "found the folder D:\\Exports does not exist" in result["msg"]


def test_an_explicit_path_is_fetched(host, run_action, tmp_path) -> None:
    older = f"{FOLDER}\\Applied-SynchronizationPolicy-20250311-100255.json"
    result = run_action(entra_export_settings, {"dest": str(tmp_path), "path": older}, host)
    assert result["remote_path"] == older and result["contents"]["custom_rules"] == 1


def test_an_old_build_gets_a_server_configuration_export_once(host, run_action, tmp_path) -> None:
    host.twin.state["entra_connect"]["version"] = "1.5.30.0"
    result = run_action(entra_export_settings, {"dest": str(tmp_path)}, host)
    assert (result["export_type"], result["created"], result["fetched"]) == ("server_configuration", True, True)
    with zipfile.ZipFile(result["path"]) as archive:
        names = archive.namelist()
        policy = json.loads(archive.read("MigratedPolicy.json"))
    assert "GlobalSettings/MV.xml" in names and "PersistedState.xml" in names
    assert policy["policyMetadata"]["azureADConnectVersion"] == "1.5.30.0"
    assert result["contents"] == {"persisted_state": True, "service_account_type": "Unknown"}
    assert "warnings" not in result
    assert "old_build" in {gap["kind"] for gap in result["not_carried"]}
    again = run_action(entra_export_settings, {"dest": str(tmp_path)}, host)
    assert (again["changed"], again["created"], again["remote_path"]) == (False, False, result["remote_path"])


def test_fresh_makes_a_new_export_every_time(host, run_action, tmp_path) -> None:
    first = run_action(entra_export_settings, {"dest": str(tmp_path), "fresh": True}, host)
    second = run_action(entra_export_settings, {"dest": str(tmp_path), "fresh": True}, host)
    assert first["created"] and second["created"] and first["remote_path"] != second["remote_path"]
    assert len(_files(tmp_path)) == 2


def test_check_mode_on_an_old_build_makes_no_export(host, run_action, tmp_path) -> None:
    host.twin.state["entra_connect"]["version"] = "1.5.30.0"
    result = run_action(entra_export_settings, {"dest": str(tmp_path)}, host, check_mode=True)
    assert (result["changed"], result["created"], result["path"]) == (True, True, None)
    assert result["decisions"] == [
        "Would make a fresh export and fetch it (server_configuration) from old-sync01 (check mode)"
    ]
    assert host.primitives == ["settings_read"] and not any(p.endswith(".zip") for p in host.twin.state["files"])


def test_without_entra_connect_nothing_is_done(new_state, run_action, tmp_path) -> None:
    new_state.pop("tenant_log")
    result = run_action(entra_export_settings, {"dest": str(tmp_path)}, TwinHost(new_state, "new-sync01"))
    assert result["msg"].startswith("Entra Connect is not installed on new-sync01 (NEW-SYNC01): expected the old")
    assert _files(tmp_path) == []


@pytest.mark.parametrize("conflict", [{"fresh": True}, {"export_type": "server_configuration"}])
def test_path_with_a_new_export_is_refused_before_the_host_is_read(host, run_action, tmp_path, conflict) -> None:
    result = run_action(entra_export_settings, {"dest": str(tmp_path), "path": NEWEST, **conflict}, host)
    assert result["msg"] == (
        "path names an existing applied-policy export, so it excludes fresh and export_type: server_configuration. "
        "Nothing was changed."
    )
    assert host.calls == []


def test_an_export_whose_answer_was_lost_is_found_as_the_new_archive_and_fetched(host, run_action, tmp_path) -> None:
    first = run_action(entra_export_settings, {"dest": str(tmp_path), "fresh": True}, host)
    host.calls.clear()
    host.twin.state["faults"] = {"lose_answers": {"settings_export": 1}}
    second = run_action(entra_export_settings, {"dest": str(tmp_path), "fresh": True}, host)
    assert second["created"] and second["fetched"] and second["remote_path"] != first["remote_path"]
    assert host.primitives == ["settings_read", "settings_export", "settings_read", "fetch"]
    assert second["warnings"][0].startswith(
        "The connection to old-sync01 dropped during settings_export; a fresh settings_read read shows it took "
        "effect (a new archive Exported-ServerConfiguration-"
    )
    assert second["warnings"][0] in second["decisions"]
    lost, verdict = second["connection_events"]
    assert lost.startswith("The connection to old-sync01 dropped during settings_export (OLD-SYNC01: connection reset")
    assert verdict == second["warnings"][0]


def test_an_export_lost_before_it_happened_fails_and_is_not_repeated(host, run_action, tmp_path) -> None:
    host.drop_before("settings_export")
    result = run_action(entra_export_settings, {"dest": str(tmp_path), "fresh": True}, host)
    assert result["failed"] is True
    assert "a fresh settings_read read shows it did not take effect (no server-configuration archive" in result["msg"]
    assert host.primitives == ["settings_read", "settings_export", "settings_read"]
    # What happened to the connection stays in the result, for the report.
    lost, verdict = result["connection_events"]
    assert lost.startswith("The connection to old-sync01 dropped during settings_export")
    assert verdict.startswith(lost + "; a fresh settings_read read shows it did not take effect")


def test_a_file_larger_than_any_settings_export_is_refused_and_not_kept(
    host, run_action, tmp_path, monkeypatch
) -> None:
    from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules import export_settings

    # The limit is 64 MiB; a small stand-in limit keeps the test's memory small and proves the same path.
    size = len(json.dumps(host.twin.state["files"][NEWEST]["content"], indent=2, sort_keys=True).encode())
    monkeypatch.setattr(export_settings, "MAX_POLICY_BYTES", size // 2)
    result = run_action(entra_export_settings, {"dest": str(tmp_path)}, host)
    assert result["failed"] is True
    assert "bytes, larger than any settings export; it was not used" in result["msg"]
    assert _files(tmp_path) == []


def test_the_gaps_an_operator_reapplies_say_what_to_set_by_connector_name(host, run_action, tmp_path) -> None:
    product = host.twin.state["entra_connect"]
    names = {c["identifier"]: c["name"] for c in product["connectors"]}
    result = run_action(entra_export_settings, {"dest": str(tmp_path)}, host)
    values = {gap["kind"]: [] for gap in result["not_carried"]}
    for gap in result["not_carried"]:
        values[gap["kind"]].append(gap.get("values"))
    # The seed enables device writeback and directory extensions, and disables group and user writeback.
    assert [v["setting"] for v in values["optional_feature"]] == [
        "Microsoft.OptionalFeature.DeviceWriteBack",
        "Microsoft.OptionalFeature.DirectoryExtension",
    ]
    assert all(product["global_settings"][v["setting"]] == "True" for v in values["optional_feature"])
    assert values["custom_run_profile"] == [{"connector": "contoso.com", "run_profile": "Delta Import OU=Sales"}]
    assert values["object_and_attribute_filter"] == [
        {
            "connector": names[identifier],
            "object_inclusion": settings["object_inclusion"],
            "attribute_inclusion": settings["attribute_inclusion"],
        }
        for identifier, settings in product["connector_settings"].items()
    ]
    # What a person judges has nothing to set.
    assert values["sign_in_method"] == [None] and values["disabled_custom_rule"] == [None]


def _left_in_folder(host: TwinHost, edit) -> str:
    """A server-configuration archive already in the folder, its members changed by ``edit``: what an operator
    or an earlier release of the export script left there, which a run without fresh reuses."""
    host.twin.state["entra_connect"]["version"] = "1.5.30.0"
    path = host.call("settings_export", {"Folder": FOLDER})["archive"]["path"]
    entry = host.twin.state["files"][path]
    entry["archive"] = edit(dict(entry["archive"]))
    host.calls.clear()
    return str(path)


def test_an_archive_with_backslash_entry_names_is_accepted(host, run_action, tmp_path) -> None:
    # Compress-Archive of Windows PowerShell 5.1 names entries with '\' (PowerShell/Microsoft.PowerShell.Archive
    # issue 48); the export is still whole.
    path = _left_in_folder(host, compress_archive_names)
    result = run_action(entra_export_settings, {"dest": str(tmp_path)}, host)
    assert result.get("failed") is not True, result.get("msg")
    assert (result["created"], result["fetched"], result["remote_path"]) == (False, True, path)
    with zipfile.ZipFile(result["path"]) as archive:
        assert "GlobalSettings\\MV.xml" in archive.namelist()
    assert result["contents"] == {"persisted_state": True, "service_account_type": "Unknown"}


def test_an_archive_without_persisted_state_is_kept_with_a_warning(host, run_action, tmp_path) -> None:
    del host.twin.state["files"][f"{FOLDER}\\PersistedState.xml"]
    host.twin.state["entra_connect"]["version"] = "1.5.30.0"
    result = run_action(entra_export_settings, {"dest": str(tmp_path)}, host)
    assert (result["created"], result["fetched"]) == (True, True)
    assert result["contents"]["persisted_state"] is False
    assert result["warnings"] == [
        f"{result['remote_path']} holds no PersistedState.xml: the server had none in %ProgramData%\\AADConnect "
        "when the export was made. MigrateSettings.ps1 exports without it too, reporting an error; the state the "
        "old server's wizard kept there does not reach the new server."
    ]


def test_an_archive_without_service_account_type_is_refused_and_not_kept(host, run_action, tmp_path) -> None:
    def without_service_account_type(members: dict) -> dict:
        policy = json.loads(members["MigratedPolicy.json"])
        del policy["deploymentMetadata"]["serviceAccountType"]
        return {**members, "MigratedPolicy.json": json.dumps(policy, indent=2)}

    path = _left_in_folder(host, without_service_account_type)
    result = run_action(entra_export_settings, {"dest": str(tmp_path)}, host)
    assert result["failed"] is True
    assert result["msg"] == (
        f"{path} from old-sync01 (MigratedPolicy.json) has no deploymentMetadata.serviceAccountType (text or null), "
        "which MigrateSettings.ps1 always writes and so does this collection's export: make a new export with "
        "fresh: true. This one was not used"
    )
    assert _files(tmp_path) == []
    # fresh: true makes the export the message asks for, and it is kept.
    again = run_action(entra_export_settings, {"dest": str(tmp_path), "fresh": True}, host)
    assert again["created"] is True and again["contents"]["service_account_type"] == "Unknown"


def test_an_archive_with_an_entry_outside_its_folder_is_refused_and_not_kept(host, run_action, tmp_path) -> None:
    path = _left_in_folder(host, lambda members: {**members, "..\\..\\Windows\\evil.dll": "x"})
    result = run_action(entra_export_settings, {"dest": str(tmp_path)}, host)
    assert result["msg"] == (
        f"{path} from old-sync01 has entries that would unpack outside its folder (..\\..\\Windows\\evil.dll): it "
        "is not a server-configuration export and was not used"
    )
    assert _files(tmp_path) == []
