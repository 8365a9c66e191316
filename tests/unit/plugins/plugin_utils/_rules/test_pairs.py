"""Pairing and phases: derived from the servers' readings, refused before any change when wrong."""

from __future__ import annotations

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.pairs import PairError, plan_pairs
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


def test_decommission_is_planned_only_when_asked() -> None:
    readings = {"old": reading("OLD", staging=True), "new": reading("NEW", after=["OLD"])}
    steps = {
        asked: {
            s["step"]: s["status"]
            for s in plan_pairs("swing_migration", GROUPS, PAIRS, readings, asked)["contoso"]["steps"]
        }
        for asked in (False, True)
    }
    assert steps[False]["decommission"] == "skipped" and steps[True]["decommission"] == "now"


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
