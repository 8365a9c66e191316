# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

from typing import Any

from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action.base import EntraHostAction
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action.polling import (
    Poll,
    PollTimeoutError,
    every,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import EntraConnectError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.base import Host
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.facts import snapshot_facts
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.worksheet import (
    worksheet,
    worksheet_lines,
)


class ActionModule(EntraHostAction):
    def entra_host_run(self, host: Host, args: dict[str, Any], task_vars: dict[str, Any]) -> dict[str, Any]:
        result = self._gate(host, args)
        result["decisions"] = [result["msg"]]
        result["evidence"] = {
            "simulated_in_lab": result["simulated"],
            "installed_version": result.get("version") or "not installed",
        }
        return result

    def _gate(self, host: Host, args: dict[str, Any]) -> dict[str, Any]:
        if args["poll_interval"] < 1 or args["timeout"] < 0:
            raise EntraConnectError("poll_interval must be at least 1 second and timeout not negative")
        facts = snapshot_facts(host.snapshot())
        sheet = worksheet(
            f"{host.name} ({facts['computer_name']})",
            args["installer_path"],
            args["settings_path"],
            args["sign_in_method"],
            args["source"],
            args["directories"],
            args["not_carried"],
        )
        result: dict[str, Any] = {
            "changed": False,
            "installed": facts["installed"],
            "stopped": False,
            "simulated": False,
            "worksheet": sheet,
            "worksheet_lines": worksheet_lines(sheet),
        }
        if facts["installed"]:
            return self._passed(host, facts, result)
        if self._task.check_mode:
            how = (
                "simulate the operator completing the wizard (lab)"
                if host.can_simulate_wizard and args["simulate_in_lab"]
                else (f"wait up to {args['timeout']} s for the wizard" if args["wait"] else "stop with this worksheet")
            )
            result.update(stopped=True, msg=f"Would {how} on {host.name}: Entra Connect is not installed there yet.")
            return result
        if host.can_simulate_wizard and args["simulate_in_lab"]:
            # The simulated operator also re-applies by hand what the worksheet lists.
            simulated = host.simulate_wizard(
                args["installer_path"], args["settings_path"], args["sign_in_method"] or "", args["not_carried"]
            )
            result.update(changed=True, simulated=True, wizard=simulated)
            facts = snapshot_facts(host.snapshot())
            return self._passed(host, facts, result, simulated=True)
        if args["wait"]:
            poll: Poll[dict[str, Any]] = Poll(
                read=lambda: snapshot_facts(host.snapshot()),
                done=lambda reading: bool(reading["installed"]) and reading["staging_mode"] is not None,
                wait=host.wait,
                timeout=args["timeout"],
                delays=every(args["poll_interval"]),
                progress=lambda reading, elapsed: (
                    f"{host.name}: waiting for an operator to finish the Entra Connect wizard, {int(elapsed)} s of "
                    f"{args['timeout']} s"
                ),
            )
            try:
                facts, waited = poll.until_done(facts)
            except PollTimeoutError as timed_out:
                raise EntraConnectError(
                    f"Entra Connect is still not installed on {host.name} after waiting {int(timed_out.elapsed)} s for "
                    "the wizard. Complete the wizard with the worksheet and run the playbook again."
                ) from None
            result["waited"] = int(waited)
            return self._passed(host, facts, result)
        result.update(
            stopped=True,
            msg=(
                f"STOPPED at the wizard gate: Entra Connect is not installed on {host.name}. Complete the wizard with "
                "the worksheet, then run the playbook again; it resumes here."
            ),
        )
        return result

    @staticmethod
    def _passed(host: Host, facts: dict[str, Any], result: dict[str, Any], simulated: bool = False) -> dict[str, Any]:
        if facts["staging_mode"] is not True:
            raise EntraConnectError(
                f"Entra Connect is installed on {host.name} but NOT in staging mode (StagingModeEnabled="
                f"{facts['staging_mode']}): it may export to the tenant next to the old server. Enable staging mode "
                "on it now in the wizard (Configure staging mode), then run the playbook again."
            )
        version = (facts["product"] or {}).get("version")
        prefix = "SIMULATED in the lab: an operator completed the wizard" if simulated else "The wizard is done"
        result.update(
            installed=True,
            version=version,
            msg=f"{prefix} - Entra Connect {version} is installed on {host.name} in staging mode.",
        )
        return result
