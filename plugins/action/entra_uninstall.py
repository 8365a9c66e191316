# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

from typing import Any

from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action.base import EntraHostAction
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import EntraConnectError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.base import Host
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.primitives import (
    snapshot_parameters,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules import uninstall as rules
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.facts import snapshot_facts
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.support_data import (
    LOCALDB_DISPLAY_NAMES,
)


class ActionModule(EntraHostAction):
    def entra_host_run(self, host: Host, args: dict[str, Any], task_vars: dict[str, Any]) -> dict[str, Any]:
        if args["reboot_timeout"] <= 0:
            raise EntraConnectError(
                f"reboot_timeout must be a positive number of seconds, got {args['reboot_timeout']}"
            )
        snapshot = host.snapshot()
        facts = snapshot_facts(snapshot)
        result: dict[str, Any] = {
            "changed": False,
            "removed": [],
            "left": [],
            "cloud_cleanup": [],
            "reboot_required": False,
            "rebooted": False,
        }
        # The ADSync service outlives a removed wizard product: a server with it still has Entra Connect.
        if not facts["installed"] and snapshot["adsync_service"] is None:
            result.update(
                decisions=["Entra Connect was already removed"],
                evidence={"removed": "nothing", "reboot_required": False},
            )
            return result
        if not facts["installed"]:
            # The family is gone but the ADSync service is not: a removal that waits for its restart.
            return self._finish_after_restart(host, args, result)
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
        written = host.write("uninstall", {"ProductDisplayNames": list(rules.REMOVAL_ORDER)})
        notes: list[str] = []
        if written.answer is None:
            # msiexec's exit codes were lost with the answer: a restart may be due, so it is taken as due.
            attempted: list[dict[str, Any]] = []
            restart = True
            notes = [
                written.note,
                "msiexec's exit codes were lost with the answer, so whether a restart is required is unknown",
            ]
        else:
            attempted = written.answer["removed"]
            if not attempted:
                raise EntraConnectError(rules.nothing_matched(host.name, written.answer["found"]))
            restart = rules.restart_required(attempted)
        # The removal counts only when a fresh read shows the ADSync service and the family gone.
        left = self._left(host)
        rebooted = False
        if restart and rules.waits_for_restart(attempted, left) and args["reboot"]:
            # The service is marked for deletion until the restart msiexec asked for: restart, then judge.
            host.reboot(args["reboot_timeout"])
            rebooted = True
            left = self._left(host)
        problem = rules.not_done(host.name, attempted, left, restart)
        if problem is not None:
            raise EntraConnectError(problem)
        if args["reboot"] and restart and not rebooted:
            host.reboot(args["reboot_timeout"])
            rebooted = True
        cleanup = rules.cloud_cleanup(host.name, version)
        # LocalDB is never sent for removal, so what was found before is still there, as the fresh read may also show.
        found = written.answer["found"] if written.answer is not None else []
        kept = rules.kept(dict(left, localdb=rules.matching([*left["localdb"], *found], LOCALDB_DISPLAY_NAMES)))
        msg = f"Uninstalled Entra Connect {version} from {host.name}" + (
            "; the server was restarted" if rebooted else ""
        )
        if restart and not rebooted:
            msg += f"; restart {host.name} before using it again"
        result.update(
            removed=attempted,
            left=kept,
            cloud_cleanup=cleanup,
            reboot_required=restart and not rebooted,
            rebooted=rebooted,
            msg=msg,
            warnings=[*notes, "Left for you: " + " ".join(cleanup)],
        )
        result.update(
            decisions=[msg, *notes, *(f"{k['display_name']} was left: {k['reason']}" for k in kept), *cleanup],
            evidence={
                "removed": ", ".join(f"{r['display_name']} (exit code {r['exit_code']})" for r in attempted)
                or ("unknown (the answer was lost)" if written.answer is None else "nothing"),
                "adsync_service": "gone",
                "left": ", ".join(k["display_name"] for k in kept) or "nothing",
                "reboot_required": result["reboot_required"],
            },
        )
        return result

    @staticmethod
    def _left(host: Host) -> dict[str, Any]:
        fresh = host.call("snapshot", dict(snapshot_parameters(), ProductDisplayNames=list(rules.READ_AFTER)))
        return rules.left_after(fresh)

    def _finish_after_restart(self, host: Host, args: dict[str, Any], result: dict[str, Any]) -> dict[str, Any]:
        """An earlier removal left only the ADSync service, marked for deletion until the server restarts."""
        left = self._left(host)
        if left["family"] or not args["reboot"]:
            raise EntraConnectError(rules.not_done(host.name, [], left, restart=True) or "")
        result.update(changed=True, msg=f"Would restart {host.name} to finish removing Entra Connect")
        if self._task.check_mode:
            return result
        host.reboot(args["reboot_timeout"])
        left = self._left(host)
        problem = rules.not_done(host.name, [], left, restart=False)
        if problem is not None:
            raise EntraConnectError(problem)
        result.update(
            rebooted=True,
            msg=f"Restarted {host.name}: the ADSync service an earlier removal left is gone",
            decisions=[f"Restarted {host.name} to finish an earlier removal of Entra Connect"],
            evidence={
                "removed": "the ADSync service, at the restart",
                "adsync_service": "gone",
                "reboot_required": False,
            },
        )
        return result
