"""The execution environment: `ansible-builder create` on execution-environment.yml, as `make ee` runs it.

The collection is built from the checkout into a private directory laid out like the repository (the
definition and the files it names are linked there), so no file of the checkout is written. No container
engine is needed: the checks read the build context and, for the dependencies a collection declares to any
execution environment (meta/execution-environment.yml), `ansible-builder introspect` on the built collection
installed as the image's galaxy stage installs it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tarfile
from pathlib import Path

import pytest
import yaml
from bindep.depends import Depends
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(os.environ.get("VIRTUAL_ENV", ROOT / ".venv")) / "bin"
DEFINITION = ROOT / "execution-environment.yml"
ANSIBLE_GALAXY = str(BIN / "ansible-galaxy")
ANSIBLE_BUILDER = str(BIN / "ansible-builder")
GALAXY = yaml.safe_load((ROOT / "galaxy.yml").read_text())
COLLECTION = f"{GALAXY['namespace']}.{GALAXY['name']}"
RPM = ["platform:rpm", "platform:redhat", "platform:centos"]
DPKG = ["platform:dpkg", "platform:debian", "platform:ubuntu"]


def run(*argv: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    proc = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=120)
    assert proc.returncode == 0, f"{' '.join(argv)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    return proc


def runtime_pins() -> dict[str, str]:
    """name -> version pinned in requirements/runtime.txt (what .venv runs)."""
    pins = {}
    for line in (ROOT / "requirements" / "runtime.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            req = Requirement(line)
            pins[req.name.lower()] = str(req.specifier).removeprefix("==")
    return pins


def requirement_lines(path: Path) -> dict[str, Requirement]:
    reqs = {}
    for line in path.read_text().splitlines():
        line = line.split(" #", 1)[0].strip()
        if line and not line.startswith("#"):
            req = Requirement(line)
            reqs[req.name.lower()] = req
    return reqs


def packages(bindep_text: str, profiles: list[str]) -> set[str]:
    return {rule[0] for rule in Depends(bindep_text).active_rules(profiles)}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The collection tarball and the build context, made as `make ee` makes them, in a private tree."""
    tree = tmp_path_factory.mktemp("ee")
    definition = yaml.safe_load(DEFINITION.read_text())
    # The definition and every file it names, at the same relative paths as in the checkout.
    deps = definition["dependencies"]
    for relative in ("execution-environment.yml", deps["python"], deps["system"]):
        (tree / relative).parent.mkdir(parents=True, exist_ok=True)
        (tree / relative).symlink_to(ROOT / relative)
    (tarball_entry,) = definition["additional_build_files"]
    tarball = tree / tarball_entry["src"]
    tarball.parent.mkdir(parents=True)
    env = dict(os.environ, ANSIBLE_CONFIG=str(ROOT / "ansible.cfg"))
    run(ANSIBLE_GALAXY, "collection", "build", "--output-path", str(tarball.parent), ".", cwd=ROOT, env=env)
    (versioned,) = tarball.parent.glob(f"{GALAXY['namespace']}-{GALAXY['name']}-*.tar.gz")
    versioned.rename(tarball)
    context = tree / "context"
    run(
        ANSIBLE_BUILDER, "create", "--file", str(tree / "execution-environment.yml"),
        "--context", str(context), "--output-filename", "Containerfile", cwd=tree,
    )  # fmt: skip
    return {"tree": tree, "tarball": tarball, "context": context}


def test_the_containerfile_installs_the_venvs_ansible_core(built: dict[str, Path]) -> None:
    containerfile = (built["context"] / "Containerfile").read_text()
    refs = re.search(r'^ARG ANSIBLE_INSTALL_REFS="([^"]*)"', containerfile, re.MULTILINE)
    assert refs, containerfile
    core = [Requirement(ref) for ref in refs.group(1).split() if Requirement(ref).name == "ansible-core"]
    assert [str(req.specifier) for req in core] == [f"=={runtime_pins()['ansible-core']}"]
    # A container engine builds it from a public image, with the interpreter ansible-core 2.19 needs.
    base = re.search(r'^ARG EE_BASE_IMAGE="([^"]+)"', containerfile, re.MULTILINE)
    assert base and not base.group(1).startswith("registry.redhat.io/")
    python = re.search(r'^ARG PYCMD="[^"]*python3\.(\d+)"', containerfile, re.MULTILINE)
    assert python and int(python.group(1)) >= 11
    assert "ansible-galaxy collection install" in containerfile and "introspect" in containerfile


def test_the_python_requirements_carry_every_windows_transport(built: dict[str, Path]) -> None:
    reqs = requirement_lines(built["context"] / "_build" / "requirements.txt")
    assert {"kerberos", "credssp"} <= reqs["pywinrm"].extras
    assert "kerberos" in reqs["pypsrp"].extras
    pins = runtime_pins()
    for name in ("pywinrm", "pypsrp", "jsonschema"):
        assert str(reqs[name].specifier) == f"=={pins[name]}", name


def test_bindep_brings_kerberos_to_build_and_to_run(built: dict[str, Path]) -> None:
    text = (built["context"] / "_build" / "bindep.txt").read_text()
    run_rpm = packages(text, RPM)
    build_rpm = packages(text, [*RPM, "compile"])
    # Libraries and kinit/klist in the image; headers and a compiler only where wheels are built.
    assert {"krb5-libs", "krb5-workstation"} <= run_rpm
    assert {"krb5-devel", "gcc"} <= build_rpm - run_rpm
    interpreter = yaml.safe_load(DEFINITION.read_text())["dependencies"]["python_interpreter"]["package_system"]
    assert f"{interpreter}-devel" in build_rpm - run_rpm
    assert "libkrb5-dev" in packages(text, [*DPKG, "compile"]) - packages(text, DPKG)


def test_the_galaxy_requirements_carry_this_collection_and_ansible_windows(built: dict[str, Path]) -> None:
    build_dir = built["context"] / "_build"
    collections = yaml.safe_load((build_dir / "requirements.yml").read_text())["collections"]
    (local,) = [entry for entry in collections if entry.get("type") == "file"]
    # The image's galaxy stage runs in the copy of _build/: the tarball must be there, and be this collection.
    with tarfile.open(build_dir / local["name"]) as archive:
        manifest = json.load(archive.extractfile("MANIFEST.json"))["collection_info"]
    assert (f"{manifest['namespace']}.{manifest['name']}", manifest["version"]) == (COLLECTION, GALAXY["version"])
    windows = [entry for entry in collections if entry.get("name") == "ansible.windows"]
    assert [entry["version"] for entry in windows] == [GALAXY["dependencies"]["ansible.windows"]]


def test_the_collection_declares_its_dependencies_to_any_execution_environment(built: dict[str, Path]) -> None:
    """What the builder stage's introspection finds in the installed collection."""
    installed = built["tree"] / "installed"
    config = built["tree"] / "empty.cfg"
    config.write_text("")
    env = dict(os.environ, ANSIBLE_CONFIG=str(config))
    tarball = str(built["tarball"])
    run(ANSIBLE_GALAXY, "collection", "install", "--no-deps", "-p", str(installed), tarball, cwd=ROOT, env=env)
    found = yaml.safe_load(run(ANSIBLE_BUILDER, "introspect", str(installed), cwd=built["tree"]).stdout)
    assert all(line.endswith(f"# from collection {COLLECTION}") for line in found["python"] + found["system"])
    python = {req.name.lower(): req for req in (Requirement(line.split(" #", 1)[0]) for line in found["python"])}
    assert {"kerberos", "credssp"} <= python["pywinrm"].extras
    assert "kerberos" in python["pypsrp"].extras
    assert "jsonschema" in python
    system = "\n".join(line.split("  #", 1)[0] for line in found["system"])
    assert {"krb5-devel", "krb5-libs"} <= packages(system, [*RPM, "compile"])
