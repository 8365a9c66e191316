"""validate_archive: a server-configuration archive checked without extracting it, in either separator form,
refused when an entry would unpack outside its folder or MigratedPolicy.json lacks what MigrateSettings.ps1
always writes; archive_warnings says what a valid archive still lacks."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import EntraConnectError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.export_settings import (
    archive_warnings,
    validate_archive,
)

WHAT = "C:\\ProgramData\\AADConnect\\Exported-ServerConfiguration-1.zip from old-sync01"
CONNECTOR = "Connectors/Connector_{b891884f-051e-4a83-95af-2544101c9083}.xml"
RULE = "SynchronizationRules/SynchronizationRule_{3c2f6a10-0001-4d2b-9f00-000000000101}.xml"


def _policy(**deployment: Any) -> dict[str, Any]:
    return {
        "policyMetadata": {
            "type": "migration",
            "timeCreated": "2026-06-02 14:21:07Z",
            "azureADConnectVersion": "1.5.30.0",
        },
        "deploymentMetadata": {
            "hostName": "OLD-SYNC01.contoso.com",
            "serviceAccount": "NT SERVICE\\ADSync",
            **deployment,
        },
    }


def _members(separator: str = "/", policy: dict[str, Any] | None = None) -> dict[str, str]:
    members = {
        CONNECTOR: "<ma-data />",
        RULE: "<synchronizationRule />",
        "GlobalSettings/MV.xml": "<saved-mv-configuration />",
        "PersistedState.xml": "<PersistedState />",
        "MigratedPolicy.json": json.dumps(policy or _policy(serviceAccountType="Unknown")),
    }
    return {name.replace("/", separator): text for name, text in members.items()}


def _archive(tmp_path: Path, members: dict[str, str]) -> str:
    path = tmp_path / "Exported-ServerConfiguration-1.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in members.items():
            # ZipInfo keeps a name as given on this platform; writestr(name) would too, but says it less plainly.
            archive.writestr(zipfile.ZipInfo(name), text)
    return str(path)


@pytest.mark.parametrize("separator", ["/", "\\"], ids=["forward", "backslash"])
def test_an_archive_is_valid_in_either_separator_form(tmp_path, separator: str) -> None:
    path = _archive(tmp_path, _members(separator))
    with zipfile.ZipFile(path) as archive:
        # The archive really names its entries so: the form Compress-Archive of Windows PowerShell 5.1 writes.
        assert ("GlobalSettings\\MV.xml" in archive.namelist()) is (separator == "\\")
    assert validate_archive(path, WHAT) == {"persisted_state": True, "service_account_type": "Unknown"}


def test_names_count_without_case_as_windows_reads_the_unpacked_folder(tmp_path) -> None:
    members = {name.lower(): text for name, text in _members("\\").items()}
    assert validate_archive(_archive(tmp_path, members), WHAT)["persisted_state"] is True


def test_a_missing_export_file_is_still_named_in_either_form(tmp_path) -> None:
    members = _members("\\")
    del members["GlobalSettings\\MV.xml"]
    with pytest.raises(EntraConnectError) as raised:
        validate_archive(_archive(tmp_path, members), WHAT)
    assert str(raised.value) == f"{WHAT} lacks GlobalSettings/MV.xml: it is not a complete server-configuration export"


@pytest.mark.parametrize(
    "unsafe", ["..\\..\\Windows\\evil.dll", "../evil.xml", "Connectors\\..\\..\\evil.xml", "C:\\evil.xml", "/evil.xml"]
)
def test_an_entry_that_would_unpack_outside_the_folder_refuses_the_archive(tmp_path, unsafe: str) -> None:
    members = {**_members(), unsafe: "x"}
    with pytest.raises(EntraConnectError) as raised:
        validate_archive(_archive(tmp_path, members), WHAT)
    assert str(raised.value) == (
        f"{WHAT} has entries that would unpack outside its folder ({unsafe}): it is not a server-configuration "
        "export and was not used"
    )


@pytest.mark.parametrize("value", ["Unknown", None])
def test_service_account_type_is_what_migrate_settings_writes(tmp_path, value: str | None) -> None:
    path = _archive(tmp_path, _members(policy=_policy(serviceAccountType=value)))
    assert validate_archive(path, WHAT)["service_account_type"] == value


@pytest.mark.parametrize("deployment", [{}, {"serviceAccountType": 3}], ids=["missing", "a number"])
def test_migrated_policy_without_service_account_type_is_refused(tmp_path, deployment: dict[str, Any]) -> None:
    path = _archive(tmp_path, _members(policy=_policy(**deployment)))
    with pytest.raises(EntraConnectError) as raised:
        validate_archive(path, WHAT)
    assert str(raised.value) == (
        f"{WHAT} (MigratedPolicy.json) has no deploymentMetadata.serviceAccountType (text or null), which "
        "MigrateSettings.ps1 always writes and so does this collection's export: make a new export with "
        "fresh: true. This one was not used"
    )


def test_an_archive_without_persisted_state_is_valid_and_warned_of(tmp_path) -> None:
    members = _members("\\")
    del members["PersistedState.xml"]
    contents = validate_archive(_archive(tmp_path, members), WHAT)
    assert contents == {"persisted_state": False, "service_account_type": "Unknown"}
    assert archive_warnings(contents, "X.zip") == [
        "X.zip holds no PersistedState.xml: the server had none in %ProgramData%\\AADConnect when the export was "
        "made. MigrateSettings.ps1 exports without it too, reporting an error; the state the old server's wizard "
        "kept there does not reach the new server."
    ]
    assert archive_warnings({"persisted_state": True, "service_account_type": None}, "X.zip") == []


def test_persisted_state_counts_only_beside_migrated_policy(tmp_path) -> None:
    members = _members()
    members["Connectors/PersistedState.xml"] = members.pop("PersistedState.xml")
    assert validate_archive(_archive(tmp_path, members), WHAT)["persisted_state"] is False


def test_a_file_that_is_not_a_zip_archive_is_named(tmp_path) -> None:
    path = tmp_path / "Exported-ServerConfiguration-1.zip"
    path.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(EntraConnectError, match="is not a zip archive"):
        validate_archive(str(path), WHAT)
