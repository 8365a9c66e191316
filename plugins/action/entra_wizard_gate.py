# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

from typing import Any, ClassVar

from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action import EntraActionBase
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._errors import EntraConnectError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._facts import snapshot_facts
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host import Host
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._worksheet import worksheet, worksheet_lines


class ActionModule(EntraActionBase):
    ARGUMENT_SPEC: ClassVar[dict[str, Any]] = {
        "installer_path": {"type": "str", "required": True},
        "settings_path": {"type": "str", "required": True},
        "source": {"type": "str", "required": True},
        "sign_in_method": {"type": "str"},
        "directories": {"type": "list", "elements": "str", "default": []},
        "not_carried": {"type": "list", "elements": "dict", "default": []},
        "wait": {"type": "bool", "default": False},
        "timeout": {"type": "int", "default": 14400},
        "poll_interval": {"type": "int", "default": 60},
        "simulate_in_lab": {"type": "bool", "default": True},
    }
    _VALID_ARGS = frozenset(ARGUMENT_SPEC)

    def entra_run(self, host: Host, args: dict[str, Any], task_vars: dict[str, Any]) -> dict[str, Any]:
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
                if host.is_lab and args["simulate_in_lab"]
                else (f"wait up to {args['timeout']} s for the wizard" if args["wait"] else "stop with this worksheet")
            )
            result.update(stopped=True, msg=f"Would {how} on {host.name}: Entra Connect is not installed there yet.")
            return result
        if host.is_lab and args["simulate_in_lab"]:
            simulated = host.simulate_wizard(
                args["installer_path"], args["settings_path"], args["sign_in_method"] or ""
            )
            result.update(changed=True, simulated=True, wizard=simulated)
            facts = snapshot_facts(host.snapshot())
            return self._passed(host, facts, result, simulated=True)
        if args["wait"]:
            waited = 0
            while waited < args["timeout"]:
                step = min(args["poll_interval"], args["timeout"] - waited)
                host.wait(step)
                waited += step
                facts = snapshot_facts(host.snapshot())
                if facts["installed"] and facts["staging_mode"] is not None:
                    result["waited"] = waited
                    return self._passed(host, facts, result)
            raise EntraConnectError(
                f"Entra Connect is still not installed on {host.name} after waiting {waited} s for the wizard. "
                "Complete the wizard with the worksheet and run the playbook again."
            )
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
