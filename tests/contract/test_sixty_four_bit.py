"""Every script that loads the ADSync module refuses a 32-bit PowerShell first.

The sync engine and its module are installed under the 64-bit Program Files ([S7]: csexport.exe and the
module sit in %ProgramFiles%\\Microsoft Azure AD Sync\\bin); a 32-bit host (the SysWOW64 powershell.exe, a
32-bit endpoint) cannot load a 64-bit assembly, and its registry reads are redirected to WOW6432Node, so
its answers would describe another view of the server (INFERRED: the module is x64 only). The check must
come before the import, as code, not in a comment or a string.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.primitives import SCRIPT_DIR
from powershell_ast import descendants, parse_text

SCRIPTS = sorted(Path(SCRIPT_DIR).glob("*.ps1"))
LOADS_ADSYNC = [path for path in SCRIPTS if "ADSync.psd1" in path.read_text(encoding="utf-8")]


def _guard_and_import(text: str) -> tuple[int | None, int]:
    """Where the 64-bit guard (an if that throws when not Is64BitProcess) and the first ADSync import start."""
    root = parse_text(text).root_node
    imports = [
        node.start_byte
        for node in descendants(root, "command")
        if node.text.decode().startswith("Import-Module") and "ADSync.psd1" in node.text.decode()
    ]
    guards = [
        node.start_byte
        for node in descendants(root, "if_statement")
        if "[Environment]::Is64BitProcess" in node.children[2].text.decode()
        and any(n.text.decode().startswith("throw") for n in descendants(node, "flow_control_statement"))
    ]
    return (min(guards) if guards else None), min(imports)


def test_some_scripts_load_the_module() -> None:
    assert len(LOADS_ADSYNC) >= 8


@pytest.mark.parametrize("path", LOADS_ADSYNC, ids=lambda p: p.name)
def test_the_script_refuses_a_32_bit_process_before_it_loads_the_module(path: Path) -> None:
    guard, first_import = _guard_and_import(path.read_text(encoding="utf-8"))
    assert guard is not None and guard < first_import


def test_a_guard_in_a_comment_or_after_the_import_does_not_count() -> None:
    comment = "# if (-not [Environment]::Is64BitProcess) { throw 'x' }\nImport-Module -Name 'C:\\ADSync.psd1'\n"
    late = "Import-Module -Name 'C:\\ADSync.psd1'\nif (-not [Environment]::Is64BitProcess) { throw 'x' }\n"
    assert _guard_and_import(comment)[0] is None
    guard, first_import = _guard_and_import(late)
    assert guard is not None and guard > first_import
