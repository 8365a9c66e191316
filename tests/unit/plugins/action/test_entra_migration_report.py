"""The migration report: what it records, its headline, and the files entra_migration_report writes."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.action import entra_migration_report
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._report.report import (
    build_report,
    render_markdown,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.pairs import judge_pairs, plan_pairs
from hosts import FakeHost
from pair_readings import GROUPS, PAIRS, reading

WRITTEN = datetime.datetime(2026, 11, 21, 12, 0, tzinfo=datetime.UTC)


def plan_in_staging() -> dict[str, Any]:
    """The plan of a pair whose new server is installed in staging mode, next to the active old one."""
    readings = {"old": reading("OLD"), "new": reading("NEW", staging=True)}
    return plan_pairs("swing_migration", GROUPS, PAIRS, readings)["contoso"]


def after(staging: bool, version: str = "2.6.91.0") -> dict[str, Any]:
    return {"installed": True, "staging_mode": staging, "product": {"version": version}}


JOURNAL = [
    {
        "phase": "cutover",
        "host": "new",
        "status": "ok",
        "started": "2026-11-21T11:00:00Z",
        "ended": "2026-11-21T11:02:30Z",
        "changed": True,
        "round_trips": 7,
        "decisions": ["old went into staging mode before new left it"],
        "evidence": {"delta_cycle": "success on 2 connectors"},
    },
    {
        "phase": "verify_staging",
        "host": "new",
        "started": "2026-11-21T10:00:00Z",
        "ended": "2026-11-21T10:40:00Z",
        "round_trips": 5,
    },
    {
        "phase": "cutover",
        "host": "old",
        "started": "2026-11-21T11:00:00Z",
        "ended": "2026-11-21T11:01:00Z",
        "round_trips": 3,
    },
]


def test_a_finished_cutover_is_reported_with_versions_phases_and_round_trips() -> None:
    report = build_report(
        plan_in_staging(),
        JOURNAL,
        {"old": after(True), "new": after(False)},
        ["Device writeback - re-enable"],
        False,
        True,
        WRITTEN,
    )
    assert report["headline"] == (
        "contoso: swing_migration done - NEW (2.6.91.0) is the active server; OLD staging mode"
    )
    # In the order they ended, whatever order the hosts wrote them in.
    assert [(p["phase"], p["host"], p["duration_seconds"]) for p in report["phases"]] == [
        ("verify_staging", "new", 2400.0),
        ("cutover", "old", 60.0),
        ("cutover", "new", 150.0),
    ]
    assert report["host_round_trips"] == {"new": 12, "old": 3}
    assert report["decisions"][-1] == "old went into staging mode before new left it"
    old = next(s for s in report["servers"] if s["host"] == "old")
    assert (old["state_before"], old["state_after"]) == ("ACTIVE (exporting)", "staging mode")
    # Decommission was not asked for, so it is left for a person, after what the wizard did not carry.
    assert report["remaining_for_a_human"][0] == "Device writeback - re-enable"
    assert report["remaining_for_a_human"][1].startswith("Decommission OLD once you are satisfied")


@pytest.mark.parametrize(
    ("journal", "check_mode", "headline"),
    [
        (
            [{"phase": "cutover", "host": "new", "status": "failed", "message": "gate version failed"}],
            False,
            "contoso: FAILED in cutover on new - gate version failed",
        ),
        (
            [{"phase": "wizard", "host": "new", "status": "stopped", "message": "complete the wizard"}],
            False,
            "contoso: STOPPED at wizard on new - complete the wizard",
        ),
        (
            [],
            True,
            "PLAN for contoso (check mode, nothing changed): phase staging; would run verify_staging, cutover",
        ),
    ],
)
def test_the_headline_says_failed_stopped_or_plan_first(journal, check_mode, headline) -> None:
    report = build_report(plan_in_staging(), journal, {}, [], check_mode, False, WRITTEN)
    assert report["headline"] == headline


TIMED = {"started": "2026-11-21T11:00:00Z", "ended": "2026-11-21T11:00:05Z"}
PLAN_FAILED = {
    "phase": "plan",
    "host": "old",
    "status": "failed",
    "cause": "run_once",
    "message": "Derive each pair's phase: Pair contoso: no reading of new (unreachable, or failed earlier in this run)",
    "started": "2026-11-21T11:00:09Z",
    "ended": "2026-11-21T11:00:10Z",
}


@pytest.mark.parametrize(
    ("journal", "headline"),
    [
        # The target refused in prepare, then the plan derived again on its partner, failing for want of it.
        (
            [PLAN_FAILED, {"phase": "prepare", "host": "new", "status": "failed", "message": "OS refused", **TIMED}],
            "contoso: FAILED in prepare on new - OS refused",
        ),
        # A task without times (an assertion) is no earlier for it: a later phase refusing for want of an earlier
        # one's verification does not stand for that failure.
        (
            [
                {"phase": "decommission", "host": "old", "status": "failed", "message": "new was not verified"},
                {"phase": "verify", "host": "new", "status": "failed", "message": "gate scheduler failed", **TIMED},
            ],
            "contoso: FAILED in verify on new - gate scheduler failed",
        ),
        # A server stopped only because the plan failed on its partner never heads the report.
        (
            [
                {"phase": "plan", "host": "new", "status": "failed", "cause": "partner", "message": "stopped because"},
                dict(PLAN_FAILED, message="Derive each pair's phase: two active servers"),
            ],
            "contoso: FAILED in plan (a task run once for every server, on old) - Derive each pair's phase: two "
            "active servers",
        ),
    ],
)
def test_the_headline_names_the_server_whose_own_task_failed_first(journal, headline) -> None:
    assert build_report(plan_in_staging(), journal, {}, [], False, False, WRITTEN)["headline"] == headline


def test_a_server_that_dropped_out_of_the_run_heads_the_report_not_the_plan_that_missed_it() -> None:
    report = build_report(
        plan_in_staging(), [PLAN_FAILED], {"old": after(False)}, [], False, False, WRITTEN, lost=["new"]
    )
    assert report["headline"].startswith("contoso: FAILED on new - unreachable: it did not reach the end of the run")
    lost = next(p for p in report["phases"] if p["host"] == "new")
    assert (lost["status"], lost["cause"], lost["phase"]) == ("failed", "unreachable", "")
    # A server with a failure of its own on record is not reported twice.
    again = build_report(plan_in_staging(), [PLAN_FAILED], {}, [], False, False, WRITTEN, lost=["old"])
    assert [p["host"] for p in again["phases"]] == ["old"]


def test_a_plan_that_failed_says_so_rather_than_what_it_would_run() -> None:
    failed = {"phase": "prepare", "host": "new", "status": "failed", "message": "OS refused", **TIMED}
    report = build_report(plan_in_staging(), [failed], {}, [], True, False, WRITTEN)
    assert report["headline"] == "PLAN for contoso (check mode, nothing changed): FAILED in prepare on new - OS refused"


def test_the_markdown_lists_every_failure_first_one_first() -> None:
    journal = [PLAN_FAILED, {"phase": "prepare", "host": "new", "status": "failed", "message": "OS refused", **TIMED}]
    markdown = render_markdown(build_report(plan_in_staging(), journal, {}, [], False, False, WRITTEN))
    assert (
        "## Failures\n\n- FAILED in prepare on new - OS refused\n- FAILED in plan (a task run once for every server, "
        "on old) - Derive each pair's phase"
    ) in markdown


def test_two_active_servers_at_the_end_are_never_reported_as_done() -> None:
    report = build_report(plan_in_staging(), [], {"old": after(False), "new": after(False)}, [], False, False, WRITTEN)
    assert report["headline"].startswith("contoso: swing_migration ended with 2 active server(s)")


def test_the_markdown_carries_the_banners_and_a_row_per_server() -> None:
    plan = plan_in_staging()
    lab = render_markdown(build_report(plan, JOURNAL, {"new": after(False)}, [], False, True, WRITTEN))
    assert lab.startswith("# swing_migration report: pair contoso\n")
    assert "> LAB RUN" in lab and "> CHECK MODE" not in lab
    assert "| new (NEW) | target | 2.6.91.0 | 2.6.91.0 | staging mode | ACTIVE (exporting) | 12 |" in lab
    assert "| old (OLD) | source | 2.6.91.0 | - | ACTIVE (exporting) | not read at the end | 3 |" in lab
    assert "- cutover / new / delta_cycle: success on 2 connectors" in lab

    planned = render_markdown(build_report(plan, [], {}, [], True, False, WRITTEN))
    assert "> CHECK MODE: this is a plan; nothing was changed." in planned and "> LAB RUN" not in planned
    assert "## Evidence\n\n- none recorded\n" in planned


def test_the_module_writes_json_and_markdown_and_never_counts_as_a_change(run_action, tmp_path) -> None:
    args = {"dest": str(tmp_path / "reports"), "plan": plan_in_staging(), "journal": JOURNAL, "lab": True}
    result = run_action(entra_migration_report, args, FakeHost())
    # A controller-only module: no host is built, so no round trip is counted.
    assert result["changed"] is False and "host_round_trips" not in result
    assert result["json_path"] == str(tmp_path / "reports" / "contoso-swing_migration.json")
    written = json.loads((tmp_path / "reports" / "contoso-swing_migration.json").read_text())
    assert written["format"] == "hybrid_identity.entra_connect.report/1" and written["lab"] is True
    assert written["headline"] == result["headline"]
    assert (tmp_path / "reports" / "contoso-swing_migration.md").read_text().startswith("# swing_migration report")


def test_check_mode_writes_a_plan_beside_the_reports_not_over_them(run_action, tmp_path) -> None:
    args = {"dest": str(tmp_path), "plan": plan_in_staging(), "run_id": "20261121T120000Z"}
    result = run_action(entra_migration_report, args, FakeHost(), check_mode=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "contoso-swing_migration-plan-20261121T120000Z.json",
        "contoso-swing_migration-plan-20261121T120000Z.md",
        "contoso-swing_migration-plan.json",
        "contoso-swing_migration-plan.md",
    ]
    assert result["headline"].startswith("PLAN for contoso")


def test_each_run_keeps_its_report_and_the_latest_is_the_last_runs(run_action, tmp_path) -> None:
    first = {"phase": "wizard", "host": "new", "status": "stopped", "message": "complete the wizard"}
    runs = [("20261121T110000Z", [first]), ("20261121T120000Z", JOURNAL), ("20261121T120000Z", JOURNAL)]
    results = [
        run_action(
            entra_migration_report,
            {"dest": str(tmp_path), "plan": plan_in_staging(), "journal": journal, "run_id": run_id, "tags": ["all"]},
            FakeHost(),
        )
        for run_id, journal in runs
    ]
    assert sorted(p.name for p in tmp_path.glob("*.json")) == [
        "contoso-swing_migration-20261121T110000Z.json",
        # Two runs named alike: the second is numbered, not written over the first.
        "contoso-swing_migration-20261121T120000Z-2.json",
        "contoso-swing_migration-20261121T120000Z.json",
        "contoso-swing_migration.json",
    ]
    assert [r["run_id"] for r in results] == ["20261121T110000Z", "20261121T120000Z", "20261121T120000Z-2"]
    earlier = json.loads((tmp_path / "contoso-swing_migration-20261121T110000Z.json").read_text())
    assert earlier["headline"] == "contoso: STOPPED at wizard on new - complete the wizard"
    assert earlier["run"]["id"] == "20261121T110000Z"
    latest = json.loads((tmp_path / "contoso-swing_migration.json").read_text())
    assert latest == json.loads(Path(results[-1]["run_json_path"]).read_text())
    assert latest["run"] == {
        "id": "20261121T120000Z-2",
        "tags": ["all"],
        "started": "2026-11-21T10:00:00Z",
        "report": "contoso-swing_migration-20261121T120000Z-2",
        "latest": "contoso-swing_migration",
    }
    assert results[-1]["markdown_path"] == str(tmp_path / "contoso-swing_migration.md")
    markdown = (tmp_path / "contoso-swing_migration-20261121T110000Z.md").read_text()
    assert (
        "Run 20261121T110000Z (tags: all); no phase was recorded. This run's report: "
        "contoso-swing_migration-20261121T110000Z.md; contoso-swing_migration.md is always the latest run's."
    ) in markdown


def test_a_run_id_that_is_not_a_file_name_is_refused(run_action, tmp_path) -> None:
    args = {"dest": str(tmp_path), "plan": plan_in_staging(), "run_id": "../elsewhere"}
    result = run_action(entra_migration_report, args, FakeHost())
    assert result["failed"] is True and result["msg"].startswith("run_id '../elsewhere' is not a file name")
    assert list(tmp_path.iterdir()) == []


def test_a_plan_that_is_not_a_pair_plan_is_refused(run_action, tmp_path) -> None:
    result = run_action(entra_migration_report, {"dest": str(tmp_path), "plan": {"pair": "contoso"}}, FakeHost())
    assert (result["failed"], result["msg"]) == (
        True,
        "plan is not a pair plan from entra_migration_plan (no 'runbook')",
    )
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_destination_fails_clearly(run_action, tmp_path) -> None:
    blocker = tmp_path / "reports"
    blocker.write_text("a file where the folder should be")
    result = run_action(entra_migration_report, {"dest": str(blocker), "plan": plan_in_staging()}, FakeHost())
    assert result["failed"] is True and result["msg"].startswith(f"Cannot write the report to {blocker}: ")


def refused_two_active() -> dict[str, Any]:
    """The plan the report gets for a pair refused before it had one: two active servers."""
    judgement = judge_pairs("swing_migration", GROUPS, PAIRS, {"old": reading("OLD"), "new": reading("NEW")})
    return judgement.refused["contoso"].plan


def test_a_pair_refused_before_it_had_a_plan_is_reported_as_refused_with_why() -> None:
    plan = refused_two_active()
    stopped = {"phase": "preflight", "host": "new", "status": "failed", "cause": "partner", "message": "stopped"}
    plan_failed = dict(PLAN_FAILED, phase="preflight", message="Derive each pair's phase: cannot start")
    report = build_report(plan, [stopped, plan_failed], {}, [], False, True, WRITTEN)
    assert report["headline"].startswith("contoso: REFUSED before any change - Pair contoso: TWO ACTIVE SERVERS")
    assert report["phase_at_start"] == "refused" and report["plan"] == []
    assert [(s["host"], s["role"], s["state_before"]) for s in report["servers"]] == [
        ("new", "target", "ACTIVE (exporting)"),
        ("old", "source", "ACTIVE (exporting)"),
    ]
    markdown = render_markdown(report)
    assert "phase at the start of the run: refused" in markdown and "Refused before a plan: Pair contoso" in markdown


def test_a_server_that_failed_on_its_own_heads_a_refused_pairs_report() -> None:
    # The pair was refused for want of new's reading; new's own failed read is the news, not the refusal.
    plan = judge_pairs("swing_migration", GROUPS, PAIRS, {"old": reading("OLD")}).refused["contoso"].plan
    assert plan["servers"]["new"]["state"] == "not read" and plan["servers"]["new"]["computer_name"] is None
    own = {"phase": "preflight", "host": "new", "status": "failed", "message": "Read: Access is denied", **TIMED}
    report = build_report(plan, [own], {}, [], False, True, WRITTEN)
    assert report["headline"] == "contoso: FAILED in preflight on new - Read: Access is denied"
