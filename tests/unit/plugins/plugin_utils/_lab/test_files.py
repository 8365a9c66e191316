"""The twin's files: one set of bytes wherever and whenever a file is read.

A lab state file is rewritten with sorted keys after every change, so these tests run over the state file
store (as the lab connection does) as well as the in-memory one: a file's SHA-256 must not depend on the
key order of anything in the state.
"""

from __future__ import annotations

import copy
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import LabStateError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.files import (
    sha256_bytes,
    sha256_file,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.lab import LabHost
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._lab.files import MAX_BINARY_BYTES
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._lab.store import (
    FileTwinStore,
    MemoryTwinStore,
)
from lab_twins import ROOT, SEEDS, STAGING_ON, seed_tenants

APPLIED = "C:\\ProgramData\\AADConnect\\Applied-SynchronizationPolicy-20260602-142107.json"
INSTALLER = ROOT / "lab" / "installer" / "AzureADConnect.msi"
STAGING = "C:\\EntraConnectMigration"


@pytest.fixture(params=["file", "memory"])
def hosts(request, tmp_path: Path):
    """hosts(name) -> a lab host over a copy of that seed, in a state file (as in a lab run) or in memory."""
    lab = tmp_path / "lab"
    shutil.copytree(SEEDS, lab)
    tenants = seed_tenants()

    def _host(name: str) -> LabHost:
        if request.param == "file":
            return LabHost(name, FileTwinStore(str(lab / f"{name}.json")))
        state = json.loads((lab / f"{name}.json").read_text())
        return LabHost(name, MemoryTwinStore(state, tenants))

    return _host


def _stat(host: LabHost, path: str) -> dict:
    return host.call("file_stat", {"Path": path, "Authenticode": False})["file"]


def test_a_fresh_export_has_the_same_sha256_listed_stat_and_fetched(hosts, tmp_path: Path) -> None:
    old = hosts("old-sync01")
    archive = old.call("settings_export", {"Folder": "%ProgramData%\\AADConnect"})["archive"]
    # Every later call reads the state as the store kept it (in a lab run: reloaded from the file).
    listed = old.call(
        "settings_read",
        {"Folder": "%ProgramData%\\AADConnect", "FilePatterns": ["*.zip"], "GlobalSettingNames": []},
    )["files"]
    assert [f["sha256"] for f in listed] == [archive["sha256"]]
    assert _stat(old, archive["path"])["sha256"] == archive["sha256"]
    fetched = tmp_path / "fetched.zip"
    old.fetch(archive["path"], str(fetched))
    assert sha256_file(str(fetched)) == archive["sha256"]
    assert fetched.stat().st_size == archive["size"]


def test_a_file_the_twin_writes_keeps_its_writers_key_order(hosts, tmp_path: Path) -> None:
    old = hosts("old-sync01")
    archive = old.call("settings_export", {"Folder": "%ProgramData%\\AADConnect"})["archive"]
    old.call("staging_write", STAGING_ON)  # another change: a state file is rewritten once more
    fetched = tmp_path / "fetched.zip"
    old.fetch(archive["path"], str(fetched))
    with zipfile.ZipFile(fetched) as export:
        policy = export.read("MigratedPolicy.json").decode("utf-8")
    # Written once, as MigrateSettings.ps1 writes it, and kept as that text: not re-serialised sorted.
    assert list(json.loads(policy))[-2:] == ["policyMetadata", "deploymentMetadata"]
    assert sha256_file(str(fetched)) == archive["sha256"]


def test_a_json_content_has_one_sha256_whatever_its_key_order(hosts) -> None:
    old = hosts("old-sync01")
    state = old.store.read_state()
    content = state["files"][APPLIED]["content"]
    state["files"][APPLIED]["content"] = dict(reversed(list(content.items())))
    if isinstance(old.store, FileTwinStore):
        # As someone may write a state file by hand: keys in any order.
        Path(old.store.path).write_text(json.dumps(state, indent=2))
    else:
        old.store.write_state(state)
    before = _stat(old, APPLIED)
    old.call("staging_write", STAGING_ON)  # the state file is rewritten, with sorted keys
    assert _stat(old, APPLIED)["sha256"] == before["sha256"]
    # The bytes are the value as the state file shows it: indented, keys sorted.
    expected = json.dumps(content, indent=2, sort_keys=True).encode("utf-8")
    assert before["sha256"] == sha256_bytes(expected)


def test_a_binary_file_is_kept_byte_for_byte(hosts, tmp_path: Path) -> None:
    new = hosts("new-sync01")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("MigratedPolicy.json", "{}" * 500)
    data = buffer.getvalue() + b"\xff\xfe\x00"  # never UTF-8
    local = tmp_path / "export.zip"
    local.write_bytes(data)
    new.call("directory_create", {"Path": STAGING})
    new.put(str(local), f"{STAGING}\\export.zip")
    stat = _stat(new, f"{STAGING}\\export.zip")
    assert (stat["size"], stat["sha256"]) == (len(data), sha256_bytes(data))
    back = tmp_path / "back.zip"
    new.fetch(f"{STAGING}\\export.zip", str(back))
    assert back.read_bytes() == data


def test_a_binary_file_larger_than_the_lab_keeps_is_refused(hosts, tmp_path: Path) -> None:
    new = hosts("new-sync01")
    local = tmp_path / "AzureADConnect.msi"
    local.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * MAX_BINARY_BYTES)
    new.call("directory_create", {"Path": STAGING})
    with pytest.raises(LabStateError, match="Stage a lab installer"):
        new.put(str(local), f"{STAGING}\\AzureADConnect.msi")


def test_the_wizard_imports_a_fresh_server_configuration_export(hosts, tmp_path: Path) -> None:
    old, new = hosts("old-sync01"), hosts("new-sync01")
    archive = old.call("settings_export", {"Folder": "%ProgramData%\\AADConnect"})["archive"]
    fetched = tmp_path / archive["name"]
    old.fetch(archive["path"], str(fetched))
    new.call("directory_create", {"Path": STAGING})
    new.put(str(INSTALLER), f"{STAGING}\\AzureADConnect.msi")
    new.put(str(fetched), f"{STAGING}\\{archive['name']}")
    assert _stat(new, f"{STAGING}\\{archive['name']}")["sha256"] == archive["sha256"]

    new.simulate_wizard(f"{STAGING}\\AzureADConnect.msi", f"{STAGING}\\{archive['name']}", "PasswordHashSync")

    source = copy.deepcopy(old.store.read_state()["entra_connect"])
    target = new.store.read_state()["entra_connect"]
    assert [c["identifier"] for c in target["connectors"]] == [c["identifier"] for c in source["connectors"]]
    rule = ("identifier", "connector", "precedence", "disabled", "immutable_tag")
    assert sorted(tuple(r[k] for k in rule) for r in target["sync_rules"]) == sorted(
        tuple(r[k] for k in rule) for r in source["sync_rules"]
    )
    assert target["staging_mode"] is True
