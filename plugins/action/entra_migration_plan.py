# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import datetime
from typing import Any

from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action.base import EntraControllerAction
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import EntraConnectError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.pairs import (
    PAIR_VARIABLE,
    SERVERS_GROUP,
    SOURCE_GROUP,
    TARGET_GROUP,
    Decommission,
    judge_pairs,
)


def _reading(value: Any) -> Any:
    # A whole registered entra_connect_info result is accepted as well as its `entra_connect` facts.
    if isinstance(value, dict) and isinstance(value.get("entra_connect"), dict):
        return value["entra_connect"]
    return value


class ActionModule(EntraControllerAction):
    def entra_run(self, args: dict[str, Any], task_vars: dict[str, Any]) -> dict[str, Any]:
        groups = {
            name: list(task_vars.get("groups", {}).get(name) or [])
            for name in (SOURCE_GROUP, TARGET_GROUP, SERVERS_GROUP)
        }
        hostvars = task_vars.get("hostvars", {})
        hosts = {h for members in groups.values() for h in members}
        pair_of = {h: (hostvars[h].get(PAIR_VARIABLE) if h in hostvars else None) for h in hosts}
        if args["decommission_monitoring_hours"] < 0:
            raise EntraConnectError("decommission_monitoring_hours must not be negative")
        readings = {h: _reading(v) for h, v in args["readings"].items() if v}
        judgement = judge_pairs(
            args["runbook"],
            groups,
            pair_of,
            readings,
            decommission=Decommission(
                asked=args["decommission"],
                monitoring=datetime.timedelta(hours=args["decommission_monitoring_hours"]),
                override=args["decommission_override"],
            ),
            make_active=args["make_active"],
        )
        # Before the first change every problem refuses the whole run; once the run is under way, a pair's
        # problem stops that pair only, and the other pairs go on.
        if judgement.run_problems or (judgement.refused and args["refuse"] == "run"):
            count = len(judgement.problems)
            raise EntraConnectError(
                f"{args['runbook']} cannot start: {count} problem{'s' if count > 1 else ''} with the pairs; nothing "
                "was changed.\n- " + "\n- ".join(judgement.problems)
            )
        pairs = judgement.plans
        return {
            "changed": False,
            "pairs": pairs,
            "refused": {
                pair: {
                    "problems": refusal.problems,
                    "unread": refusal.unread,
                    "msg": (
                        f"Pair {pair} cannot go on in this run; the other pairs go on.\n- "
                        + "\n- ".join(refusal.problems)
                        + "\nRun the playbook again once this is fixed: it resumes from where the servers are."
                    ),
                    "plan": refusal.plan,
                }
                for pair, refusal in judgement.refused.items()
            },
            "pair_of_host": {h: p for h, p in pair_of.items() if p in pairs or p in judgement.refused},
        }
