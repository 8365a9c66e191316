"""entra_lab_reset: the lab folder reset from the seeds the collection ships, on the controller only."""

from __future__ import annotations

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.action import entra_lab_reset
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._lab.seeds import MARKER
from hosts import FakeHost
from lab_twins import SEEDS


def test_reset_copies_every_seed_and_says_it_is_a_lab(run_action, tmp_path) -> None:
    lab = tmp_path / "lab"
    result = run_action(entra_lab_reset, {"path": str(lab)}, FakeHost())
    assert not result.get("failed"), result
    assert result["changed"] is True and result["lab"] is True
    assert result["path"] == str(lab)
    assert result["copied"] == sorted(p.name for p in SEEDS.glob("*.json"))
    assert (lab / "old-sync01.json").read_bytes() == (SEEDS / "old-sync01.json").read_bytes()
    assert result["decisions"][0].startswith(f"Reset the lab folder {lab}: 0 entries removed")
    assert "LAB: simulated servers only" in result["decisions"][0]


def test_without_a_path_the_folder_is_entra_lab_dir(run_action, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ENTRA_LAB_DIR", str(tmp_path / "from-env"))
    result = run_action(entra_lab_reset, {}, FakeHost())
    assert result["path"] == str(tmp_path / "from-env")
    assert (tmp_path / "from-env" / MARKER).is_file()


def test_check_mode_says_what_it_would_do_and_does_nothing(run_action, tmp_path) -> None:
    result = run_action(entra_lab_reset, {"path": str(tmp_path / "lab")}, FakeHost(), check_mode=True)
    assert result["changed"] is True
    assert result["decisions"][0].startswith("Would reset the lab folder")
    assert not (tmp_path / "lab").exists()


@pytest.mark.parametrize("check_mode", [False, True])
def test_a_folder_that_is_not_a_lab_is_refused_untouched(run_action, tmp_path, check_mode) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = run_action(entra_lab_reset, {"path": str(tmp_path)}, FakeHost(), check_mode=check_mode)
    assert result["failed"] is True
    assert result["msg"].startswith(f"{tmp_path} is not a lab folder")
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
