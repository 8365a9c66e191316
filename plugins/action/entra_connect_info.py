# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

from typing import Any, ClassVar

from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action import EntraActionBase
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._facts import facts_warnings, snapshot_facts
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host import Host


class ActionModule(EntraActionBase):
    ARGUMENT_SPEC: ClassVar[dict[str, Any]] = {}
    _VALID_ARGS = frozenset(ARGUMENT_SPEC)

    def entra_run(self, host: Host, args: dict[str, Any], task_vars: dict[str, Any]) -> dict[str, Any]:
        snapshot = host.snapshot()
        facts = snapshot_facts(snapshot)
        return {"changed": False, "entra_connect": facts, "snapshot": snapshot, "warnings": facts_warnings(facts)}
