"""staging_write.ps1: what only its text can show, since no Windows host runs it here.

The activation record is written before the staging change, so an active server is never without it; a
change that fails must not leave it behind, or a later run would take a server the collection never made
active for one it did, and measure the decommission hold from a change that did not happen.
"""

from __future__ import annotations

from pathlib import Path

from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.primitives import SCRIPT_DIR
from powershell_ast import descendants, parse_text

SCRIPT = Path(SCRIPT_DIR) / "staging_write.ps1"


def _record_writes_undone_on_failure(text: str) -> bool:
    """Whether every write of the marker sits in a try whose catch puts the earlier values back and rethrows."""
    root = parse_text(text).root_node
    writes = [
        c
        for c in descendants(root, "command")
        if c.text.decode().startswith("New-ItemProperty -LiteralPath $MarkerPath -Name $name -Value ([string]")
    ]
    if not writes:
        return False
    for write in writes:
        guarded = False
        for statement in descendants(root, "try_statement"):
            if not statement.start_byte <= write.start_byte < statement.end_byte:
                continue
            catches = descendants(statement, "catch_clause")
            body = " ".join(c.text.decode() for c in catches)
            if "Remove-ItemProperty -LiteralPath $MarkerPath" in body and "throw" in body:
                guarded = True
        if not guarded:
            return False
    return True


def test_a_failed_change_leaves_no_activation_record() -> None:
    assert _record_writes_undone_on_failure(SCRIPT.read_text(encoding="utf-8"))


def test_the_check_sees_a_record_written_outside_the_guard() -> None:
    unguarded = (
        "foreach ($name in $MarkerValues.Keys) {\n"
        "    New-ItemProperty -LiteralPath $MarkerPath -Name $name -Value ([string]$MarkerValues[$name]) -Force\n"
        "}\n"
        "try { Set-ADSyncGlobalSettings -GlobalSettings $g }\n"
        "catch { Remove-ItemProperty -LiteralPath $MarkerPath -Name x; throw }\n"
    )
    assert not _record_writes_undone_on_failure(unguarded)


def test_the_scheduler_is_checked_for_a_cycle_after_the_pause_on_both_routes() -> None:
    text = SCRIPT.read_text(encoding="utf-8")
    pause = text.index("Set-ADSyncScheduler -SyncCycleEnabled $false")
    check = text.index("(Get-ADSyncScheduler).SyncCycleInProgress")
    change = text.index("Set-ADSyncGlobalSettings -GlobalSettings")
    assert pause < check < change
    # The check is not conditional on the route.
    assert "-not $PauseScheduler -and (Get-ADSyncScheduler)" not in text
