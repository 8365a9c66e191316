"""The settings_export primitive's contract, both sides: the script writes what Microsoft's MigrateSettings.ps1
writes [S23] (PersistedState.xml from %ProgramData%\\AADConnect, every deploymentMetadata field) and packs it
with '/' entry names; the twin writes the same names and fields on every seed."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import powershell_ast as ps
import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import HostCommandError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._contract.validate import (
    first_violation,
    load_schema,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.primitives import PRIMITIVES
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.export_settings import (
    validate_archive,
)
from lab_twins import twin_of

SCRIPT = Path(PRIMITIVES["settings_export"].script_path)
SEED_DIR = Path(__file__).resolve().parents[2] / "lab" / "seeds"
SEEDS = sorted(p for p in SEED_DIR.glob("*.json") if not p.name.endswith(".tenant.json"))
FOLDER = "D:\\Exports"
# The fields of MigratedPolicy.json in the order MigrateSettings.ps1 builds them [S23].
POLICY_METADATA = ["type", "author", "timeCreated", "azureADConnectVersion"]
DEPLOYMENT_METADATA = [
    "hostName",
    "serviceAccount",
    "serviceAccountType",
    "databaseServer",
    "databaseInstance",
    "databaseName",
    "connectorIds",
]


def _code() -> str:
    """The script without its comments, so a comment that names a cmdlet proves nothing."""
    return "\n".join(line for line in SCRIPT.read_text().splitlines() if not line.lstrip().startswith("#"))


def _policy_entries() -> dict[str, dict[str, str]]:
    policies = [value for target, value in ps.assignments(ps.parse(SCRIPT)) if target == "$policy"]
    assert len(policies) == 1
    entries = ps.hash_entries(ps.first_hash(policies[0]))
    return {
        key: {k: v.text.decode() for k, v in ps.hash_entries(ps.first_hash(node)).items()}
        for key, node in entries.items()
    }


def test_the_script_parses_and_answers_what_the_schema_describes() -> None:
    tree = ps.parse(SCRIPT)
    assert ps.error_lines(tree) == []
    assert sorted(ps.param_names(tree)) == ["Folder"] == sorted(PRIMITIVES["settings_export"].declared)
    results = [value for target, value in ps.assignments(tree) if target == "$Ansible.Result"]
    assert len(results) == 1
    assert set(ps.hash_entries(ps.first_hash(results[0]))) == set(load_schema("settings_export")["properties"])


def test_the_script_packs_with_system_io_compression_and_forward_slash_names() -> None:
    code = _code()
    # Compress-Archive of Windows PowerShell 5.1 writes '\' names (PowerShell/Microsoft.PowerShell.Archive issue 48).
    assert not re.search(r"Compress-Archive|\[IO\.Compression\.ZipFile\]::CreateFromDirectory", code, re.I)
    assert "Add-Type -AssemblyName 'System.IO.Compression'" in code
    assert "Add-Type -AssemblyName 'System.IO.Compression.FileSystem'" in code
    assert "System.IO.Compression.ZipArchive" in code and "ZipArchiveMode]::Create" in code
    assert "CreateEntryFromFile($zip, $file.FullName, $entryName" in code
    assert "$entryName = $file.FullName.Substring($directory.Length + 1).Replace('\\', '/')" in code
    # Every file is packed after MigratedPolicy.json is written, and a half-written archive does not stay.
    assert code.index("MigratedPolicy.json") < code.index("Get-ChildItem -LiteralPath $directory -Recurse -File")
    assert "Remove-Item -LiteralPath $archivePath -Force" in code[code.index("catch {") :]


def test_persisted_state_is_copied_from_program_data_whatever_the_folder() -> None:
    code = _code()
    source = re.search(r"\$persistedState = (.+)", code)
    assert source is not None
    assert "$env:ProgramData" in source.group(1) and "'AADConnect'" in source.group(1)
    assert "$expanded" not in source.group(1)
    # A missing file stops nothing, as Copy-Item does not stop MigrateSettings.ps1.
    assert "if (Test-Path -LiteralPath $persistedState -PathType Leaf) {" in code
    assert "Copy-Item -LiteralPath $persistedState -Destination $directory" in code


def test_migrated_policy_has_every_field_migrate_settings_writes() -> None:
    entries = _policy_entries()
    assert list(entries) == ["policyMetadata", "deploymentMetadata"]
    assert sorted(entries["policyMetadata"]) == sorted(POLICY_METADATA)
    assert sorted(entries["deploymentMetadata"]) == sorted(DEPLOYMENT_METADATA)
    assert entries["deploymentMetadata"]["serviceAccountType"] == "$serviceAccountType"
    assert entries["deploymentMetadata"]["serviceAccount"] == "$service.ObjectName"


def test_service_account_type_has_the_two_outcomes_of_migrate_settings() -> None:
    code = _code()
    assert "$serviceAccountType = 'Unknown'" in code
    read = re.search(r"\$coexistence = Get-ItemProperty -LiteralPath '([^']+)'", code)
    assert read is not None and read.group(1) == "HKLM:\\SOFTWARE\\Microsoft\\MSOLCoExistence"
    assert re.search(r"if \(\$coexistence\.ServiceAccountType\) \{\s*\$serviceAccountType = \$null\s*\}", code)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_the_twin_writes_what_the_script_writes_on_every_seed(seed: Path, tmp_path: Path) -> None:
    state = json.loads(seed.read_text())
    if state["entra_connect"] is None:
        # No sync engine: the export fails, as the script's Import-Module of the ADSync module does.
        with pytest.raises(HostCommandError, match="ADSync module is not installed"):
            twin_of(state).call("settings_export", {"Folder": FOLDER})
        return
    twin = twin_of(state)
    answer = twin.call("settings_export", {"Folder": FOLDER})
    assert first_violation("settings_export", answer) is None
    data = twin.files.data(answer["archive"]["path"])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        policy = json.loads(archive.read("MigratedPolicy.json"))
    # The twin's default is the script's: '/' entry names.
    assert not any("\\" in name for name in names) and "GlobalSettings/MV.xml" in names
    assert list(policy["policyMetadata"]) == POLICY_METADATA
    assert set(policy["deploymentMetadata"]) <= set(DEPLOYMENT_METADATA)
    assert {"hostName", "serviceAccount", "serviceAccountType", "connectorIds"} <= set(policy["deploymentMetadata"])
    local = tmp_path / answer["archive"]["name"]
    local.write_bytes(data)
    persisted = "C:\\ProgramData\\AADConnect\\PersistedState.xml" in state["files"]
    assert validate_archive(str(local), answer["archive"]["name"])["persisted_state"] is persisted
