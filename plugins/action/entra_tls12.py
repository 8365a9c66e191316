# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

from typing import Any

from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action.base import EntraHostAction
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.base import Host
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.tls12 import (
    diff,
    read_parameters,
    restart_pending,
    value_states,
    write_parameters,
)


class ActionModule(EntraHostAction):
    def entra_host_run(self, host: Host, args: dict[str, Any], task_vars: dict[str, Any]) -> dict[str, Any]:
        if args["reboot_timeout"] <= 0:
            return {
                "failed": True,
                "msg": f"reboot_timeout must be a positive number of seconds, got {args['reboot_timeout']}",
            }
        reading = host.call("tls12_read", read_parameters())
        states = value_states(reading)
        wrong = [state for state in states if not state.compliant]
        pending_before = restart_pending(reading)
        check_mode = bool(self._task.check_mode)
        confirmed = []
        if wrong and not check_mode:
            # Sent once: if the connection drops, a fresh tls12_read shows whether the values were written.
            written = host.write("tls12_write", write_parameters(states))
            if written.answer_lost:
                confirmed.append(written.note)
        reboot_required = bool(wrong) or pending_before
        rebooted = False
        if args["reboot"] and reboot_required and not check_mode:
            host.reboot(args["reboot_timeout"])
            rebooted, reboot_required = True, False
        result: dict[str, Any] = {
            "changed": bool(wrong) or (args["reboot"] and (rebooted or (check_mode and reboot_required))),
            "values": [
                {
                    "path": s.path,
                    "name": s.name,
                    "before": {"type": s.type, "data": s.data},
                    "after": {"type": "DWord", "data": s.wanted},
                    "compliant": s.compliant,
                }
                for s in states
            ],
            "reboot_required": reboot_required,
            "rebooted": rebooted,
        }
        done = "TLS 1.2 values would be written (check mode)" if check_mode else "TLS 1.2 values written"
        result["decisions"] = [
            (done if wrong else "TLS 1.2 already enabled") + (", server restarted" if rebooted else ""),
            *confirmed,
        ]
        if self._task.diff and wrong:
            result["diff"] = diff(states)
        warnings = list(confirmed)
        if reboot_required:
            warnings.append(
                f"{host.name}: the TLS 1.2 values take effect only after a restart; restart the server "
                "(reboot: true, or ansible.windows.win_reboot) before installing or upgrading Entra Connect"
            )
        if warnings:
            result["warnings"] = warnings
        return result
