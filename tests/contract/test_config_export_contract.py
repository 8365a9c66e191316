"""The config_export primitive's contract, both sides: the script's parameters, how it packs and cleans up, and
its answer; the twin's answer on every seed, against schemas/config_export.json."""

from __future__ import annotations

import copy
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
    CONFIG_ARCHIVE_PATTERN,
)
from lab_twins import twin_of

SCRIPT = Path(PRIMITIVES["config_export"].script_path)
SEED_DIR = Path(__file__).resolve().parents[2] / "lab" / "seeds"
SEEDS = sorted(p for p in SEED_DIR.glob("*.json") if not p.name.endswith(".tenant.json"))
FOLDER = "C:\\Windows\\Temp\\hybrid_identity.entra_connect"


def _code() -> str:
    """The script without its comments, so a comment that names a cmdlet proves nothing."""
    return "\n".join(line for line in SCRIPT.read_text().splitlines() if not line.lstrip().startswith("#"))


def test_the_script_parses_and_declares_exactly_the_parameters_python_sends() -> None:
    tree = ps.parse(SCRIPT)
    assert ps.error_lines(tree) == []
    assert sorted(ps.param_names(tree)) == ["Folder"] == sorted(PRIMITIVES["config_export"].declared)
    assert sorted(ps.mandatory_names(tree)) == ["Folder"]
    spec = PRIMITIVES["config_export"]
    assert spec.read_only is False and spec.confirm is not None and spec.confirm.read == "settings_read"


def test_the_confirming_read_lists_the_archives_this_primitive_makes() -> None:
    confirm = PRIMITIVES["config_export"].confirm
    assert confirm is not None
    sent = confirm.parameters({"Folder": FOLDER})
    assert sent["Folder"] == FOLDER and sent["FilePatterns"] == [CONFIG_ARCHIVE_PATTERN]
    # The name the script gives its folder matches the pattern the confirmation lists.
    assert '"EntraConnectConfig-$([guid]::NewGuid())"' in _code()
    assert CONFIG_ARCHIVE_PATTERN == "EntraConnectConfig-*.zip"


def test_the_script_exports_into_a_fresh_folder_of_its_own() -> None:
    code = _code()
    assert "[Environment]::ExpandEnvironmentVariables($Folder)" in code
    # New-Item without -Force fails on a folder that exists: the export never lands in a leftover.
    new_item = re.search(r"New-Item[^\n]*EntraConnectConfig-[^\n]*", code)
    assert new_item is not None and "-Force" not in new_item.group(0)
    assert "Get-ADSyncServerConfiguration -Path $directory" in code
    assert code.index("Import-Module") < code.index("Get-ADSyncServerConfiguration")


def test_the_script_packs_with_system_io_compression_and_forward_slash_names() -> None:
    code = _code()
    assert not re.search(r"Compress-Archive|\[IO\.Compression\.ZipFile\]::CreateFromDirectory", code, re.I)
    assert "System.IO.Compression.ZipArchive" in code and "ZipArchiveMode]::Create" in code
    assert "CreateEntryFromFile($zip, $file.FullName, $entryName" in code
    # Entry names are relative to the export folder, '\' turned into '/'.
    assert "$entryName = $file.FullName.Substring($directory.Length + 1).Replace('\\', '/')" in code


def test_the_script_removes_only_what_it_made() -> None:
    removed = re.findall(r"Remove-Item\s+-LiteralPath\s+(\$\w+)", _code())
    assert sorted(set(removed)) == ["$archivePath", "$directory"]
    # The archive goes only when this run failed; the unpacked folder always.
    code = _code()
    assert code.index("catch {") < code.index("Remove-Item -LiteralPath $archivePath") < code.index("finally {\n    if")
    assert '$archivePath = "$directory.zip"' in code


def test_the_script_answers_what_the_schema_describes() -> None:
    results = [value for target, value in ps.assignments(ps.parse(SCRIPT)) if target == "$Ansible.Result"]
    assert len(results) == 1
    keys = set(ps.hash_entries(ps.first_hash(results[0])))
    schema = load_schema("config_export")
    assert keys == set(schema["properties"]) == set(schema["required"])


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_the_twin_answers_within_the_schema_on_every_seed(seed: Path) -> None:
    state = json.loads(seed.read_text())
    if state["entra_connect"] is None:
        with pytest.raises(HostCommandError, match="ADSync module is not installed"):
            twin_of(state).call("config_export", {"Folder": FOLDER})
        return
    twin = twin_of(state)
    answer = twin.call("config_export", {"Folder": FOLDER})
    assert first_violation("config_export", answer) is None
    assert first_violation("lab_state", twin.state) is None
    assert answer["computer_name"] == state["computer_name"]
    assert answer["archive"]["path"] == f"{FOLDER}\\{answer['archive']['name']}"
    with zipfile.ZipFile(io.BytesIO(twin.files.data(answer["archive"]["path"]))) as archive:
        names = archive.namelist()
    assert answer["files"] == len([n for n in names if n.endswith(".xml")]) == len(names)
    # Only the archive is left: no file of the unpacked folder stays in the twin's files.
    left = [p for p in twin.state["files"] if p.lower().startswith(FOLDER.lower() + "\\")]
    assert left == [answer["archive"]["path"]]
    stopped = copy.deepcopy(state)
    stopped["entra_connect"]["service"]["status"] = "Stopped"
    with pytest.raises(HostCommandError, match="ADSync service is not running"):
        twin_of(stopped).call("config_export", {"Folder": FOLDER})
