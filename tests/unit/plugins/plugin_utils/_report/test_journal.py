"""A phase of the journal is gathered from the registered results of its tasks, never composed in a role."""

from __future__ import annotations

from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._report.journal import journal_entry


def result(started: str, ended: str, **rest) -> dict:
    return {"controller_time": {"started": started, "ended": ended}, **rest}


def test_times_changes_round_trips_decisions_and_evidence_come_from_the_results() -> None:
    entry = journal_entry(
        {
            "phase": "cutover",
            "host": "new",
            "status": "",
            "message": "",
            "results": [
                result(
                    "2026-11-21T11:00:05Z",
                    "2026-11-21T11:00:09Z",
                    changed=False,
                    host_round_trips=1,
                    decisions=["Gates: a=True"],
                    evidence={"a": "fine"},
                ),
                {"skipped": True, "changed": False, "skip_reason": "Conditional result was False"},
                result(
                    "2026-11-21T11:00:01Z",
                    "2026-11-21T11:00:02Z",
                    changed=True,
                    host_round_trips=4,
                    decisions=["new left staging mode"],
                    evidence={"staging_mode": False},
                ),
                {},
            ],
        }
    )
    assert (entry["started"], entry["ended"]) == ("2026-11-21T11:00:01Z", "2026-11-21T11:00:09Z")
    assert (entry["changed"], entry["round_trips"], entry["status"], entry["message"]) == (True, 5, "ok", "")
    assert entry["decisions"] == ["Gates: a=True", "new left staging mode"]
    assert entry["evidence"] == {"a": "fine", "staging_mode": False}


def test_a_result_that_stopped_makes_the_phase_stopped_with_its_message() -> None:
    stopped = result("2026-11-21T11:00:01Z", "2026-11-21T11:00:02Z", stopped=True, msg="STOPPED at the wizard gate")
    entry = journal_entry({"phase": "wizard", "host": "new", "results": [stopped]})
    assert (entry["status"], entry["message"]) == ("stopped", "STOPPED at the wizard gate")


def test_a_failure_states_its_status_and_message_and_a_result_without_times_has_none() -> None:
    failed = {"failed": True, "msg": "Assertion failed", "_ansible_no_log": False}
    entry = journal_entry(
        {
            "phase": "decommission",
            "host": "old",
            "status": "failed",
            "message": "check: Assertion failed",
            "results": [failed],
        }
    )
    assert (entry["status"], entry["message"]) == ("failed", "check: Assertion failed")
    assert (entry["started"], entry["ended"], entry["decisions"], entry["evidence"]) == (None, None, [], {})


def test_nothing_ran_nothing_is_claimed() -> None:
    entry = journal_entry({"phase": "export", "host": "old", "results": [{"skipped": True}]})
    assert (entry["changed"], entry["round_trips"], entry["decisions"]) == (False, 0, [])
