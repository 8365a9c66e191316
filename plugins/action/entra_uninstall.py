# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

from typing import Any

from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action.base import EntraHostAction
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import EntraConnectError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.base import Host
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.facts import snapshot_facts
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.support_data import (
    PRODUCT_DISPLAY_NAMES,
)

# Windows Installer: 0 is success, 3010 is success with a restart required.
MSI_SUCCESS = 0
MSI_RESTART_REQUIRED = 3010


class ActionModule(EntraHostAction):
    def entra_host_run(self, host: Host, args: dict[str, Any], task_vars: dict[str, Any]) -> dict[str, Any]:
        if args["reboot_timeout"] <= 0:
            raise EntraConnectError(
                f"reboot_timeout must be a positive number of seconds, got {args['reboot_timeout']}"
            )
        facts = snapshot_facts(host.snapshot())
        result: dict[str, Any] = {"changed": False, "removed": [], "reboot_required": False, "rebooted": False}
        if not facts["installed"]:
            result.update(
                decisions=["Entra Connect was already removed"],
                evidence={"removed": "nothing", "reboot_required": False},
            )
            return result
        if facts["staging_mode"] is not True:
            raise EntraConnectError(
                f"Refusing to uninstall Entra Connect from {host.name}: it is not in staging mode "
                f"(StagingModeEnabled={facts['staging_mode']}), so it may be the server exporting for the tenant. "
                "Nothing was changed."
            )
        version = (facts["product"] or {}).get("version")
        result["changed"] = True
        if self._task.check_mode:
            result["msg"] = f"Would uninstall Entra Connect {version} from {host.name}"
            return result
        # Sent once: if the connection drops, a fresh snapshot shows whether the products are gone (Host.write).
        written = host.write("uninstall", {"ProductDisplayNames": list(PRODUCT_DISPLAY_NAMES)})
        if written.answer is None:
            return self._confirmed(host, args, result, version, written.note)
        answer = written.answer
        failures = [r for r in answer["removed"] if r["exit_code"] not in (MSI_SUCCESS, MSI_RESTART_REQUIRED)]
        if failures:
            raise EntraConnectError(
                f"Uninstalling from {host.name} failed: "
                + "; ".join(
                    f"{r['display_name']} {r['product_code']}: msiexec exit code {r['exit_code']}" for r in failures
                )
            )
        reboot_required = any(r["exit_code"] == MSI_RESTART_REQUIRED for r in answer["removed"])
        rebooted = bool(args["reboot"] and reboot_required)
        if rebooted:
            host.reboot(args["reboot_timeout"])
        result.update(
            removed=answer["removed"],
            reboot_required=reboot_required and not rebooted,
            rebooted=rebooted,
            msg=f"Uninstalled Entra Connect {version} from {host.name}"
            + ("; the server was restarted" if rebooted else ""),
        )
        result.update(
            decisions=[result["msg"]],
            evidence={
                "removed": ", ".join(r["display_name"] for r in answer["removed"]) or "nothing",
                "reboot_required": result["reboot_required"],
            },
        )
        return result

    @staticmethod
    def _confirmed(host: Host, args: dict[str, Any], result: dict[str, Any], version: Any, note: str) -> dict[str, Any]:
        """The products are gone, but msiexec's exit codes were lost with the answer: a restart may be required,
        so it is taken as required."""
        rebooted = bool(args["reboot"])
        if rebooted:
            host.reboot(args["reboot_timeout"])
        unknown = "msiexec's exit codes were lost with the answer, so whether a restart is required is unknown; " + (
            "the server was restarted" if rebooted else f"restart {host.name} before using it again"
        )
        result.update(
            removed=[],
            reboot_required=not rebooted,
            rebooted=rebooted,
            msg=f"Uninstalled Entra Connect {version} from {host.name}"
            + ("; the server was restarted" if rebooted else ""),
            warnings=[note, unknown],
        )
        result.update(
            decisions=[result["msg"], note],
            evidence={"removed": "unknown (the answer was lost)", "reboot_required": result["reboot_required"]},
        )
        return result
