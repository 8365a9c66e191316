# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import ntpath
import os
from typing import Any

from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action.base import EntraHostAction
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import EntraConnectError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.files import sha256_file
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.base import (
    Host,
    UnconfirmedWriteError,
    Written,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.confirmations import Effect
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.stage_file import (
    require_signed,
    signature_refusal,
)


def _evidence(dest: str, sha256: str, stat: dict[str, Any]) -> dict[str, Any]:
    """What the report shows of a staged file: its hash and, for an installer, who signed it."""
    name = ntpath.basename(dest)
    evidence: dict[str, Any] = {f"{name} sha256": sha256}
    signature = stat.get("signature")
    if signature:
        evidence[f"{name} signature"] = f"{signature['status']} by {signature['signer_subject'] or '-'}"
    return evidence


def _note(written: Written) -> list[str]:
    """The sentence saying a write's answer was lost and a fresh read showed it took effect, if it was."""
    return [written.note] if written.answer_lost else []


def _copied(read: dict[str, Any], wanted: str) -> Effect:
    """A copy took effect when the destination has the source's SHA-256, not merely when it exists."""
    found = read["file"]
    if found is not None and found["sha256"] == wanted:
        return Effect(True, f"{read['path']} has the source's SHA-256 {wanted}")
    if found is None:
        return Effect(False, f"{read['path']} does not exist")
    return Effect(False, f"{read['path']} has SHA-256 {found['sha256']}, not the source's {wanted}")


class ActionModule(EntraHostAction):
    def entra_host_run(self, host: Host, args: dict[str, Any], task_vars: dict[str, Any]) -> dict[str, Any]:
        src, remote_src, dest = args["src"], args["remote_src"], args["dest"]
        if bool(src) == bool(remote_src):
            raise EntraConnectError(
                "Give exactly one of src (a file on the controller) and remote_src (a path the server reads)"
            )
        if src:
            if not os.path.isfile(src):
                raise EntraConnectError(f"src {src} is not a file on the controller")
            wanted = sha256_file(src)
        else:
            source = host.call("file_stat", {"Path": remote_src, "Authenticode": False})["file"]
            if source is None:
                raise EntraConnectError(
                    f"{host.name} cannot find remote_src {remote_src}, or cannot read it. A share reached over "
                    "WinRM or PSRP is a second hop: without CredSSP, Kerberos delegation or runas the server cannot "
                    "authenticate to it (docs/windows.md). Or stage the installer from the controller with src."
                )
            wanted = source["sha256"]
        stat = host.call("file_stat", {"Path": dest, "Authenticode": args["authenticode"]})["file"]
        result: dict[str, Any] = {"changed": False, "dest": dest, "sha256": wanted}
        if stat is not None and stat["sha256"] == wanted:
            if args["authenticode"]:
                require_signed(host.name, dest, stat["signature"], removed=False)
            result.update(size=stat["size"], signature=stat["signature"], evidence=_evidence(dest, wanted, stat))
            return result
        result["changed"] = True
        if self._task.diff:
            result["diff"] = {"before": {"sha256": stat and stat["sha256"]}, "after": {"sha256": wanted}}
        if self._task.check_mode:
            result["msg"] = f"Would copy {src or remote_src} to {dest} on {host.name}"
            return result
        # Each write is sent once: if the connection drops during one, a fresh read shows whether it took effect
        # (Host.write), and the task carries on from it or fails saying so.
        confirmed: list[str] = []
        if src:
            confirmed += _note(host.write("directory_create", {"Path": ntpath.dirname(dest)}))
            host.put(src, dest)
        else:
            copy = {"Source": remote_src, "Destination": dest}
            confirmed += _note(host.write("file_copy", copy, expect=lambda read: _copied(read, wanted)))
        stat = host.call("file_stat", {"Path": dest, "Authenticode": args["authenticode"]})["file"]
        if stat is None or stat["sha256"] != wanted:
            raise EntraConnectError(
                f"{dest} on {host.name} does not match its source after the copy "
                f"(SHA-256 {stat and stat['sha256']}, expected {wanted}); copy it again"
            )
        refusal = signature_refusal(host.name, dest, stat["signature"]) if args["authenticode"] else None
        if refusal:
            try:
                host.write("file_remove", {"Path": dest})
            except UnconfirmedWriteError as err:
                raise EntraConnectError(
                    f"Refusing the installer: {refusal}. Removing it was not confirmed: {err}"
                ) from None
            require_signed(host.name, dest, stat["signature"], removed=True)
        result.update(size=stat["size"], signature=stat["signature"], evidence=_evidence(dest, wanted, stat))
        result["decisions"] = [f"Staged {ntpath.basename(dest)} on {host.name}", *confirmed]
        if confirmed:
            result["warnings"] = confirmed
        return result
