"""The collection as a consumer gets it: the built tarball, installed, run from an empty folder.

`ansible-galaxy collection build` makes the tarball; it is installed offline (no Galaxy: ansible.windows
comes from the `ansible` package in the virtual environment) into a temporary collections path, and the
commands docs/lab.md gives run from an empty working directory with a fresh HOME, no ansible.cfg and no
link to this checkout: the lab reset, then the swing migration on the lab inventory shipped inside the
installed collection.
"""

from __future__ import annotations

import json
import os
import subprocess
import tarfile
import time
from pathlib import Path
from typing import Any

import ansible
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(os.environ.get("VIRTUAL_ENV", ROOT / ".venv")) / "bin"
GALAXY = yaml.safe_load((ROOT / "galaxy.yml").read_text())
# The directory that holds the `ansible` package's ansible_collections (ansible.windows among them).
SITE_PACKAGES = Path(ansible.__file__).resolve().parents[1]
RESET = "ansible-playbook hybrid_identity.entra_connect.lab_reset"
INFO = "hybrid_identity.entra_connect.entra_connect_info"

# What builds and tests the checkout; none of it belongs in the tarball.
DEVELOPER_FILES = [
    "Makefile",
    ".ansible-lint",
    "ansible.cfg",
    "pyproject.toml",
    "requirements/test.txt",
    "requirements/runtime.txt",
    "tests/conftest.py",
    "tests/unit/conftest.py",
    "tests/integration/conftest.py",
    "tests/integration/test_installed_collection.py",
    "tests/benchmarks/bench_runbooks.py",
    "tests/sanity/run_sanity.py",
    "extensions/molecule/config.yml",
]
# What a consumer runs; all of it must be in the tarball.
CONSUMER_FILES = [
    "lab/installer/AzureADConnect.msi",
    *(f"lab/seeds/{path.name}" for path in sorted((ROOT / "lab" / "seeds").glob("*.json"))),
    "playbooks/lab_reset.yml",
    "playbooks/swing_migration.yml",
    "inventories/lab/hosts.yml",
    "inventories/lab/group_vars/all.yml",
    "plugins/connection/lab.py",
    "plugins/plugin_utils/_lab/seeds.py",
    "plugins/modules/entra_lab_reset.py",
    "plugins/action/entra_lab_reset.py",
    "roles/target_preparation/defaults/main.yml",
    "meta/runtime.yml",
    "docs/lab.md",
    "changelogs/config.yaml",
    "LICENSE",
    "README.md",
]


def run(command: list[str], cwd: Path, env: dict[str, str], timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=timeout)


@pytest.fixture(scope="module")
def consumer(tmp_path_factory) -> dict[str, Any]:
    """The tarball built from this checkout and installed as a consumer would, with a consumer's environment."""
    base = tmp_path_factory.mktemp("consumer")
    build, collections, home, empty = base / "build", base / "collections", base / "home", base / "empty"
    for folder in (build, home, empty):
        folder.mkdir()
    # Nothing of this checkout's configuration: no ANSIBLE_CONFIG, no ENTRA_LAB_DIR, no .collections link.
    env = {key: value for key, value in os.environ.items() if not key.startswith(("ANSIBLE_", "ENTRA_"))}
    env.update(
        HOME=str(home),
        ANSIBLE_COLLECTIONS_PATH=f"{collections}{os.pathsep}{SITE_PACKAGES}",
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_FORCE_COLOR="0",
    )
    started = time.perf_counter()
    galaxy = str(BIN / "ansible-galaxy")
    built = run([galaxy, "collection", "build", "--output-path", str(build), str(ROOT)], empty, env)
    assert built.returncode == 0, built.stdout + built.stderr
    (tarball,) = build.glob(f"{GALAXY['namespace']}-{GALAXY['name']}-*.tar.gz")
    installed = run(
        [galaxy, "collection", "install", "--offline", "--no-deps", "-p", str(collections), str(tarball)],
        empty,
        env,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    root = collections / "ansible_collections" / GALAXY["namespace"] / GALAXY["name"]
    print(f"build and install: {time.perf_counter() - started:.1f} s")
    return {"tarball": tarball, "root": root, "env": env, "home": home, "empty": empty}


def test_the_tarball_ships_what_a_consumer_runs_and_no_developer_tooling(consumer) -> None:
    with tarfile.open(consumer["tarball"]) as archive:
        names = set(archive.getnames())
    assert [path for path in CONSUMER_FILES if path not in names] == []
    assert [path for path in DEVELOPER_FILES if path in names] == []
    dev_folders = (".mypy_cache", ".venv", ".collections", ".lab/", "requirements/")
    assert not any(name.startswith(dev_folders) for name in names)


def test_an_installed_collection_runs_the_lab_from_an_empty_folder(consumer) -> None:
    env, empty, root = consumer["env"], consumer["empty"], consumer["root"]
    lab = consumer["home"] / ".ansible" / "hybrid_identity.entra_connect" / "lab"
    started = time.perf_counter()
    reset = run(
        [str(BIN / "ansible-playbook"), "hybrid_identity.entra_connect.lab_reset"],
        empty,
        dict(env, ANSIBLE_STDOUT_CALLBACK="ansible.posix.json", ANSIBLE_LOAD_CALLBACK_PLUGINS="1"),
    )
    assert reset.returncode == 0, reset.stdout + reset.stderr
    result = json.loads(reset.stdout)["plays"][0]["tasks"][0]["hosts"]["localhost"]
    # The seeds came from the installed collection, into the default lab folder under HOME.
    assert Path(result["seeds"]) == root / "lab" / "seeds"
    assert Path(result["path"]) == lab
    assert (lab / "old-sync01.json").read_bytes() == (root / "lab" / "seeds" / "old-sync01.json").read_bytes()
    reset_seconds = time.perf_counter() - started

    started = time.perf_counter()
    # The documented command: the inventory the reset wrote into the lab folder, at a path that does not depend on
    # where the collection is installed (here a temporary collections path).
    inventory = Path(result["inventory"])
    assert inventory == lab / "inventory" and (inventory / "hosts.yml").is_file()
    swing = run(
        [str(BIN / "ansible-playbook"), "-i", str(inventory), "hybrid_identity.entra_connect.swing_migration"],
        empty,
        env,
    )
    print(f"lab reset: {reset_seconds:.1f} s; swing migration: {time.perf_counter() - started:.1f} s")
    assert swing.returncode == 0, swing.stdout[-4000:] + swing.stderr[-4000:]
    report = json.loads((lab / "reports" / "contoso-swing_migration.json").read_text())
    assert report["lab"] is True
    # The new server took over: it left staging mode with the lab installer shipped in the collection.
    new = json.loads((lab / "new-sync01.json").read_text())
    assert new["entra_connect"]["staging_mode"] is False
    assert any(path.lower().endswith("\\azureadconnect.msi") for path in new["files"])
    # The run wrote nothing into the folder it was started from.
    assert list(empty.iterdir()) == []


def test_the_installed_lab_connection_makes_a_missing_server_from_its_seed(consumer, tmp_path) -> None:
    root, lab = consumer["root"], tmp_path / "fresh-lab"
    proc = run(
        [str(BIN / "ansible"), "-i", str(root / "inventories" / "lab"), "new-sync01", "-m", INFO],
        consumer["empty"],
        dict(consumer["env"], ENTRA_LAB_DIR=str(lab)),
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    said = " ".join((proc.stdout + proc.stderr).split())
    assert "LAB: new-sync01 is a simulated Entra Connect server and had no state yet" in said
    assert RESET in said
    assert (lab / "new-sync01.json").read_bytes() == (root / "lab" / "seeds" / "new-sync01.json").read_bytes()
    assert (lab / "contoso.tenant.json").is_file()
