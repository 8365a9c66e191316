"""Every script that loads the ADSync module or reads the registry refuses a 32-bit PowerShell first.

The sync engine and its module are installed under the 64-bit Program Files ([S7]: csexport.exe and the
module sit in %ProgramFiles%\\Microsoft Azure AD Sync\\bin); a 32-bit host (the SysWOW64 powershell.exe, a
32-bit endpoint) cannot load a 64-bit assembly, and its registry reads are redirected to WOW6432Node, so
its answers would describe another view of the server (INFERRED: the module is x64 only); the TLS values
it reads or writes would be those of 32-bit .NET. The check must come before the first command that reads
the server, as code, not in a comment or a string. Only the four file primitives are exempt: a path they
are given is not redirected (only %windir%\\System32 is, and they are never sent one there).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.primitives import SCRIPT_DIR
from powershell_ast import descendants, parse_text
from tree_sitter import Node

SCRIPTS = sorted(Path(SCRIPT_DIR).glob("*.ps1"))
FILE_OPERATIONS = {"file_stat.ps1", "file_copy.ps1", "file_remove.ps1", "directory_create.ps1"}
NEEDS_64_BIT = [path for path in SCRIPTS if path.name not in FILE_OPERATIONS]


def _inside(node: Node, others: list[Node]) -> bool:
    return any(other.start_byte <= node.start_byte < other.end_byte for other in others)


def _guard_and_first_command(text: str) -> tuple[int | None, int]:
    """Where the 64-bit guard (an if that throws when not Is64BitProcess) starts, and where the first command
    the script runs starts (a command inside a function definition runs only when called)."""
    root = parse_text(text).root_node
    guards = [
        node
        for node in descendants(root, "if_statement")
        if "[Environment]::Is64BitProcess" in node.children[2].text.decode()
        and any(n.text.decode().startswith("throw") for n in descendants(node, "flow_control_statement"))
    ]
    functions = descendants(root, "function_statement")
    commands = [c.start_byte for c in descendants(root, "command") if not _inside(c, guards + functions)]
    return (min(g.start_byte for g in guards) if guards else None), min(commands)


def test_every_script_but_the_file_operations_is_held_to_it() -> None:
    assert len(NEEDS_64_BIT) == len(SCRIPTS) - len(FILE_OPERATIONS) >= 14


@pytest.mark.parametrize("path", NEEDS_64_BIT, ids=lambda p: p.name)
def test_the_script_refuses_a_32_bit_process_before_it_runs_a_command(path: Path) -> None:
    guard, first_import = _guard_and_first_command(path.read_text(encoding="utf-8"))
    assert guard is not None and guard < first_import


def test_a_guard_in_a_comment_or_after_the_import_does_not_count() -> None:
    comment = "# if (-not [Environment]::Is64BitProcess) { throw 'x' }\nImport-Module -Name 'C:\\ADSync.psd1'\n"
    late = "Import-Module -Name 'C:\\ADSync.psd1'\nif (-not [Environment]::Is64BitProcess) { throw 'x' }\n"
    assert _guard_and_first_command(comment)[0] is None
    guard, first_import = _guard_and_first_command(late)
    assert guard is not None and guard > first_import
