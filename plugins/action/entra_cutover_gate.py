# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import datetime
from typing import Any

from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action.base import EntraHostAction
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.dates import parse_utc
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import EntraConnectError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.versions import parse_version
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.base import Host
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.facts import snapshot_facts
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.gates import (
    INITIAL_PROFILES,
    judge_gates,
    missing_runs,
)


class ActionModule(EntraHostAction):
    def entra_host_run(self, host: Host, args: dict[str, Any], task_vars: dict[str, Any]) -> dict[str, Any]:
        if args["peer_version"]:
            parse_version(args["peer_version"], "peer_version")
        if args["since"]:
            try:
                parse_utc(args["since"])
            except ValueError:
                raise EntraConnectError(f"since must be an ISO 8601 UTC time, got {args['since']!r}") from None
        snapshot = host.snapshot()
        facts = snapshot_facts(snapshot)
        if not facts["installed"]:
            raise EntraConnectError(f"Entra Connect is not installed on {host.name}; there is nothing to judge")
        runs = (snapshot["adsync"] or {}).get("run_history") or []
        gates = judge_gates(
            facts,
            runs,
            args["expect"],
            datetime.date.today(),
            args["peer_version"],
            args["require_initial_sync"],
            args["since"],
        )
        gates += [dict(gate, extra=True) for gate in args["extra_gates"]]
        failed = [gate for gate in gates if not gate["passed"]]
        result: dict[str, Any] = {
            "changed": False,
            "passed": not failed,
            "gates": gates,
            "needs_initial_sync": bool(missing_runs(facts, runs, INITIAL_PROFILES)),
            # An active server whose only failed gate is its exports gets past it with another delta cycle, as
            # the scheduler's next cycle would; anything else needs a person.
            "needs_delta_cycle": args["expect"] == "active" and [g["name"] for g in failed] == ["exports"],
            "version": (facts["product"] or {}).get("version"),
            "staging_mode": facts["staging_mode"],
        }
        result["decisions"] = ["Gates: " + ", ".join(f"{g['name']}={g['passed']}" for g in gates)]
        if args["expect"] == "active" and not failed:
            result["decisions"].append(f"{host.name} verified as the active server")
        result["evidence"] = {g["name"]: g["detail"] for g in gates}
        if failed and args["fail_on_gate"]:
            result.update(
                failed=True,
                msg=f"{host.name}: {len(failed)} gate(s) did not pass, nothing was changed - "
                + "; ".join(f"{g['name']}: {g['detail']}" for g in failed),
            )
        return result
