# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import datetime
from typing import Any

from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action.base import EntraHostAction
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.dates import (
    UTC,
    format_utc,
    parse_utc,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import EntraConnectError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.base import Host
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.facts import snapshot_facts
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.health import judge_health
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.object_counts import (
    counts_of,
    statistics_parameters,
)

# A host clock further than this from the controller's is worth a sentence in the decisions.
CLOCK_SKEW_NOTED = datetime.timedelta(minutes=5)


def _counts_said(entry: dict[str, Any]) -> str:
    counts = counts_of(entry)
    said = ", ".join(f"{value} {name.removeprefix('total_')}" for name, value in counts.items() if value is not None)
    return f"{entry['name']}: {said or 'no count'}" + (f" ({entry['error']})" if entry["error"] else "")


class ActionModule(EntraHostAction):
    def entra_host_run(self, host: Host, args: dict[str, Any], task_vars: dict[str, Any]) -> dict[str, Any]:
        if args["max_sync_age_days"] < 1:
            raise EntraConnectError(f"max_sync_age_days must be at least 1, got {args['max_sync_age_days']}")
        snapshot = host.snapshot()
        facts = snapshot_facts(snapshot)
        if not facts["installed"]:
            raise EntraConnectError(f"Entra Connect is not installed on {host.name}; there is no sync health to read")
        runs = (snapshot["adsync"] or {}).get("run_history") or []
        connectors: list[dict[str, Any]] = []
        host_now: str | None = None
        if not facts["adsync_error"] and facts["scheduler"] is not None:
            statistics = host.call("connector_statistics", statistics_parameters(args["count_connector_space"]))
            connectors, host_now = statistics["connectors"], statistics["now_utc"]
        controller_now = datetime.datetime.now(UTC)
        decisions = []
        # A lab twin keeps its own time, which its seed fixed; its runs are as old as its clock says.
        if host.is_lab and host_now:
            now, clock = parse_utc(host_now), "lab twin"
            decisions.append(f"Ages judged against the lab twin's clock ({host_now}), the lab's time")
        else:
            now, clock = controller_now, "controller"
            if host_now and abs(parse_utc(host_now) - controller_now) > CLOCK_SKEW_NOTED:
                decisions.append(
                    f"{facts['computer_name']}'s clock reads {host_now}, the controller's "
                    f"{format_utc(controller_now)}; ages are judged by the controller's"
                )
        role = args["role"]
        checks = judge_health(facts, runs, role, now, datetime.timedelta(days=args["max_sync_age_days"]))
        failed = [check for check in checks if not check["passed"]]
        decisions.insert(
            0,
            f"{facts['computer_name']} judged as the {role} server: "
            + ", ".join(f"{c['name']}={c['passed']}" for c in checks),
        )
        if connectors:
            decisions.append("Object counts: " + "; ".join(_counts_said(entry) for entry in connectors))
        result: dict[str, Any] = {
            "changed": False,
            "passed": not failed,
            "checks": checks,
            "connectors": connectors,
            "computer_name": facts["computer_name"],
            "role": role,
            "staging_mode": facts["staging_mode"],
            "judged_at": {"time": format_utc(now), "clock": clock},
            "decisions": decisions,
            "evidence": {check["name"]: check["detail"] for check in checks},
        }
        if failed and args["fail_on_check"]:
            result.update(
                failed=True,
                msg=f"{host.name}: {len(failed)} sync health check(s) did not pass, nothing was changed - "
                + "; ".join(f"{c['name']}: {c['detail']}" for c in failed),
            )
        return result
