"""playbooks/record_readings.yml on the lab twins: every read-only primitive of every server recorded, scrubbed
of every lab computer, domain and tenant name, said to come from a lab, and replayed through the same schemas
and rules as any fixture under tests/fixtures/recorded."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.raw_reads import (
    read_only_primitives,
)
from conftest import BIN, INVENTORY, ROOT, ansible_env
from recorded_replay import replay

PLAYBOOK = ROOT / "playbooks" / "record_readings.yml"
# The inventory names of the lab servers; their computer names are the same, in capitals.
LAB_HOSTS = ("old-sync01", "new-sync01", "ha-sync01", "ha-sync02")
# Every lab domain and tenant is one of these organisations (lab/seeds/*.tenant.json).
LAB_ORGANISATIONS = ("contoso", "fabrikam")


def record(lab_dir: Path, dest: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            str(BIN / "ansible-playbook"),
            "-i",
            str(INVENTORY),
            str(PLAYBOOK),
            "-e",
            f"record_readings_dest={dest}",
            *extra,
        ],
        cwd=ROOT,
        env=ansible_env(lab_dir, callback="ansible.builtin.default"),
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def lab_names(lab_dir: Path) -> set[str]:
    """Every computer, connector and domain name the lab's states hold, read from them, not assumed."""
    names = set(LAB_HOSTS) | set(LAB_ORGANISATIONS)
    for path in lab_dir.glob("*.json"):
        state = json.loads(path.read_text())
        if "computer_name" in state:
            names.add(state["computer_name"].lower())
            for connector in (state.get("entra_connect") or {}).get("connectors") or []:
                names.add(connector["name"].lower())
    return names


def test_the_lab_is_recorded_scrubbed_and_replays(lab_dir: Path, lab, tmp_path: Path) -> None:
    before = lab.raw()
    run = record(lab_dir, tmp_path / "recording")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert lab.raw() == before
    assert "answer(s) of 4 lab twins, not real servers recorded" in run.stdout
    files = sorted((tmp_path / "recording").rglob("*.json"))
    # Every read-only primitive on the three servers with a sync engine; the engine reads not on the new server.
    engine = {"run_results", "connector_statistics"}
    assert len(files) == 4 * len(read_only_primitives()) - len(engine)
    assert {path.stem for path in files} == set(read_only_primitives())
    names = lab_names(lab_dir)
    assert "contoso.onmicrosoft.com - aad" in names and "old-sync01" in names
    for path in files:
        text = path.read_text().lower()
        left = sorted(name for name in names if re.search(rf"(?<![a-z0-9]){re.escape(name)}(?![a-z0-9])", text))
        assert not left, f"{path.relative_to(tmp_path)} still holds {left}"
        document = json.loads(path.read_text())
        assert document["metadata"]["lab"] is True
        assert document["metadata"]["origin"] == "recorded from a lab twin, not a real server"
        replay(document)


def test_the_same_name_is_the_same_placeholder_in_every_file(lab_dir: Path, tmp_path: Path) -> None:
    assert record(lab_dir, tmp_path / "recording").returncode == 0
    servers = {path.parent.name for path in (tmp_path / "recording").rglob("snapshot.json")}
    for server in servers:
        folder = tmp_path / "recording" / server
        snapshot = json.loads((folder / "snapshot.json").read_text())["answer"]
        status = json.loads((folder / "sync_status.json").read_text())["answer"]
        assert snapshot["computer_name"] == status["computer_name"] == server.upper()
        if snapshot["adsync"]:
            assert [c["name"] for c in snapshot["adsync"]["connectors"]] == status["connectors"]


def test_a_secret_in_an_answer_fails_the_recording_and_nothing_is_written(lab_dir: Path, lab, tmp_path: Path) -> None:
    # The collection's registry key comes back in the snapshot's markers; a value named like a secret there must
    # stop the recording.
    state = lab.state("ha-sync02")
    state["registry"].setdefault("HKLM:\\SOFTWARE\\hybrid_identity\\entra_connect", {})["ApiToken"] = {
        "type": "String",
        "data": "s3cr3t-value",
    }
    lab.write("ha-sync02", state)
    run = record(lab_dir, tmp_path / "recording")
    assert run.returncode != 0
    assert "answer.markers.ApiToken: a key named like a secret holds a value" in run.stdout
    assert "s3cr3t-value" not in run.stdout + run.stderr
    assert not (tmp_path / "recording").exists()


def test_extra_strings_of_the_operator_are_removed(lab_dir: Path, tmp_path: Path) -> None:
    # "Legacy Sales Filter" is a sync rule name of the HA pair (settings_read lists sync rules).
    run = record(lab_dir, tmp_path / "recording", "-e", '{"record_readings_redact": ["Legacy Sales"]}')
    assert run.returncode == 0, run.stdout[-3000:]
    text = "".join(path.read_text() for path in (tmp_path / "recording").rglob("*.json"))
    assert "Legacy Sales" not in text and "redacted1 Filter" in text


def test_check_mode_writes_nothing(lab_dir: Path, tmp_path: Path) -> None:
    run = record(lab_dir, tmp_path / "recording", "--check")
    assert run.returncode == 0, run.stdout[-3000:]
    assert not (tmp_path / "recording").exists()
