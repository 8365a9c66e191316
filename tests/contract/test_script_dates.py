"""The read scripts send dates as DateTime.ToString('o') writes them and never relabel one: a local date
called UTC would be shifted by its offset. Python turns every form into UTC (_common/dates.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.primitives import SCRIPT_DIR

SCRIPTS = sorted(Path(SCRIPT_DIR).glob("*.ps1"))


def _code(path: Path) -> str:
    return "\n".join(
        line for line in path.read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith("#")
    )


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_no_script_relabels_a_dates_kind(path: Path) -> None:
    assert not re.search(r"SpecifyKind", _code(path), re.IGNORECASE)


@pytest.mark.parametrize("name", ["snapshot", "sync_status"])
def test_the_adsync_dates_go_out_in_the_round_trip_format_as_they_are(name: str) -> None:
    assert "if ($Value -is [DateTime]) { return $Value.ToString('o') }" in _code(Path(SCRIPT_DIR) / f"{name}.ps1")


def test_the_run_results_dates_go_out_in_the_round_trip_format_as_they_are() -> None:
    code = _code(Path(SCRIPT_DIR) / "run_results.ps1")
    assert "start_date = if ($_.StartDate) { ([DateTime]$_.StartDate).ToString('o') } else { $null }" in code
    assert "end_date = if ($_.EndDate) { ([DateTime]$_.EndDate).ToString('o') } else { $null }" in code
