# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

from typing import Any

from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action.base import EntraHostAction
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.base import Host
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.facts import (
    facts_warnings,
    snapshot_facts,
)


class ActionModule(EntraHostAction):
    def entra_host_run(self, host: Host, args: dict[str, Any], task_vars: dict[str, Any]) -> dict[str, Any]:
        snapshot = host.snapshot()
        facts = snapshot_facts(snapshot)
        return {"changed": False, "entra_connect": facts, "snapshot": snapshot, "warnings": facts_warnings(facts)}
