"""preflight.yml on the lab inventory, as a user runs it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import BIN, INVENTORY, ROOT, ansible_env

JUDGE_AT = "-e preflight_at_date=2026-11-21"


def _servers(run) -> dict[str, dict]:
    return {
        host: result["ansible_facts"]["preflight_server"]
        for host, result in run.results("Record this server's preflight").items()
    }


def test_preflight_reports_the_old_server_past_end_of_support_and_the_new_one_not_installed(play) -> None:
    run = play("preflight.yml", *JUDGE_AT.split())
    assert run.rc == 0, run.stderr
    servers = _servers(run)
    old, new = servers["old-sync01"], servers["new-sync01"]
    assert (old["inventory_role"], old["os"], old["version"]) == ("source", "Windows Server 2012 R2", "1.6.16.0")
    assert (old["verdict"], old["end_of_support"], old["staging_mode"]) == ("unsupported", "2022-08-31", False)
    assert "V1, retired on 2022-08-31" in old["summary"]
    assert "Windows Server 2012 R2 is not supported" in old["summary"]
    assert (new["inventory_role"], new["os"], new["installed"]) == ("target", "Windows Server 2022", False)
    assert (new["verdict"], new["passed"]) == ("not_installed", True)
    # One read per server: the gate judges the info module's snapshot.
    assert old["host_round_trips"] == new["host_round_trips"] == 1
    assert all(server["lab"] for server in servers.values())


def test_summary_says_it_ran_against_the_lab(play) -> None:
    run = play("preflight.yml")
    lines = next(iter(run.results("Show the preflight summary and the plan").values()))["msg"]
    assert lines[0].startswith("LAB RUN: old-sync01, new-sync01 simulated by the lab twin")
    assert any(line.strip().startswith("Verdict: UNSUPPORTED") for line in lines)
    assert any(
        line.strip() == "Verdict: NOT_INSTALLED - Entra Connect not installed; host ready for 2.6.91.0"
        for line in lines
    )


def test_preflight_changes_nothing_in_normal_and_check_mode(play, lab_dir: Path) -> None:
    before = {p.name: p.read_bytes() for p in lab_dir.iterdir()}
    for args in ([], ["--check"]):
        run = play("preflight.yml", *args)
        assert run.rc == 0
        assert all(run.stats(h)["changed"] == 0 for h in ("old-sync01", "new-sync01"))
    assert {p.name: p.read_bytes() for p in lab_dir.iterdir()} == before


def test_fail_on_unsupported_fails_only_the_old_server(play) -> None:
    run = play("preflight.yml", "-e", "preflight_fail_on_unsupported=true", *JUDGE_AT.split())
    assert run.rc == 2
    gate = run.results("Judge support from the same reading")
    assert gate["old-sync01"]["failed"] is True
    assert gate["old-sync01"]["msg"].startswith("OLD-SYNC01: 1.6.16.0 unsupported:")
    assert not gate["new-sync01"].get("failed")


def _break(lab_dir: Path, host: str, change) -> None:
    path = lab_dir / f"{host}.json"
    if callable(change):
        state = json.loads(path.read_text())
        change(state)
        path.write_text(json.dumps(state))
    elif change is None:
        path.unlink()
    else:
        path.write_text(change)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (None, "new-sync01.json does not exist. Reset the lab with `ansible-playbook hybrid_identity.entra_connect"),
        ('{"computer_name": "NEW-SYNC01",', "new-sync01.json is not valid JSON"),
        (
            lambda s: s["os"].update(build_number="20348"),
            "new-sync01.json is not a valid lab state at field 'os.build_number': '20348' is not of type 'integer'",
        ),
    ],
    ids=["missing", "corrupt", "schema"],
)
def test_a_bad_state_file_fails_that_host_with_one_clear_message(play, lab_dir, change, message) -> None:
    _break(lab_dir, "new-sync01", change)
    # Without entra_lab_seed_missing=false the lab connection would make a missing state file from its seed.
    run = play("preflight.yml", "-e", "entra_lab_seed_missing=false")
    info = run.results("Read the Entra Connect server")
    assert info["new-sync01"]["failed"] is True
    assert message in info["new-sync01"]["msg"]
    assert not info["old-sync01"].get("failed")
    assert run.stats("new-sync01")["unreachable"] == 0


def test_an_unreachable_host_is_reported_unreachable_not_failed(play, lab_dir) -> None:
    _break(lab_dir, "old-sync01", lambda s: s.update(faults={"unreachable": True}))
    run = play("preflight.yml")
    assert run.stats("old-sync01")["unreachable"] == 1
    assert run.stats("old-sync01")["failures"] == 0
    assert run.stats("new-sync01")["ok"] > 0


def test_the_lab_refuses_modules_that_are_not_the_collections(lab_dir) -> None:
    proc = subprocess.run(
        [str(BIN / "ansible"), "-i", str(INVENTORY), "old-sync01", "-m", "ansible.windows.win_ping"],
        cwd=ROOT,
        env=ansible_env(lab_dir, callback="default"),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode != 0
    assert "old-sync01 is a lab host (connection hybrid_identity.entra_connect.lab)" in proc.stdout + proc.stderr
