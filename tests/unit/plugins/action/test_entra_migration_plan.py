"""entra_migration_plan: groups and pairs from the inventory, readings from the servers, on the controller."""

from __future__ import annotations

from ansible_collections.hybrid_identity.entra_connect.plugins.action import entra_migration_plan
from hosts import FakeHost
from pair_readings import GROUPS, PAIRS, reading


def _task_vars(pairs: dict[str, str | None]) -> dict:
    return {
        "groups": dict(GROUPS, all=["old", "new"]),
        "hostvars": {h: {"entra_connect_pair": p} for h, p in pairs.items()},
    }


def test_the_plan_module_reads_groups_and_pairs_from_the_inventory(run_action) -> None:
    registered = {"entra_connect": reading("OLD"), "changed": False}
    args = {"runbook": "swing_migration", "readings": {"old": registered, "new": reading("NEW", installed=False)}}
    result = run_action(entra_migration_plan, args, FakeHost(), task_vars=_task_vars(PAIRS))
    assert result["changed"] is False and not result.get("failed")
    assert result["pairs"]["contoso"]["phase"] == "prepare"
    assert result["pair_of_host"] == {"old": "contoso", "new": "contoso"}


def test_the_plan_module_lists_every_problem_and_changes_nothing(run_action) -> None:
    args = {"runbook": "swing_migration", "readings": {"old": reading("OLD"), "new": reading("NEW")}}
    host = FakeHost()
    result = run_action(entra_migration_plan, args, host, task_vars=_task_vars({"old": "contoso", "new": None}))
    assert result["failed"] is True and host.calls == []
    assert result["msg"].startswith("swing_migration cannot start: ")
    assert "nothing was changed.\n- new (in entra_connect_target) has no entra_connect_pair" in result["msg"]


FOUR = {"old": "contoso", "new": "contoso", "old2": "fabrikam", "new2": "fabrikam"}
FOUR_GROUPS = {"entra_connect_source": ["old", "old2"], "entra_connect_target": ["new", "new2"]}


def _two_pairs_one_unread(refuse: str) -> dict:
    # new2 failed earlier in the run: it has no reading in this derivation.
    readings = {
        "old": reading("OLD", staging=True),
        "new": reading("NEW", staging=False, after=["OLD"]),
        "old2": reading("OLD2", tenant="fabrikam.onmicrosoft.com"),
    }
    task_vars = {
        "groups": dict(FOUR_GROUPS, all=sorted(FOUR)),
        "hostvars": {h: {"entra_connect_pair": p} for h, p in FOUR.items()},
    }
    args = {"runbook": "swing_migration", "readings": readings, "refuse": refuse}
    return entra_migration_plan, args, task_vars


def test_under_way_a_pair_that_cannot_go_on_is_refused_alone(run_action) -> None:
    plugin, args, task_vars = _two_pairs_one_unread("pair")
    result = run_action(plugin, args, FakeHost(), task_vars=task_vars)
    assert not result.get("failed"), result
    assert list(result["pairs"]) == ["contoso"] and result["pairs"]["contoso"]["phase"] == "verify"
    refusal = result["refused"]["fabrikam"]
    assert refusal["unread"] == ["new2"]
    assert refusal["msg"].startswith("Pair fabrikam cannot go on in this run; the other pairs go on.\n- Pair fabrikam:")
    assert "no reading of new2" in refusal["msg"]
    # Every server of both pairs finds its pair, the refused one included.
    assert result["pair_of_host"] == FOUR


def test_before_the_first_change_one_pair_refuses_the_whole_run(run_action) -> None:
    plugin, args, task_vars = _two_pairs_one_unread("run")
    result = run_action(plugin, args, FakeHost(), task_vars=task_vars)
    assert result["failed"] is True and "pairs" not in result
    assert result["msg"].startswith("swing_migration cannot start: 1 problem with the pairs; nothing was changed.")
