"""Microsoft's Contoso server-configuration export (../shared/reference-data, never copied into the project),
and copies of one side that the tests change as a server would be changed."""

from __future__ import annotations

import os
import re
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[5]
REFERENCE_DATA = Path(os.environ.get("ENTRA_REFERENCE_DATA", ROOT.parent / "shared" / "reference-data"))
CONTOSO = REFERENCE_DATA / "documenter-contoso"
PRODUCTION = CONTOSO / "Production"
# The tests fail, never skip, without it: ../shared/reference-data next to the checkout, or ENTRA_REFERENCE_DATA.
assert CONTOSO.is_dir(), f"Microsoft's Contoso sample is not at {CONTOSO}; set ENTRA_REFERENCE_DATA to its folder"
PILOT = CONTOSO / "Pilot"
AD_CONNECTOR = "contoso.com"
ENTRA_CONNECTOR = "contoso.onmicrosoft.com - AAD"


def copy_side(source: Path, dest: Path) -> Path:
    """A writable copy of one side (the reference data is read-only)."""
    shutil.copytree(source, dest)
    for path in dest.rglob("*"):
        path.chmod(stat.S_IRWXU if path.is_dir() else stat.S_IRUSR | stat.S_IWUSR)
    return dest


def rule_file(side: Path, name: str) -> Path:
    """The file of the rule called ``name`` (found by its <name>, as file names are GUIDs)."""
    wanted = f"<name>{name}</name>"
    for path in (side / "SynchronizationRules").iterdir():
        if wanted in path.read_text(encoding="utf-8"):
            return path
    raise AssertionError(f"no rule {name!r} in {side}")


def connector_file(side: Path, name: str) -> Path:
    for path in (side / "Connectors").iterdir():
        if f"<name>{name}</name>" in path.read_text(encoding="utf-8"):
            return path
    raise AssertionError(f"no connector {name!r} in {side}")


def edit(path: Path, change: Callable[[str], str]) -> None:
    text = path.read_text(encoding="utf-8")
    changed = change(text)
    assert changed != text, f"the edit of {path.name} changed nothing"
    path.write_text(changed, encoding="utf-8")


def replace_once(old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        assert old in text, f"{old!r} not found"
        return text.replace(old, new, 1)

    return change


def sub(pattern: str, replacement: str | Callable[[re.Match[str]], str], count: int = 0) -> Callable[[str], str]:
    return lambda text: re.sub(pattern, replacement, text, count=count, flags=re.S)


def set_global(side: Path, name: str, value: str) -> None:
    edit(
        side / "GlobalSettings" / "MV.xml",
        sub(rf'(<parameter name="{re.escape(name)}"[^>]*>)[^<]*(</parameter>)', rf"\g<1>{value}\g<2>", 1),
    )
