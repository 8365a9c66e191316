# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

from typing import Any

from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action.base import EntraHostAction
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.base import Host
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.raw_reads import read_raw


class ActionModule(EntraHostAction):
    def entra_host_run(self, host: Host, args: dict[str, Any], task_vars: dict[str, Any]) -> dict[str, Any]:
        reading = read_raw(host, args["primitive"], args["parameters"])
        verdict = "matches its schema" if reading.violation is None else f"breaks its schema {reading.violation}"
        source = "the lab twin" if host.is_lab else "the server"
        result: dict[str, Any] = {
            "changed": False,
            "primitive": reading.primitive,
            "parameters": reading.parameters,
            "answer": reading.answer,
            "answer_as_used": reading.as_used,
            "schema_valid": reading.violation is None,
            "schema_violation": reading.violation,
            "decisions": [f"The {reading.primitive} answer of {source} {host.name} {verdict}"],
        }
        if reading.violation is not None:
            result["warnings"] = [f"The {reading.primitive} answer of {host.name} {verdict}"]
        return result
