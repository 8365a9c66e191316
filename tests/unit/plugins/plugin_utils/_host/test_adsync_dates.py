"""ADSync dates of every Kind: the read scripts send DateTime.ToString('o') as it is ('Z' for Utc, an offset for
Local, no suffix for Unspecified), the twin answers in the form its server's ``adsync_datetime_kind`` says,
and the Host seam turns each into the same UTC instant, so every module decides the same."""

from __future__ import annotations

import copy
import datetime
from typing import Any

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.action import (
    entra_connect_info,
    entra_scheduler,
    entra_sync_cycle,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.dates import (
    UTC,
    parse_utc,
    utc_text,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._contract.validate import first_violation
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.primitives import (
    snapshot_parameters,
    status_parameters,
)
from hosts import TwinHost
from lab_twins import twin_of

# The same moment in the three forms .NET's round-trip format writes.
FORMS = {
    "Utc": "2026-11-20T09:30:02.0000000Z",
    "Local": "2026-11-20T11:30:02.0000000+02:00",
    "Unspecified": "2026-11-20T09:30:02.0000000",
}
# Kind, and the server's offset where the Kind is Local.
KINDS: dict[str, dict[str, str]] = {
    "Utc": {"adsync_datetime_kind": "Utc"},
    "Local east of UTC": {"adsync_datetime_kind": "Local", "utc_offset": "+02:00"},
    "Local west of UTC": {"adsync_datetime_kind": "Local", "utc_offset": "-05:00"},
    "Unspecified": {"adsync_datetime_kind": "Unspecified"},
}
READS: dict[str, dict[str, Any]] = {
    "snapshot": snapshot_parameters(),
    "sync_status": status_parameters(),
    "run_results": {"NumberRequested": 200},
}


def _state(old_state: dict[str, Any], kind: str) -> dict[str, Any]:
    state = copy.deepcopy(old_state)
    state.pop("tenant_log", None)
    state["entra_connect"].update(KINDS[kind])
    return state


@pytest.mark.parametrize("form", sorted(FORMS))
def test_every_form_is_read_as_the_same_utc_instant(form: str) -> None:
    assert parse_utc(FORMS[form]) == datetime.datetime(2026, 11, 20, 9, 30, 2, tzinfo=UTC)
    assert utc_text(FORMS[form]) == FORMS["Utc"]


def test_a_local_date_west_of_utc_moves_to_the_next_day() -> None:
    assert utc_text("2026-11-20T21:15:00.1234567-05:00") == "2026-11-21T02:15:00.1234560Z"


@pytest.mark.parametrize("form", sorted(FORMS))
def test_the_answer_schemas_accept_every_form_for_the_adsync_dates(old_state, snapshot_of, form: str) -> None:
    answer = twin_of(_state(old_state, "Utc")).call("run_results", READS["run_results"])
    answer["runs"][0]["start_date"] = FORMS[form]
    assert first_violation("run_results", answer) is None
    snapshot = snapshot_of(_state(old_state, "Utc"))
    snapshot["adsync"]["run_history"][0]["end_date"] = FORMS[form]
    snapshot["adsync"]["scheduler"]["NextSyncCycleStartTimeInUTC"] = FORMS[form]
    assert first_violation("snapshot", snapshot) is None


def test_the_schemas_still_refuse_what_is_not_a_date_and_a_utc_field_without_its_zone(old_state) -> None:
    answer = twin_of(_state(old_state, "Utc")).call("run_results", READS["run_results"])
    answer["runs"][0]["start_date"] = "20 November 2026"
    assert first_violation("run_results", answer) is not None
    answer = twin_of(_state(old_state, "Utc")).call("run_results", READS["run_results"])
    # now_utc comes from [DateTime]::UtcNow, always 'Z'.
    answer["now_utc"] = FORMS["Unspecified"]
    assert first_violation("run_results", answer) is not None


@pytest.mark.parametrize(
    ("kind", "start", "next_cycle"),
    [
        ("Utc", "2026-11-20T09:30:02.0000000Z", "2026-11-20T10:00:02.0000000Z"),
        ("Local east of UTC", "2026-11-20T11:30:02.0000000+02:00", "2026-11-20T12:00:02.0000000+02:00"),
        ("Local west of UTC", "2026-11-20T04:30:02.0000000-05:00", "2026-11-20T05:00:02.0000000-05:00"),
        ("Unspecified", "2026-11-20T09:30:02.0000000", "2026-11-20T10:00:02.0000000"),
    ],
)
def test_the_twin_answers_in_the_form_of_its_servers_kind(old_state, kind, start, next_cycle) -> None:
    state = _state(old_state, kind)
    twin = twin_of(state)
    status = twin.call("sync_status", READS["sync_status"])
    oldest = status["recent_runs"][-1]
    assert oldest["run_profile_name"] == "Delta Import" and oldest["start_date"] == start
    assert status["scheduler"]["NextSyncCycleStartTimeInUTC"] == next_cycle
    results = twin.call("run_results", READS["run_results"])
    snapshot = twin.call("snapshot", READS["snapshot"])
    assert results["runs"][-1]["start_date"] == snapshot["adsync"]["run_history"][-1]["start_date"] == start
    assert snapshot["adsync"]["scheduler"]["NextSyncCycleStartTimeInUTC"] == next_cycle
    for primitive, answer in (("sync_status", status), ("run_results", results), ("snapshot", snapshot)):
        assert first_violation(primitive, answer) is None
    # Only the answers change: the twin keeps UTC.
    assert twin.state["entra_connect"]["run_history"] == old_state["entra_connect"]["run_history"]
    assert status["now_utc"].endswith("Z")


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("primitive", sorted(READS))
def test_the_host_turns_every_kind_into_the_same_utc_answer(old_state, kind, primitive) -> None:
    utc = TwinHost(_state(old_state, "Utc")).call(primitive, READS[primitive])
    assert TwinHost(_state(old_state, kind)).call(primitive, READS[primitive]) == utc


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_modules_decide_the_same_whatever_the_kind(old_state, run_action, kind) -> None:
    info = run_action(entra_connect_info, {}, TwinHost(_state(old_state, kind)))
    assert info["entra_connect"]["last_sync_end"] == "2026-11-20T09:30:49.0000000Z"
    assert info["entra_connect"]["scheduler"]["next_sync_cycle_start_time_in_utc"] == "2026-11-20T10:00:02.0000000Z"
    scheduler = run_action(entra_scheduler, {}, TwinHost(_state(old_state, kind)))
    assert (scheduler["last_sync_end"], scheduler["last_sync_age_hours"]) == ("2026-11-20T09:30:49.0000000Z", 0.2)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_cycle_finds_its_own_runs_whatever_the_kind(old_state, run_action, kind) -> None:
    host = TwinHost(_state(old_state, kind))
    result = run_action(entra_sync_cycle, {}, host)
    assert not result.get("failed"), result.get("msg")
    runs = result["runs"]
    # The cycle's runs only (the seed's 6 earlier runs started before it), each in UTC.
    assert len(runs) == 6 and all(run["start_date"].endswith("Z") for run in runs)
    assert all(parse_utc(run["start_date"]) > parse_utc("2026-11-20T09:45:00.0000000Z") for run in runs)
