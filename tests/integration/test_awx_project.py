"""The repository as an AWX project: collections/requirements.yml, installed as AWX's project update does.

AWX runs `ansible-galaxy collection install -r collections/requirements.yml` from the project's root into
a directory it then puts on the jobs' collections path; a job template names a playbook of the project. The
install here is offline: Galaxy is not reachable, and the collections this file names from Galaxy come with
the `ansible` package of .venv, where ansible-galaxy finds them installed.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
from pathlib import Path

import ansible
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(os.environ.get("VIRTUAL_ENV", ROOT / ".venv")) / "bin"
REQUIREMENTS = ROOT / "collections" / "requirements.yml"
GALAXY = yaml.safe_load((ROOT / "galaxy.yml").read_text())
COLLECTION = f"{GALAXY['namespace']}.{GALAXY['name']}"
FQCN = re.compile(r"^([a-z][a-z0-9_]*)\.([a-z][a-z0-9_]*)\.[a-z][a-z0-9_]*$")
OWN = {COLLECTION, "ansible.builtin", "ansible.legacy"}
# The collections the `ansible` package of .venv carries: a dotted name is a call into a collection only if
# it names one of them (so a domain such as contoso.onmicrosoft.com is not taken for a collection).
INSTALLED = Path(ansible.__file__).resolve().parents[1] / "ansible_collections"


def listed() -> dict[str, dict]:
    """Collection name -> its entry in collections/requirements.yml (the checkout itself under its name)."""
    entries = {}
    for entry in yaml.safe_load(REQUIREMENTS.read_text())["collections"]:
        if entry.get("type") == "dir":
            meta = yaml.safe_load((ROOT / entry["name"] / "galaxy.yml").read_text())
            entries[f"{meta['namespace']}.{meta['name']}"] = entry
        else:
            entries[entry["name"]] = entry
    return entries


def collection_of(name: object) -> str | None:
    match = FQCN.match(name) if isinstance(name, str) else None
    if not match or not (INSTALLED / match.group(1) / match.group(2)).is_dir():
        return None
    return f"{match.group(1)}.{match.group(2)}"


def used_collections() -> dict[str, set[str]]:
    """Collection -> the files that call one of its modules, roles, playbooks or connection plugins."""
    used: dict[str, set[str]] = {}

    def note(name: object, where: Path) -> None:
        collection = collection_of(name)
        if collection not in OWN | {None}:
            used.setdefault(collection, set()).add(str(where.relative_to(ROOT)))

    def walk_yaml(node: object, where: Path) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                note(key, where)  # a task's module, e.g. ansible.windows.win_reboot
                if key in ("role", "name", "import_playbook", "ansible_connection", "connection", "action", "module"):
                    note(value, where)
                walk_yaml(value, where)
        elif isinstance(node, list):
            for item in node:
                walk_yaml(item, where)

    # awx/: the configuration-as-code playbooks that set AWX up for this project (they call awx.awx).
    for top in ("roles", "playbooks", "inventories", "awx"):
        for path in (ROOT / top).rglob("*.yml"):
            walk_yaml(yaml.safe_load(path.read_text()), path)
    # Plugins call modules by name from Python (e.g. the Windows host runs ansible.windows.win_powershell).
    for path in (ROOT / "plugins").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant):
                note(node.value, path)
    return used


def test_every_collection_the_content_calls_is_listed() -> None:
    used = used_collections()
    assert "ansible.windows" in used  # the scan sees the Windows host's win_powershell and win_reboot
    assert set(listed()) - {COLLECTION} <= set(used), "collections/requirements.yml lists a collection nothing calls"
    missing = {name: sorted(files) for name, files in used.items() if name not in listed()}
    assert not missing, f"collections/requirements.yml misses collections the content calls: {missing}"


def test_the_project_installs_this_collection_and_its_dependency_range() -> None:
    entries = listed()
    assert entries[COLLECTION] == {"name": ".", "type": "dir"}
    assert entries["ansible.windows"]["version"] == GALAXY["dependencies"]["ansible.windows"]


@pytest.fixture(scope="module")
def project_update(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """collections/requirements.yml installed the way AWX's project update installs it."""
    work = tmp_path_factory.mktemp("awx")
    config = work / "empty.cfg"
    config.write_text("")
    destination = work / "requirements_collections"
    env = dict(os.environ, ANSIBLE_CONFIG=str(config), ANSIBLE_COLLECTIONS_PATH=str(destination), ANSIBLE_NOCOLOR="1")
    env.pop("ANSIBLE_ROLES_PATH", None)
    proc = subprocess.run(
        [str(BIN / "ansible-galaxy"), "collection", "install", "-r", "collections/requirements.yml",
         "--collections-path", str(destination), "--offline"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return {"work": work, "destination": destination, "env": env, "output": proc.stdout}


def test_the_project_update_installs_the_checkout_as_the_collection(project_update: dict) -> None:
    installed = project_update["destination"] / "ansible_collections" / GALAXY["namespace"] / GALAXY["name"]
    assert (installed / "MANIFEST.json").is_file(), project_update["output"]
    playbook = Path("playbooks", "swing_migration.yml")
    assert (installed / playbook).read_text() == (ROOT / playbook).read_text()
    # The other entries are satisfied (here by the ansible package), not missing.
    assert "ansible.windows" in project_update["output"] and "already installed" in project_update["output"]


def test_a_job_template_runs_a_playbook_by_fqcn_from_the_installed_copy(project_update: dict) -> None:
    """No link to the checkout and no ansible.cfg of the project: only what the project update installed."""
    proc = subprocess.run(
        [str(BIN / "ansible-playbook"), "--syntax-check", "-i", str(ROOT / "inventories" / "lab"),
         f"{COLLECTION}.swing_migration", "-vvv"],
        cwd=project_update["work"], env=project_update["env"], capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    installed = project_update["destination"] / "ansible_collections" / GALAXY["namespace"] / GALAXY["name"]
    assert f"{installed}/playbooks/swing_migration.yml" in proc.stdout
