"""A phase of the journal is gathered from the registered results of its tasks, never composed in a role."""

from __future__ import annotations

from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._report.journal import (
    failed_phase,
    journal_entry,
)


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


VERIFY_TASK = {
    "name": "Judge run results, scheduler and exports",
    # Ansible lists an import's tags in no fixed order: verify.yml is imported with verify and decommission.
    "tags": ["decommission", "verify"],
    "when": ["'verify' in preflight_steps_now", "inventory_hostname == cutover_pair.switch_to"],
    "run_once": None,
}


def failure(host: str, task: dict, msg: str, ran_on: str | None = None, planned: bool = True, **rest) -> dict:
    record = {"phase": "", "host": host, "status": "failed", "message": "", "results": rest.pop("results", [])}
    record["failure"] = {"task": task, "msg": msg, "ran_on": ran_on or host, "planned": planned}
    return record


def test_the_phase_of_a_failure_is_the_step_its_task_runs_for_not_its_first_tag() -> None:
    assert failed_phase(VERIFY_TASK, planned=True) == "verify"
    assert failed_phase(dict(VERIFY_TASK, when=["'decommission' in preflight_steps_now"]), planned=True) == (
        "decommission"
    )
    # Outside its role's block a task has only its tags: the earliest phase among them.
    assert failed_phase({"tags": ["decommission", "verify"], "when": []}, planned=True) == "verify"
    assert failed_phase({"tags": ["always", "prepare"], "when": [True]}, planned=True) == "prepare"
    # The preflight's own tasks have no step: the preflight, or the plan derived again once the run had one.
    assert failed_phase({"tags": ["always"], "when": []}, planned=False) == "preflight"
    assert failed_phase({"tags": ["always"], "when": ["preflight_read_again | bool"]}, planned=True) == "plan"


def test_a_failed_task_is_recorded_with_its_phase_message_and_cause() -> None:
    timed = result("2026-11-21T11:00:01Z", "2026-11-21T11:00:02Z", failed=True, msg="1 gate(s) did not pass")
    entry = journal_entry(failure("new", VERIFY_TASK, "1 gate(s) did not pass", results=[timed]))
    assert (entry["phase"], entry["status"], entry["cause"]) == ("verify", "failed", "task")
    assert entry["message"] == "Judge run results, scheduler and exports: 1 gate(s) did not pass"
    assert entry["ended"] == "2026-11-21T11:00:02Z" and "failure" not in entry


def test_a_task_run_once_for_every_server_fails_on_one_and_stops_the_others() -> None:
    plan_task = {"name": "Derive each pair's phase from the servers' own state", "tags": ["always"], "run_once": True}
    ran = journal_entry(failure("old", plan_task, "no reading of new (unreachable, or failed earlier in this run)"))
    assert (ran["phase"], ran["cause"], ran["host"]) == ("plan", "run_once", "old")
    stopped = journal_entry(failure("new", plan_task, "no reading of new", ran_on="old"))
    assert (stopped["phase"], stopped["cause"], stopped["host"]) == ("plan", "partner", "new")
    assert stopped["message"] == (
        "stopped because Derive each pair's phase from the servers' own state failed on old, a task run once for "
        "every server: no reading of new"
    )
    assert (stopped["started"], stopped["round_trips"], stopped["decisions"]) == (None, 0, [])


def test_a_server_stopped_because_its_partner_failed_earlier_does_not_stand_for_that_failure() -> None:
    stop_task = {"name": "Stop this server, as its pair cannot go on", "tags": ["always"], "run_once": False}
    record = failure("old", stop_task, "Pair contoso cannot go on in this run; the other pairs go on.")
    record["failure"]["stopped_by"] = ["new"]
    entry = journal_entry(record)
    assert (entry["phase"], entry["cause"], entry["host"]) == ("plan", "partner", "old")
    assert entry["message"] == "stopped because new of its pair failed earlier in this run"
    # Without stopped_by the same task is the server's own failure.
    assert journal_entry(failure("old", stop_task, "two active servers"))["cause"] == "task"


def test_a_condition_of_the_task_itself_on_another_step_does_not_move_it_out_of_its_role() -> None:
    # target_preparation checks the export only when the export is part of the run: still the prepare phase.
    assert (
        failed_phase(
            {"tags": ["prepare"], "when": ["'prepare' in preflight_steps_now", "'export' in preflight_steps_now"]},
            planned=True,
        )
        == "prepare"
    )


def test_a_dropped_connection_reaches_the_report_once_with_the_decisions() -> None:
    lost = "The connection to new dropped during staging_write (reset)"
    confirmed = lost + "; a fresh staging_read read shows it took effect (staging off). It was not sent again."
    results = [{"decisions": ["Staging mode disabled", confirmed], "connection_events": [lost, confirmed]}]
    entry = journal_entry({"phase": "cutover", "host": "new", "results": results})
    assert entry["decisions"] == ["Staging mode disabled", confirmed, lost]
