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
