"""The twin's settings export as MigrateSettings.ps1 makes it [S23]: PersistedState.xml from
%ProgramData%\\AADConnect whatever the folder, serviceAccount and serviceAccountType as the script writes them,
and entries named with '/' as settings_export.ps1 packs them."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._contract.validate import first_violation
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._lab.settings import compress_archive_names
from lab_twins import twin_of

PROGRAM_DATA_STATE = "C:\\ProgramData\\AADConnect\\PersistedState.xml"
ELSEWHERE = "D:\\Exports"
COEXISTENCE = "HKLM:\\SOFTWARE\\Microsoft\\MSOLCoExistence"
ADSYNC = "HKLM:\\SYSTEM\\CurrentControlSet\\Services\\ADSync"


def _export(
    state: dict[str, Any], folder: str = "%ProgramData%\\AADConnect"
) -> tuple[dict[str, Any], dict[str, bytes]]:
    twin = twin_of(state)
    answer = twin.call("settings_export", {"Folder": folder})
    assert first_violation("settings_export", answer) is None
    assert first_violation("lab_state", twin.state) is None
    with zipfile.ZipFile(io.BytesIO(twin.files.data(answer["archive"]["path"]))) as archive:
        return answer, {name: archive.read(name) for name in archive.namelist()}


def _deployment(members: dict[str, bytes]) -> dict[str, Any]:
    deployment: dict[str, Any] = json.loads(members["MigratedPolicy.json"])["deploymentMetadata"]
    return deployment


def test_entries_are_named_with_forward_slashes_as_the_script_packs_them(old_state) -> None:
    _answer, members = _export(old_state)
    assert "GlobalSettings/MV.xml" in members and not any("\\" in name for name in members)
    assert any(name.startswith("Connectors/") for name in members)


def test_persisted_state_comes_from_program_data_when_the_export_goes_elsewhere(old_state) -> None:
    old_state["files"][PROGRAM_DATA_STATE]["content"] = "<PersistedState><Step>Configured</Step></PersistedState>"
    # A PersistedState.xml in the export's own folder is not the one MigrateSettings.ps1 copies.
    old_state["files"][f"{ELSEWHERE}\\PersistedState.xml"] = {
        "content": "<PersistedState><Step>Other</Step></PersistedState>",
        "last_write_utc": "2026-06-02T14:21:09.0000000Z",
    }
    answer, members = _export(old_state, ELSEWHERE)
    assert answer["directory"].startswith(f"{ELSEWHERE}\\Exported-ServerConfiguration-")
    assert members["PersistedState.xml"] == b"<PersistedState><Step>Configured</Step></PersistedState>"


def test_without_persisted_state_in_program_data_the_export_goes_on_without_it(old_state) -> None:
    del old_state["files"][PROGRAM_DATA_STATE]
    _answer, members = _export(old_state)
    assert "PersistedState.xml" not in members and "MigratedPolicy.json" in members


def test_service_account_type_is_unknown_without_the_registry_value(old_state) -> None:
    _answer, members = _export(old_state)
    deployment = _deployment(members)
    assert deployment["serviceAccountType"] == "Unknown"
    # The ADSync service's logon account; the virtual service account where the state names none.
    assert deployment["serviceAccount"] == "NT SERVICE\\ADSync"


def test_service_account_type_is_null_with_the_registry_value_as_migrate_settings_writes_it(old_state) -> None:
    old_state["registry"][COEXISTENCE] = {"ServiceAccountType": {"type": "String", "data": "ManagedServiceAccount"}}
    old_state["registry"][ADSYNC] = {"ObjectName": {"type": "String", "data": "CONTOSO\\gmsaADSync$"}}
    _answer, members = _export(old_state)
    deployment = _deployment(members)
    assert "serviceAccountType" in deployment and deployment["serviceAccountType"] is None
    assert deployment["serviceAccount"] == "CONTOSO\\gmsaADSync$"


def test_an_empty_registry_value_counts_as_none(old_state) -> None:
    # `if ($msolCoexistence.ServiceAccountType)` is false for an empty string.
    old_state["registry"][COEXISTENCE] = {"ServiceAccountType": {"type": "String", "data": ""}}
    _answer, members = _export(old_state)
    assert _deployment(members)["serviceAccountType"] == "Unknown"


@pytest.mark.parametrize(
    ("members", "named"),
    [
        (
            {"GlobalSettings/MV.xml": "x", "MigratedPolicy.json": "{}"},
            ["GlobalSettings\\MV.xml", "MigratedPolicy.json"],
        ),
        ({"a/b/c.xml": "x"}, ["a\\b\\c.xml"]),
    ],
)
def test_compress_archive_names_are_backslashed(members: dict[str, str], named: list[str]) -> None:
    assert sorted(compress_archive_names(members)) == named
