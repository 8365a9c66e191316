"""Every read-only script turns WhatIf off before it calls anything, and the lab twin knows which do.

In check mode win_powershell binds -WhatIf to a script that declares SupportsShouldProcess, and cmdlets that
support ShouldProcess (Get-ADSyncRunProfileResult [S9]) inherit it; a read that heeded it would see no run
history. The twin decides from the same script text (_lab/what_if.py), so both are checked here.
"""

from __future__ import annotations

from pathlib import Path

import powershell_ast as ps
import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.lab import HEED_WHAT_IF
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.primitives import PRIMITIVES
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._lab.what_if import resets_what_if
from tree_sitter import Node

READERS = sorted(name for name, spec in PRIMITIVES.items() if spec.read_only)
HEAD = "[CmdletBinding(SupportsShouldProcess)]\nparam (\n    [Parameter(Mandatory)][string]$Path\n)\n\n"


def _contains(node: Node, node_type: str) -> bool:
    return node.type == node_type or any(_contains(child, node_type) for child in node.children)


def _is_reset(statement: Node) -> bool:
    """A statement that is exactly `$WhatIfPreference = $false` (PowerShell names are case-insensitive)."""
    if statement.type != "pipeline" or len(statement.children) != 1:
        return False
    assignment = statement.children[0]
    if assignment.type != "assignment_expression":
        return False
    target = next(c for c in assignment.children if c.type == "left_assignment_expression")
    return target.text.decode().lower() == "$whatifpreference" and assignment.children[-1].text.decode().lower() == (
        "$false"
    )


def resets_before_any_command(text: str) -> bool:
    """The script sets $WhatIfPreference to $false as a top-level statement after param(), before it runs any
    command; a comment, a string, a function body or a block does not count."""
    tree = ps.parse_text(text)
    if ps.error_lines(tree):
        return False
    after_param = False
    for child in tree.root_node.children:
        if child.type == "param_block":
            after_param = True
        elif child.type == "statement_list" and after_param:
            for statement in child.children:
                if _is_reset(statement):
                    return True
                if _contains(statement, "command"):
                    return False
    return False


@pytest.mark.parametrize("name", READERS)
def test_every_read_only_script_turns_whatif_off_before_it_runs_anything(name: str) -> None:
    assert resets_before_any_command(Path(PRIMITIVES[name].script_path).read_text(encoding="utf-8"))


def test_the_read_only_primitives_are_the_ones_that_run_in_check_mode() -> None:
    # The scripts win_powershell runs in check mode: each of these must be held to the reset above.
    assert READERS == [
        "connector_statistics",
        "file_stat",
        "run_results",
        "settings_read",
        "snapshot",
        "sync_status",
        "tls12_read",
    ]


@pytest.mark.parametrize(
    "body",
    [
        "# $WhatIfPreference = $false\n$x = Get-Item -LiteralPath $Path\n",
        "$text = '$WhatIfPreference = $false'\n$x = Get-Item -LiteralPath $Path\n",
        "$note = @'\n$WhatIfPreference = $false\n'@\n$x = Get-Item -LiteralPath $Path\n",
        "function Off {\n    $WhatIfPreference = $false\n}\n$x = Get-Item -LiteralPath $Path\n",
        "if ($true) {\n    $WhatIfPreference = $false\n}\n$x = Get-Item -LiteralPath $Path\n",
        "$x = Get-Item -LiteralPath $Path\n$WhatIfPreference = $false\n",
        "$WhatIfPreference = $true\n$x = Get-Item -LiteralPath $Path\n",
    ],
    ids=["comment", "string", "here-string", "function", "block", "after-a-command", "true"],
)
def test_the_check_refuses_what_does_not_turn_whatif_off_for_the_script(body: str) -> None:
    assert resets_before_any_command(HEAD + body) is False


@pytest.mark.parametrize(
    "body",
    ["$WhatIfPreference = $false\n$x = Get-Item -LiteralPath $Path\n", "$whatifpreference = $False\n"],
)
def test_the_check_accepts_the_reset(body: str) -> None:
    assert resets_before_any_command(HEAD + body) is True


@pytest.mark.parametrize(
    "body",
    [
        "# $WhatIfPreference = $false\n",
        "function Off {\n    $WhatIfPreference = $false\n}\n",
        "if ($true) {\n    $WhatIfPreference = $false\n}\n",
    ],
    ids=["comment", "function", "block"],
)
def test_the_twins_reading_of_a_script_agrees_on_what_does_not_count(body: str) -> None:
    assert resets_what_if(HEAD + body) is False


def test_the_twins_reading_needs_the_reset_after_param() -> None:
    assert resets_what_if("$WhatIfPreference = $false\n" + HEAD) is False
    assert resets_what_if(HEAD + "$WhatIfPreference = $false\n") is True


@pytest.mark.parametrize("name", sorted(PRIMITIVES))
def test_the_twin_reads_every_real_script_as_the_contract_does(name: str) -> None:
    spec = PRIMITIVES[name]
    text = Path(spec.script_path).read_text(encoding="utf-8")
    assert resets_what_if(text) is resets_before_any_command(text)
    # The lab host shapes an answer for WhatIf only for a read whose script heeds it.
    assert (name in HEED_WHAT_IF) is (spec.read_only and not resets_what_if(text))


def test_no_read_script_heeds_whatif() -> None:
    assert not HEED_WHAT_IF
