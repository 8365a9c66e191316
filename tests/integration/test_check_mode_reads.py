"""Reads on the lab with `ansible --check`, as an administrator would run a plan: they see the run history a
real run sees (win_powershell's -WhatIf reaches no ADSync cmdlet), and a server whose ADSync dates are local
times reads the same instants."""

from __future__ import annotations

import pytest


def test_a_check_mode_read_sees_the_run_history(module, lab) -> None:
    before = lab.raw()
    real = module("old-sync01", "entra_connect_info")
    check = module("old-sync01", "entra_connect_info", None, "--check")
    assert check.rc == 0 and lab.raw() == before
    assert len(check.result["entra_connect"]["last_runs"]) == 2
    assert check.result["entra_connect"]["last_runs"] == real.result["entra_connect"]["last_runs"]
    scheduler = module("old-sync01", "entra_scheduler", None, "--check")
    assert (scheduler.result["last_sync_end"], scheduler.result["last_sync_older_than_7_days"]) == (
        "2026-11-20T09:30:49.0000000Z",
        False,
    )


@pytest.mark.parametrize(
    "kind", [{"adsync_datetime_kind": "Local", "utc_offset": "+05:30"}, {"adsync_datetime_kind": "Unspecified"}]
)
def test_adsync_dates_of_another_kind_read_as_the_same_instants(module, lab, kind) -> None:
    utc = module("old-sync01", "entra_connect_info", None, "--check").result
    state = lab.state("old-sync01")
    state["entra_connect"].update(kind)
    lab.write("old-sync01", state)
    other = module("old-sync01", "entra_connect_info", None, "--check").result
    assert not other.get("failed"), other.get("msg")
    # The module shows UTC, as it does for a server whose dates are UTC.
    assert other["snapshot"]["adsync"]["run_history"] == utc["snapshot"]["adsync"]["run_history"]
    assert other["entra_connect"]["last_runs"] == utc["entra_connect"]["last_runs"]
    assert other["entra_connect"]["last_sync_end"] == "2026-11-20T09:30:49.0000000Z"
