# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

from typing import Any

from ansible.errors import AnsibleConnectionFailure
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action.base import EntraHostAction
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action.evidence_key import run_key
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import (
    EntraConnectError,
    HostCommandError,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.versions import parse_version
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.base import (
    Host,
    UnconfirmedWriteError,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.readings import read_status
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.facts import (
    SETTING_STAGING_MODE,
    snapshot_facts,
    staging_mismatch,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.identity import tenant_from_names
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.sign_in import (
    StagingRoute,
    staging_route,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.staging import (
    Evidence,
    activation_marker,
    check_may_leave_staging,
    reading_hosts,
    seal,
    take_reading,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.sync import (
    require_installed,
    scheduler_facts,
)

# Where a run's preflight hands on each server's reading (docs/runbook.md).
HANDOFF = "entra_connect_handoff"


def known_peers(task_vars: dict[str, Any], this_host: str, computer_name: str, tenant: str | None) -> dict[str, str]:
    """The servers of this tenant that this run's preflight read, other than this one: the readings must
    cover them whatever the task passes. Only narrows: a run without a preflight adds nothing."""
    if not tenant:
        return {}
    hostvars = task_vars.get("hostvars") or {}
    found: dict[str, str] = {}
    for host in task_vars.get("ansible_play_hosts_all") or []:
        if host == this_host or host not in hostvars:
            continue
        reading = (hostvars[host].get(HANDOFF) or {}).get("reading") or {}
        computer = reading.get("computer_name")
        if reading.get("tenant") == tenant and computer and computer.upper() != computer_name.upper():
            found[host] = computer
    return found


class ActionModule(EntraHostAction):
    def entra_host_run(self, host: Host, args: dict[str, Any], task_vars: dict[str, Any]) -> dict[str, Any]:
        self._confirmed: list[str] = []
        result = self._staging(host, args, task_vars)
        would = "would have " if self._task.check_mode else ""
        result["decisions"] = []
        if result["changed"] and result["staging_mode"]:
            result["decisions"] = [f"{host.name} {would}entered staging mode"]
        elif result["changed"]:
            others = ", ".join(reading_hosts(args["other_servers"] or []))
            why = f"fresh readings of {others}" if others else "the statement that the tenant has no other server"
            result["decisions"] = [f"{host.name} {would}left staging mode after {why}"]
        # A write whose answer was lost, carried on from the fresh read that shows it took effect.
        result["decisions"] += self._confirmed
        result["evidence"] = {"staging_mode": result["staging_mode"]}
        if args["admin_credential"]:
            result.setdefault("warnings", []).append(
                "admin_credential is deprecated and was not used: no ADSync cmdlet takes a credential for a staging "
                "change. A change that needs an administrator sign-in is refused and made with the wizard."
            )
        return result

    def _route(self, host: Host, scheduler: dict[str, Any], after: bool, wanted: bool) -> StagingRoute:
        """How the change can be made unattended on this server's version, read fresh; refused, in check mode
        too, before anything is sent when it cannot (_rules/sign_in.py)."""
        facts = snapshot_facts(host.snapshot())
        product = facts["product"] or {}
        version = parse_version(product.get("version"), f"the Entra Connect version of {host.name}")
        return staging_route(
            host.name, version, facts["password_writeback"], scheduler["SyncCycleEnabled"], after, wanted
        )

    @staticmethod
    def _scheduler_after_failure(host: Host, route: StagingRoute) -> str:
        """After a failed change, what the scheduler reads now: the script restores it in its own try/catch,
        but a server whose scheduler stayed paused must not go unnoticed."""
        if not route.pause_scheduler:
            return ""
        try:
            scheduler = read_status(host)["scheduler"] or {}
        except (EntraConnectError, AnsibleConnectionFailure) as err:
            return f" The scheduler of {host.name} could not be read afterwards ({err}); check SyncCycleEnabled."
        return f" Afterwards the scheduler of {host.name} reads SyncCycleEnabled={scheduler.get('SyncCycleEnabled')}."

    def _staging(self, host: Host, args: dict[str, Any], task_vars: dict[str, Any]) -> dict[str, Any]:
        key = run_key()
        status = read_status(host)
        scheduler = require_installed(status, host.name)
        reading = seal(take_reading(host.name, status), key)
        result: dict[str, Any] = {
            "changed": False,
            "staging_mode": reading["staging_mode"],
            "reading": reading,
            "scheduler": scheduler_facts(scheduler),
        }
        mismatch = staging_mismatch(host.name, reading["staging_mode"], status["staging_mode_setting"])
        if mismatch:
            result["warnings"] = [mismatch]
        if args["state"] == "query":
            return result
        wanted = args["state"] == "enabled"
        if reading["staging_mode"] == wanted:
            return result
        if not wanted:
            tenant = tenant_from_names(status["connectors"])
            check_may_leave_staging(
                Evidence(
                    this_host=host.name,
                    computer_name=status["computer_name"],
                    tenant=tenant,
                    other_servers=args["other_servers"],
                    no_other_servers=args["no_other_servers"],
                    max_age=args["max_reading_age"],
                    key=key,
                    known_peers=known_peers(task_vars, host.name, status["computer_name"], tenant),
                )
            )
        if scheduler["SyncCycleInProgress"]:
            raise EntraConnectError(
                f"A sync cycle is running on {host.name}; staging mode is not changed in the middle of a cycle. Wait "
                "for it (hybrid_identity.entra_connect.entra_sync_cycle waits for a running cycle) and run this task "
                "again. Nothing was changed."
            )
        after = (
            scheduler["SyncCycleEnabled"]
            if args["sync_cycle_enabled_after"] is None
            else args["sync_cycle_enabled_after"]
        )
        route = self._route(host, scheduler, after, wanted)
        result.update(changed=True, staging_mode=wanted)
        if self._task.diff:
            result["diff"] = {"before": {"staging_mode": not wanted}, "after": {"staging_mode": wanted}}
        if self._task.check_mode:
            return result
        parameters: dict[str, Any] = {
            "StagingSettingName": SETTING_STAGING_MODE,
            "StagingMode": wanted,
            "PauseScheduler": route.pause_scheduler,
        }
        if route.pause_scheduler:
            parameters["SyncCycleEnabledAfter"] = after
        if not wanted:
            parameters.update(activation_marker(args["other_servers"] or [], status["now_utc"]))
        # Sent once, whatever happens to the connection: a write that may have happened is confirmed by a fresh
        # sync_status read of StagingModeEnabled, never repeated (Host.write).
        try:
            written = host.write("staging_write", parameters)
        except UnconfirmedWriteError:
            raise
        except HostCommandError as err:
            raise EntraConnectError(f"{err}{self._scheduler_after_failure(host, route)}") from None
        answer = written.answer or {}
        if answer.get("busy"):
            raise EntraConnectError(
                f"A sync cycle started on {host.name} between the read and the change; staging mode was not changed. "
                "Run this task again once the cycle has finished (hybrid_identity.entra_connect.entra_sync_cycle "
                "waits for a running cycle). Nothing was changed."
            )
        if written.answer_lost:
            self._confirmed.append(written.note)
            result.setdefault("warnings", []).append(written.note)
        # Read again, so the result (and a peer that reads this one next) shows the server as it now is; after a
        # lost answer the confirming read is that reading.
        status = written.confirmation or read_status(host)
        result.update(
            reading=seal(take_reading(host.name, status), key),
            staging_mode=status["scheduler"]["StagingModeEnabled"],
            scheduler=scheduler_facts(status["scheduler"]),
        )
        if answer.get("scheduler_restored") is False:
            raise EntraConnectError(
                f"{host.name} is now {'in' if result['staging_mode'] else 'out of'} staging mode, but its scheduler "
                f"could not be set back afterwards ({answer.get('restore_error') or 'no reason was given'}): it reads "
                f"SyncCycleEnabled={result['scheduler']['sync_cycle_enabled']}. Set it on {host.name} with "
                f"Set-ADSyncScheduler -SyncCycleEnabled ${str(after).lower()} (or "
                "hybrid_identity.entra_connect.entra_scheduler), then run this playbook again."
            )
        if result["staging_mode"] != wanted:
            raise EntraConnectError(
                f"{host.name} still reports StagingModeEnabled={result['staging_mode']} after the change was written; "
                "check the server with the Entra Connect wizard (Configure staging mode)."
            )
        return result
