# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import datetime
from typing import Any

from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action.base import EntraHostAction
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import EntraConnectError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.versions import parse_version
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._contract.validate import validate_answer
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.base import Host
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.facts import snapshot_facts
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.support_rules import WARNING, judge


def _judge_date(value: str | None) -> datetime.date:
    if value is None:
        return datetime.date.today()
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise EntraConnectError(f"at_date {value!r} is not a date: expected YYYY-MM-DD such as 2026-11-21") from None


class ActionModule(EntraHostAction):
    def entra_host_run(self, host: Host, args: dict[str, Any], task_vars: dict[str, Any]) -> dict[str, Any]:
        # Bad input fails before the host is read.
        when = _judge_date(args["at_date"])
        if args["minimum_version"] is not None:
            parse_version(args["minimum_version"], "minimum_version")
        if args["snapshot"] is not None:
            snapshot = validate_answer("snapshot", args["snapshot"], "the snapshot option")
        else:
            snapshot = host.snapshot()
        facts = snapshot_facts(snapshot)
        verdict = judge(facts, when, args["minimum_version"]).as_dict()
        result: dict[str, Any] = {
            "changed": False,
            **verdict,
            "computer_name": facts["computer_name"],
            "os": facts["os"]["name"],
            "dotnet": facts["dotnet"]["version"],
            "warnings": [r["message"] for r in verdict["reasons"] if r["severity"] == WARNING],
            "evidence": {
                "os_and_dotnet": f"{facts['os']['name']}, .NET {facts['dotnet']['version']}: {verdict['verdict']}"
            },
        }
        if not verdict["passed"] and args["fail_on_unsupported"]:
            result.update(failed=True, msg=f"{facts['computer_name']}: {verdict['summary']}")
        return result
