"""Pairing and phases: derived from the servers' readings, refused before any change when wrong."""

from __future__ import annotations

import datetime

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.pairs import (
    Decommission,
    PairError,
    plan_pairs,
)
from pair_readings import GROUPS, PAIRS, reading


@pytest.mark.parametrize(
    ("old", "new", "phase"),
    [
        (reading("OLD"), reading("NEW", installed=False), "prepare"),
        (reading("OLD"), reading("NEW", staging=True), "staging"),
        (reading("OLD", staging=True), reading("NEW", staging=True), "cutover"),
        (reading("OLD", staging=True), reading("NEW", staging=False, after=["OLD"]), "verify"),
        (reading("OLD", installed=False), reading("NEW", staging=False, after=["OLD"]), "complete"),
    ],
)
def test_swing_phase_comes_from_the_readings(old, new, phase) -> None:
    plan = plan_pairs("swing_migration", GROUPS, PAIRS, {"old": old, "new": new})["contoso"]
    assert plan["phase"] == phase
    assert plan["switch_from"] == "old" and plan["switch_to"] == "new"


@pytest.mark.parametrize(
    ("groups", "pairs", "readings", "message"),
    [
        ({"entra_connect_source": ["old"]}, PAIRS, {}, "entra_connect_target is empty or missing"),
        (
            {"entra_connect_source": ["old"], "entra_connect_target": ["old", "new"]},
            PAIRS,
            {},
            "old is in both entra_connect_source and entra_connect_target",
        ),
        (GROUPS, {"old": "contoso", "new": None}, {}, "new (in entra_connect_target) has no entra_connect_pair"),
        (
            GROUPS,
            {"old": "contoso", "new": "fabrikam"},
            {},
            "Pair contoso needs exactly one server in entra_connect_target",
        ),
        (GROUPS, PAIRS, {"old": reading("OLD"), "new": reading("NEW")}, "TWO ACTIVE SERVERS"),
        (GROUPS, PAIRS, {"old": reading("OLD", staging=True), "new": reading("NEW")}, "is already active"),
        (
            GROUPS,
            PAIRS,
            {"old": reading("OLD", staging=True), "new": reading("NEW", after=["ELSE"])},
            "is already active",
        ),
        (GROUPS, PAIRS, {"old": reading("OLD")}, "no reading of new"),
        (GROUPS, PAIRS, {"old": reading("OLD", staging=True), "new": reading("NEW", installed=False)}, "no server"),
    ],
)
def test_a_wrong_pair_is_refused_with_its_reason(groups, pairs, readings, message) -> None:
    with pytest.raises(PairError) as err:
        plan_pairs("swing_migration", groups, pairs, readings)
    assert any(message in problem for problem in err.value.problems), err.value.problems


def _decommission_step(readings: dict, decommission) -> dict:
    plan = plan_pairs("swing_migration", GROUPS, PAIRS, readings, decommission)["contoso"]
    return next(s for s in plan["steps"] if s["step"] == "decommission")


# The new server became active at 2026-11-20T10:00:00Z (pair_readings.reading(after=...)).
ACTIVE_AFTER_OLD = {"old": reading("OLD", staging=True), "new": reading("NEW", after=["OLD"])}
WEEK_LATER = datetime.datetime(2026, 11, 27, 10, 0, 1, tzinfo=datetime.UTC)
DAY_LATER = datetime.datetime(2026, 11, 21, 10, 0, tzinfo=datetime.UTC)


def test_decommission_is_planned_only_when_asked_and_after_the_monitoring_period() -> None:
    assert _decommission_step(ACTIVE_AFTER_OLD, Decommission(False, now=WEEK_LATER))["status"] == "skipped"
    assert _decommission_step(ACTIVE_AFTER_OLD, Decommission(True, now=WEEK_LATER))["status"] == "now"
    held = _decommission_step(ACTIVE_AFTER_OLD, Decommission(True, now=DAY_LATER))
    assert held["status"] == "held"
    assert held["what"].startswith(
        "held until 2026-11-27T10:00:00Z: old (OLD) stays the way back for the monitoring period (168 h)"
    )
    shorter = Decommission(True, monitoring=datetime.timedelta(hours=12), now=DAY_LATER)
    assert _decommission_step(ACTIVE_AFTER_OLD, shorter)["status"] == "now"
    assert _decommission_step(ACTIVE_AFTER_OLD, Decommission(True, override=True, now=DAY_LATER))["status"] == "now"


def test_decommission_in_the_run_of_the_cutover_is_held_unless_overridden() -> None:
    # The new server is still in staging mode: it becomes active in this run, so its whole period is ahead.
    readings = {"old": reading("OLD"), "new": reading("NEW", staging=True)}
    assert _decommission_step(readings, Decommission(True, now=DAY_LATER))["status"] == "held"
    assert _decommission_step(readings, Decommission(True, override=True, now=DAY_LATER))["status"] == "later"


def test_switch_roles_needs_one_named_server_and_resumes_when_all_are_staging() -> None:
    groups = {"entra_connect_servers": ["a", "b"]}
    pairs = {"a": "fab", "b": "fab"}
    readings = {"a": reading("A"), "b": reading("B", staging=True)}
    assert plan_pairs("switch_roles", groups, pairs, readings, make_active=["b"])["fab"]["phase"] == "switch"
    assert plan_pairs("switch_roles", groups, pairs, readings, make_active=["a"])["fab"]["phase"] == "switched"
    staging = {"a": reading("A", staging=True), "b": reading("B", staging=True)}
    assert plan_pairs("switch_roles", groups, pairs, staging, make_active=["b"])["fab"]["phase"] == "cutover"
    with pytest.raises(PairError, match="name exactly one"):
        plan_pairs("switch_roles", groups, pairs, readings, make_active=[])


def test_rollback_refuses_a_decommissioned_source() -> None:
    readings = {"old": reading("OLD", installed=False), "new": reading("NEW", after=["OLD"])}
    with pytest.raises(PairError, match="nothing to roll back to"):
        plan_pairs("rollback", GROUPS, PAIRS, readings)


@pytest.mark.parametrize(
    ("old", "new", "steps_now"),
    [
        (reading("OLD"), reading("NEW", installed=False), ["export", "prepare", "wizard"]),
        # The export is done, but it runs again while the old server has Entra Connect: later phases use it.
        (reading("OLD"), reading("NEW", staging=True), ["export", "verify_staging", "cutover"]),
        (reading("OLD", staging=True), reading("NEW", staging=False, after=["OLD"]), ["export", "verify"]),
        (reading("OLD", installed=False), reading("NEW", staging=False, after=["OLD"]), []),
    ],
)
def test_the_steps_a_run_carries_out_are_decided_with_the_plan(old, new, steps_now) -> None:
    plan = plan_pairs("swing_migration", GROUPS, PAIRS, {"old": old, "new": new})["contoso"]
    assert plan["steps_now"] == steps_now


TWO_PAIRS = {
    "entra_connect_source": ["old", "old-alias"],
    "entra_connect_target": ["new", "new2"],
}
TWO_PAIRS_OF = {"old": "contoso", "new": "contoso", "old-alias": "contoso2", "new2": "contoso2"}


def test_two_pairs_sharing_one_old_server_are_refused_before_any_plan() -> None:
    # Two inventory names reach OLD (computer names compare case-insensitively, as Windows does).
    readings = {
        "old": reading("OLD"),
        "old-alias": reading("old"),
        "new": reading("NEW", staging=True),
        "new2": reading("NEW2", staging=True),
    }
    with pytest.raises(PairError) as err:
        plan_pairs("swing_migration", TWO_PAIRS, TWO_PAIRS_OF, readings)
    problems = err.value.problems
    assert any("old, old-alias are one computer, OLD" in p and "contoso, contoso2" in p for p in problems), problems
    # The same tenant in two pairs is its own problem; neither pair is planned, so no phase is derived.
    assert any("Pairs contoso, contoso2 all sync tenant contoso.onmicrosoft.com" in p for p in problems), problems
    assert not any("TWO ACTIVE" in p for p in problems)


def test_one_computer_as_old_and_new_server_is_one_server_and_no_staging_advice() -> None:
    with pytest.raises(PairError) as err:
        plan_pairs("swing_migration", GROUPS, PAIRS, {"old": reading("SYNC01"), "new": reading("sync01")})
    (problem,) = err.value.problems
    assert problem.startswith("Pair contoso: new, old are one computer, SYNC01")
    # Both readings show an active server, but it is one server: nothing to put into staging mode.
    assert "staging" not in problem


def test_pairs_in_one_tenant_are_refused_even_with_distinct_computers() -> None:
    readings = {
        "old": reading("OLD"),
        "old-alias": reading("OLD2", staging=True),
        "new": reading("NEW", installed=False),
        "new2": reading("NEW2", installed=False),
    }
    with pytest.raises(PairError) as err:
        plan_pairs("swing_migration", TWO_PAIRS, TWO_PAIRS_OF, readings)
    assert err.value.problems == [
        "Pairs contoso, contoso2 all sync tenant contoso.onmicrosoft.com. A tenant has one active server, so every "
        "server of a tenant that a run touches belongs to one pair: give them one entra_connect_pair, or run the "
        "pairs of this tenant one after the other."
    ]


def test_pairs_in_different_tenants_are_planned_each_on_its_own() -> None:
    readings = {
        "old": reading("OLD"),
        "old-alias": reading("OLD2", tenant="fabrikam.onmicrosoft.com"),
        "new": reading("NEW", installed=False),
        "new2": reading("NEW2", installed=False),
    }
    plans = plan_pairs("swing_migration", TWO_PAIRS, TWO_PAIRS_OF, readings)
    assert {pair: plan["phase"] for pair, plan in plans.items()} == {"contoso": "prepare", "contoso2": "prepare"}


def test_a_pair_whose_servers_sync_different_tenants_is_refused() -> None:
    readings = {"old": reading("OLD"), "new": reading("NEW", staging=True, tenant="fabrikam.onmicrosoft.com")}
    with pytest.raises(PairError) as err:
        plan_pairs("swing_migration", GROUPS, PAIRS, readings)
    assert err.value.problems == [
        "Pair contoso: its servers sync different tenants (new syncs fabrikam.onmicrosoft.com; old syncs "
        "contoso.onmicrosoft.com). The servers of a pair sync one tenant: check which servers the inventory pairs."
    ]


def test_an_ha_pair_listed_under_two_names_for_one_server_is_refused() -> None:
    groups = {"entra_connect_servers": ["ha1", "ha1-fqdn", "ha2"]}
    pair_of = {"ha1": "fabrikam", "ha1-fqdn": "fabrikam", "ha2": "fabrikam"}
    readings = {"ha1": reading("HA1"), "ha1-fqdn": reading("HA1"), "ha2": reading("HA2", staging=True)}
    with pytest.raises(PairError) as err:
        plan_pairs("switch_roles", groups, pair_of, readings, make_active=["ha2"])
    assert [p.split(" (")[0] for p in err.value.problems] == ["Pair fabrikam: ha1, ha1-fqdn are one computer, HA1"]


def test_the_switch_names_the_variable_an_operator_sets() -> None:
    groups = {"entra_connect_servers": ["ha1", "ha2"]}
    pair_of = {"ha1": "fabrikam", "ha2": "fabrikam"}
    readings = {"ha1": reading("HA1"), "ha2": reading("HA2", staging=True)}
    with pytest.raises(PairError) as err:
        plan_pairs("switch_roles", groups, pair_of, readings, make_active=[])
    assert "in entra_connect_make_active; found none" in err.value.problems[0]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"os": {"caption": "Windows Server 2025", "build": 26100, "server_core": False}}, "Windows Server 2025"),
        ({"os": {"caption": "Windows Server 2012 R2", "build": 9600, "server_core": False}}, "2012 R2"),
        ({"os": {"caption": "Windows Server 2022", "build": 20348, "server_core": True}}, "Server Core"),
        ({"dotnet": {"release": 394802, "version": "4.6.2"}}, ".NET Framework 4.6.2"),
        ({"dotnet": {"release": None, "version": None}}, ".NET Framework 4.x was not found"),
    ],
)
def test_a_new_server_the_install_refuses_is_refused_before_it_is_prepared(change, message) -> None:
    new = dict(reading("NEW", installed=False), **change)
    with pytest.raises(PairError) as err:
        plan_pairs("swing_migration", GROUPS, PAIRS, {"old": reading("OLD"), "new": new})
    (problem,) = err.value.problems
    assert problem.startswith("Pair contoso: the new server new (NEW) cannot take Entra Connect: ")
    assert message in problem and "entra_connect_target" in problem


def test_the_new_server_is_judged_for_the_install_only_before_it(monkeypatch) -> None:
    # Once Entra Connect is on it, the cutover gates judge the installed version instead.
    new = dict(
        reading("NEW", staging=True), os={"caption": "Windows Server 2025", "build": 26100, "server_core": False}
    )
    plan = plan_pairs("swing_migration", GROUPS, PAIRS, {"old": reading("OLD"), "new": new})["contoso"]
    assert plan["phase"] == "staging"


def test_a_half_done_cutover_runs_the_initial_sync_check_again_and_names_the_way_back() -> None:
    readings = {"old": reading("OLD", staging=True), "new": reading("NEW", staging=True)}
    plan = plan_pairs("swing_migration", GROUPS, PAIRS, readings)["contoso"]
    # The staging verification starts the initial sync only when the new server lacks it; without it the
    # gates would refuse on every run while nothing exports.
    assert plan["steps_now"] == ["export", "verify_staging", "cutover"]
    assert "rollback.yml makes old (OLD) active again" in plan["decisions"][1]


@pytest.mark.parametrize(
    ("old", "new", "remedy"),
    [
        (reading("OLD", staging=True), reading("NEW", installed=False), "make old (OLD) active again"),
        (reading("OLD", installed=False), reading("NEW", staging=True), "make new (NEW) active again"),
        (reading("OLD", installed=False), reading("NEW", installed=False), "there is nothing to migrate"),
    ],
)
def test_a_pair_with_no_active_server_names_its_next_step(old, new, remedy) -> None:
    with pytest.raises(PairError) as err:
        plan_pairs("swing_migration", GROUPS, PAIRS, {"old": old, "new": new})
    (problem,) = err.value.problems
    assert remedy in problem, problem


@pytest.mark.parametrize(
    ("old", "new", "refused"),
    [
        # The cutover of this run would take the new server out of staging mode with SSPR on 2.6.91.0.
        (reading("OLD", version="1.6.16.0"), reading("NEW", staging=True, password_writeback=True), "NEW"),
        # ... or put the old 2.5.79.0 server into staging mode with SSPR on.
        (reading("OLD", version="2.5.79.0", password_writeback=True), reading("NEW", staging=True), "OLD"),
        # An unreadable SSPR setting on 2.5.3.0+ counts as on.
        (reading("OLD"), reading("NEW", staging=True, password_writeback=None), "NEW"),
    ],
)
def test_a_cutover_that_needs_an_interactive_sign_in_is_refused_before_the_run_changes_anything(
    old, new, refused
) -> None:
    with pytest.raises(PairError) as err:
        plan_pairs("swing_migration", GROUPS, PAIRS, {"old": old, "new": new})
    (problem,) = err.value.problems
    assert problem.startswith(f"Pair contoso: the cutover cannot be made unattended: {refused.lower()} ({refused})")
    assert "password writeback (SSPR)" in problem and "old (OLD) into staging mode first" in problem


def test_sspr_before_2_5_3_and_a_run_that_does_not_reach_the_cutover_are_planned() -> None:
    old = reading("OLD", version="2.5.2.0", password_writeback=True)
    plans = plan_pairs("swing_migration", GROUPS, PAIRS, {"old": old, "new": reading("NEW", staging=True)})
    assert "cutover" in plans["contoso"]["steps_now"]
    # The new server is not installed yet: this run stops at the wizard, and the check waits for its reading.
    new = reading("NEW", installed=False)
    plans = plan_pairs("swing_migration", GROUPS, PAIRS, {"old": reading("OLD", password_writeback=True), "new": new})
    assert "cutover" not in plans["contoso"]["steps_now"]


def test_the_monitoring_period_is_measured_on_both_clocks_and_the_longer_wait_wins() -> None:
    # The activation is stamped by the server's clock. A server clock far behind the controller's (a lab twin
    # keeps its seed's clock) must not end the hold early; nor may a controller clock behind the server's.
    controller_now = datetime.datetime(2026, 12, 7, 12, 0, tzinfo=datetime.UTC)
    hold = Decommission(asked=True, monitoring=datetime.timedelta(days=7), now=controller_now)
    activated, server_now = "2026-11-20T10:00:00Z", "2026-11-20T10:05:00Z"
    assert hold.held_until(activated) is None  # the controller's clock alone: 17 days ago
    until = hold.held_until(activated, server_now)
    assert until == controller_now + datetime.timedelta(days=7, minutes=-5)
    ahead = Decommission(
        asked=True, monitoring=datetime.timedelta(days=7), now=datetime.datetime(2026, 11, 21, tzinfo=datetime.UTC)
    )
    assert ahead.held_until(activated, "2026-12-07T00:00:00Z") == datetime.datetime(
        2026, 11, 27, 10, tzinfo=datetime.UTC
    )
    assert hold.held_until(activated, "2026-11-28T10:00:01Z") is None
