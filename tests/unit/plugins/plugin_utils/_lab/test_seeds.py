"""The lab as the collection ships it: seeds found from the code's own place, a missing state seeded, a reset."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import LabStateError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._lab import seeds
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._lab.store import FileTwinStore
from lab_twins import ROOT, SEEDS


def test_the_seeds_and_installer_are_found_beside_the_code_not_the_working_directory(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert Path(seeds.SEEDS_DIR).samefile(SEEDS)
    assert Path(seeds.INSTALLER).samefile(ROOT / "lab" / "installer" / "AzureADConnect.msi")
    assert seeds.seed_names() == sorted(path.name for path in SEEDS.glob("*.json"))


def test_the_lab_folder_is_the_variable_then_the_environment_then_the_default(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("ENTRA_LAB_DIR", raising=False)
    assert seeds.lab_dir() == str(tmp_path / "home" / ".ansible" / "hybrid_identity.entra_connect" / "lab")
    monkeypatch.setenv("ENTRA_LAB_DIR", str(tmp_path / "env"))
    assert seeds.lab_dir() == str(tmp_path / "env")
    assert seeds.lab_dir(str(tmp_path / "var")) == str(tmp_path / "var")


def test_the_shipped_inventory_defaults_to_the_same_folder_as_the_reset() -> None:
    group_vars = yaml.safe_load((ROOT / "inventories" / "lab" / "group_vars" / "all.yml").read_text())
    assert f"default('{seeds.DEFAULT_LAB_DIR}', true)" in group_vars["entra_lab_dir"]
    # Nothing in the shipped inventory is relative to where the inventory happens to be.
    for path in (ROOT / "inventories" / "lab").rglob("*.yml"):
        assert "inventory_dir" not in path.read_text(), path


def test_a_missing_state_file_is_made_from_its_seed_with_its_tenant_log(tmp_path) -> None:
    lab = tmp_path / "new" / "lab"
    done = seeds.seed_missing(str(lab / "old-sync01.json"))
    assert done.created == [str(lab / "old-sync01.json"), str(lab / "contoso.tenant.json")]
    assert (lab / "old-sync01.json").read_bytes() == (SEEDS / "old-sync01.json").read_bytes()
    assert (lab / "contoso.tenant.json").read_bytes() == (SEEDS / "contoso.tenant.json").read_bytes()
    # The folder it made is a lab folder, which a reset may empty.
    assert (lab / seeds.MARKER).is_file()
    message = done.message("old-sync01")
    assert message.startswith("LAB: old-sync01 is a simulated Entra Connect server and had no state yet")
    assert "ansible-playbook hybrid_identity.entra_connect.lab_reset" in message
    assert [p.name for p in lab.iterdir() if p.name.startswith(".old") or p.name.startswith(".contoso")] == []


def test_the_shared_tenant_log_is_kept_and_an_existing_state_is_never_replaced(tmp_path) -> None:
    seeds.seed_missing(str(tmp_path / "old-sync01.json"))
    (tmp_path / "contoso.tenant.json").write_text('{"changed": "by a run"}')
    done = seeds.seed_missing(str(tmp_path / "new-sync01.json"))
    assert done.created == [str(tmp_path / "new-sync01.json")]
    assert (tmp_path / "contoso.tenant.json").read_text() == '{"changed": "by a run"}'
    (tmp_path / "new-sync01.json").write_text("{}")
    assert seeds.seed_missing(str(tmp_path / "new-sync01.json")).created == []
    assert (tmp_path / "new-sync01.json").read_text() == "{}"


def test_a_state_file_with_no_seed_of_its_name_stays_missing(tmp_path) -> None:
    assert seeds.seed_missing(str(tmp_path / "server-a.json")).created == []
    assert list(tmp_path.iterdir()) == []


def test_an_existing_folder_that_is_not_empty_is_not_marked_by_seeding(tmp_path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    seeds.seed_missing(str(tmp_path / "ha-sync01.json"))
    assert (tmp_path / "ha-sync01.json").is_file()
    assert not (tmp_path / seeds.MARKER).exists()


def test_the_file_store_seeds_and_announces_only_when_asked(tmp_path) -> None:
    told = []
    state = FileTwinStore(str(tmp_path / "ha-sync02.json"), announce=told.append).read_state()
    assert state["computer_name"] == json.loads((SEEDS / "ha-sync02.json").read_text())["computer_name"]
    assert [t.seeds for t in told] == [["ha-sync02.json", "fabrikam.tenant.json"]]
    FileTwinStore(str(tmp_path / "ha-sync02.json"), announce=told.append).read_state()
    assert len(told) == 1
    with pytest.raises(LabStateError, match="ha-sync01.json does not exist. Reset the lab with `ansible-playbook"):
        FileTwinStore(str(tmp_path / "ha-sync01.json")).read_state()


def test_a_reset_empties_a_lab_folder_and_copies_every_seed(tmp_path) -> None:
    lab = tmp_path / "lab"
    first = seeds.reset_lab(str(lab))
    assert first.removed == []
    assert sorted(p.name for p in lab.iterdir()) == sorted([seeds.MARKER, seeds.INVENTORY_DIR, *first.copied])
    (lab / "old-sync01.json").write_text("{}")
    (lab / "reports").mkdir()
    (lab / "reports" / "contoso-swing_migration.md").write_text("# report")
    second = seeds.reset_lab(str(lab))
    assert second.removed == sorted(["reports", seeds.INVENTORY_DIR, *first.copied])
    assert not (lab / "reports").exists()
    assert (lab / "old-sync01.json").read_bytes() == (SEEDS / "old-sync01.json").read_bytes()


def test_a_reset_in_check_mode_changes_nothing(tmp_path) -> None:
    (tmp_path / seeds.MARKER).write_text("")
    (tmp_path / "old-sync01.json").write_text("{}")
    plan = seeds.reset_lab(str(tmp_path), check_mode=True)
    assert plan.removed == ["old-sync01.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([seeds.MARKER, "old-sync01.json"])
    assert not (tmp_path / "new").exists()
    assert seeds.reset_lab(str(tmp_path / "new"), check_mode=True).copied == seeds.seed_names()
    assert not (tmp_path / "new").exists()


def test_a_reset_refuses_a_folder_that_is_not_a_lab_folder(tmp_path) -> None:
    (tmp_path / "thesis.tex").write_text("years of work")
    with pytest.raises(LabStateError, match=f"^{tmp_path} is not a lab folder: it holds files and no {seeds.MARKER}"):
        seeds.reset_lab(str(tmp_path))
    assert [p.name for p in tmp_path.iterdir()] == ["thesis.tex"]
    (tmp_path / "file").write_text("")
    with pytest.raises(LabStateError, match="is not a folder"):
        seeds.reset_lab(str(tmp_path / "file"))


def test_a_reset_removes_a_link_not_what_it_points_to(tmp_path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("kept")
    lab = tmp_path / "lab"
    seeds.reset_lab(str(lab))
    os.symlink(outside, lab / "link")
    seeds.reset_lab(str(lab))
    assert not (lab / "link").exists()
    assert (outside / "keep.txt").read_text() == "kept"


def test_a_reset_writes_the_lab_inventory_bound_to_its_folder(tmp_path) -> None:
    # One path for -i, wherever the collection is installed, that reaches this lab whatever ENTRA_LAB_DIR says.
    lab = tmp_path / "my lab"
    done = seeds.reset_lab(str(lab))
    inventory = lab / seeds.INVENTORY_DIR
    assert done.inventory == str(inventory)
    shipped = Path(seeds.LAB_INVENTORY)
    assert (inventory / "hosts.yml").read_text() == (shipped / "hosts.yml").read_text()
    settings = yaml.safe_load((inventory / "group_vars" / "all.yml").read_text())
    assert settings["entra_lab_dir"] == str(lab)
    shipped_settings = yaml.safe_load((shipped / "group_vars" / "all.yml").read_text())
    assert {k: v for k, v in settings.items() if k != "entra_lab_dir"} == {
        k: v for k, v in shipped_settings.items() if k != "entra_lab_dir"
    }
