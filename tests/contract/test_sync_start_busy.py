"""sync_start.ps1 answers busy for exactly the error Start-ADSyncSyncCycle gives while a cycle runs, and
still fails on any other error."""

from __future__ import annotations

import re
from pathlib import Path

import powershell_ast as ps
import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.primitives import SCRIPT_DIR

SCRIPT = Path(SCRIPT_DIR) / "sync_start.ps1"


def _busy_pattern() -> re.Pattern[str]:
    value = dict(ps.assignments(ps.parse(SCRIPT)))["$busyPattern"].text.decode()
    # A single-quoted PowerShell string; -match is a case-insensitive .NET regex, which these constructs share
    # with Python's.
    assert value.startswith("'") and value.endswith("'")
    return re.compile(value[1:-1], re.IGNORECASE)


@pytest.mark.parametrize(
    "text",
    [
        # The error's first line as a real server wrote it [BUSY].
        "System.InvalidOperationException: Connector: skrubbeltrang.onmicrosoft.com - AAD is busy.",
        "Connector: contoso.com is busy.",
        # The wording public scripts also match (INFERRED).
        "Sync is already running",
    ],
)
def test_the_busy_errors_are_answered_busy(text: str) -> None:
    assert _busy_pattern().search(text)


@pytest.mark.parametrize(
    "text",
    [
        "Access is denied",
        "The term 'Start-ADSyncSyncCycle' is not recognized as the name of a cmdlet",
        "There was no endpoint listening at net.pipe://localhost/ADSync that could accept the message.",
        "Connector: business.contoso.com could not be found.",
    ],
)
def test_every_other_error_still_fails_the_script(text: str) -> None:
    assert not _busy_pattern().search(text)


def test_the_script_rethrows_what_is_not_busy_and_marks_a_busy_answer_unchanged() -> None:
    code = "\n".join(line for line in SCRIPT.read_text().splitlines() if not line.lstrip().startswith("#"))
    assert re.search(r"-notmatch \$busyPattern\)\s*\{\s*throw\s*\}", code)
    targets = [(target, value.text.decode()) for target, value in ps.assignments(ps.parse(SCRIPT))]
    assert ("$Ansible.Changed", "$false") in targets and ("$Ansible.Changed", "$true") in targets
