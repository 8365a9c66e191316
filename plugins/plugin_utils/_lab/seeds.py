# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The lab as the collection ships it: the seed states and the lab installer, and the lab folder made from them.

The seeds (``lab/seeds/*.json``) and the lab installer (``lab/installer/AzureADConnect.msi``) ship inside the
collection, so they are found from this file's own place in the installed collection, never from an inventory
or the working directory. A lab folder holds the twins' state files and tenant logs, and what a run writes
there (reports, exports, evidence). Two ways fill it, with the same copies:

- ``reset_lab``: the lab reset (module ``entra_lab_reset``, playbook ``lab_reset.yml``) empties the folder and
  copies every seed into it, so each run starts from the same lab;
- ``seed_missing``: the lab connection creates a state file that does not exist from the seed of the same
  name, and the tenant log it names when that is missing too, so a first run needs no reset.

The reset empties only a folder that is new, empty or marked as a lab folder (``MARKER``, which the reset and
a seeding that made the folder write), so a lab folder set to the wrong place never costs anyone their files.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field

from .._common.errors import LabStateError

# plugins/plugin_utils/_lab/seeds.py -> the collection's root, wherever the collection is installed.
COLLECTION_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
SEEDS_DIR = os.path.join(COLLECTION_ROOT, "lab", "seeds")
INSTALLER = os.path.join(COLLECTION_ROOT, "lab", "installer", "AzureADConnect.msi")
LAB_INVENTORY = os.path.join(COLLECTION_ROOT, "inventories", "lab")
# The copy of the lab inventory a reset writes into the lab folder, bound to that folder: one path to give to -i,
# wherever the collection is installed.
INVENTORY_DIR = "inventory"
LAB_DIR_SETTING = "entra_lab_dir:"
# Where the lab lives when neither entra_lab_dir nor ENTRA_LAB_DIR says: outside any inventory or checkout.
DEFAULT_LAB_DIR = "~/.ansible/hybrid_identity.entra_connect/lab"
LAB_DIR_ENV = "ENTRA_LAB_DIR"
RESET_COMMAND = "ansible-playbook hybrid_identity.entra_connect.lab_reset"
# Marks a folder as a lab folder, which the reset may empty.
MARKER = ".hybrid_identity.entra_connect.lab"
MARKER_TEXT = (
    "This folder is a lab of the Ansible collection hybrid_identity.entra_connect: simulated servers, not real ones.\n"
    f"`{RESET_COMMAND}` empties it and copies the seed states in again (docs/lab.md).\n"
)


def lab_dir(value: str | None = None) -> str:
    """The lab folder: ``value`` (entra_lab_dir), else $ENTRA_LAB_DIR, else DEFAULT_LAB_DIR; absolute."""
    chosen = value or os.environ.get(LAB_DIR_ENV) or DEFAULT_LAB_DIR
    return os.path.abspath(os.path.expanduser(chosen))


def seed_names() -> list[str]:
    """The seed files the collection ships, by name."""
    try:
        names = sorted(name for name in os.listdir(SEEDS_DIR) if name.endswith(".json"))
    except OSError as err:
        raise LabStateError(f"The collection's lab seeds cannot be read at {SEEDS_DIR}: {err}") from None
    if not names:
        raise LabStateError(f"The collection ships no lab seeds: {SEEDS_DIR} holds no .json file")
    return names


def _copy_new(source: str, dest: str) -> bool:
    """Copy ``source`` to ``dest`` only if ``dest`` does not exist, atomically: True when this call made it.

    Two hosts of one lab may seed the tenant log they share at the same moment; one makes it, the other
    finds it made and keeps it (os.link refuses an existing name)."""
    folder = os.path.dirname(dest)
    fd, temp_path = tempfile.mkstemp(prefix=f".{os.path.basename(dest)}-", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle, open(source, "rb") as seed:
            shutil.copyfileobj(seed, handle)
        os.chmod(temp_path, 0o644)
        try:
            os.link(temp_path, dest)
        except FileExistsError:
            return False
        return True
    finally:
        os.unlink(temp_path)


def _mark(folder: str) -> None:
    path = os.path.join(folder, MARKER)
    if not os.path.exists(path):
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(MARKER_TEXT)


@dataclass
class Seeding:
    """What ``seed_missing`` created: the state file and tenant log paths, and the seeds they came from."""

    created: list[str] = field(default_factory=list)
    seeds: list[str] = field(default_factory=list)

    def message(self, host: str) -> str:
        return (
            f"LAB: {host} is a simulated Entra Connect server and had no state yet: created "
            + ", ".join(self.created)
            + " from the seeds shipped with hybrid_identity.entra_connect ("
            + ", ".join(self.seeds)
            + f"). `{RESET_COMMAND}` starts the whole lab again from the seeds."
        )


def seed_missing(state_path: str) -> Seeding:
    """Create a missing state file from the collection's seed of the same name, and its tenant log if missing.

    Returns what was created (nothing when the state file exists). A missing state file with no seed of its
    name is left missing: reading it then fails with the reset hint."""
    done = Seeding()
    path = os.path.abspath(os.path.expanduser(state_path))
    seed = os.path.join(SEEDS_DIR, os.path.basename(path))
    if os.path.exists(path) or not os.path.isfile(seed):
        return done
    folder = os.path.dirname(path)
    new_folder = not os.path.isdir(folder) or not os.listdir(folder)
    try:
        os.makedirs(folder, exist_ok=True)
        if new_folder:
            _mark(folder)
        if _copy_new(seed, path):
            done.created.append(path)
            done.seeds.append(os.path.basename(seed))
        log = _tenant_log_of(seed)
        log_seed = os.path.join(SEEDS_DIR, log) if log else ""
        if log and os.path.isfile(log_seed) and _copy_new(log_seed, os.path.join(folder, log)):
            done.created.append(os.path.join(folder, log))
            done.seeds.append(log)
    except OSError as err:
        raise LabStateError(
            f"Lab state file {path} does not exist and cannot be created from its seed: {err}"
        ) from None
    return done


def _tenant_log_of(seed: str) -> str:
    with open(seed, encoding="utf-8") as handle:
        document = json.load(handle)
    log = document.get("tenant_log") if isinstance(document, dict) else None
    # A name next to the state file, never a path elsewhere.
    return log if isinstance(log, str) and log == os.path.basename(log) else ""


@dataclass
class Reset:
    """What a reset did (or, in check mode, would do) to the lab folder."""

    path: str
    removed: list[str]
    copied: list[str]

    @property
    def inventory(self) -> str:
        return os.path.join(self.path, INVENTORY_DIR)


def reset_plan(folder: str) -> Reset:
    """What resetting ``folder`` removes and copies; refuses a folder that is not a lab folder."""
    seeds = seed_names()
    if os.path.lexists(folder) and not os.path.isdir(folder):
        raise LabStateError(
            f"The lab folder {folder} is not a folder; set entra_lab_dir (or {LAB_DIR_ENV}) to a folder"
        )
    entries = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
    if entries and MARKER not in entries:
        raise LabStateError(
            f"{folder} is not a lab folder: it holds files and no {MARKER} (which a lab reset writes), and a reset "
            f"empties the folder it resets. Set entra_lab_dir (or {LAB_DIR_ENV}) to a new or empty folder, or "
            "empty this one yourself"
        )
    return Reset(folder, [name for name in entries if name != MARKER], seeds)


def _write_inventory(folder: str, inventory: str) -> None:
    """The shipped lab inventory, with its lab folder set to this one, so ``-i <lab folder>/inventory`` reaches
    this lab whatever ENTRA_LAB_DIR says later."""
    shutil.copytree(LAB_INVENTORY, inventory)
    settings = os.path.join(inventory, "group_vars", "all.yml")
    with open(settings, encoding="utf-8") as handle:
        lines = handle.read().splitlines(keepends=True)
    bound = [
        f"{LAB_DIR_SETTING} {json.dumps(folder)}\n" if line.startswith(LAB_DIR_SETTING) else line for line in lines
    ]
    if bound == lines:
        raise LabStateError(f"The shipped lab inventory {LAB_INVENTORY} sets no {LAB_DIR_SETTING.rstrip(':')}")
    with open(settings, "w", encoding="utf-8") as handle:
        handle.writelines(bound)


def reset_lab(folder: str, check_mode: bool = False) -> Reset:
    """Empty the lab folder and copy every seed into it (see the module's docstring)."""
    plan = reset_plan(folder)
    if check_mode:
        return plan
    try:
        os.makedirs(folder, exist_ok=True)
        _mark(folder)
        for name in plan.removed:
            entry = os.path.join(folder, name)
            if os.path.isdir(entry) and not os.path.islink(entry):
                shutil.rmtree(entry)
            else:
                os.unlink(entry)
        for name in plan.copied:
            shutil.copyfile(os.path.join(SEEDS_DIR, name), os.path.join(folder, name))
        _write_inventory(folder, plan.inventory)
    except OSError as err:
        raise LabStateError(f"The lab folder {folder} cannot be reset: {err}") from None
    return plan
