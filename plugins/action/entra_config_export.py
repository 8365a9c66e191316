# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import datetime
import os
from typing import Any

from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action.base import EntraHostAction
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import EntraConnectError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.files import (
    atomic_write,
    sha256_file,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.base import Host
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.facts import snapshot_facts
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._syncconfig.server_config import (
    read_server_configuration,
)


class ActionModule(EntraHostAction):
    def entra_host_run(self, host: Host, args: dict[str, Any], task_vars: dict[str, Any]) -> dict[str, Any]:
        facts = snapshot_facts(host.snapshot())
        computer, version = facts["computer_name"], (facts["product"] or {}).get("version")
        if not facts["installed"]:
            raise EntraConnectError(
                f"Entra Connect is not installed on {host.name} ({computer}): there is no sync configuration to export"
            )
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
        dest = os.path.join(
            os.path.abspath(args["dest"]), args["name"] or f"{computer}-server-configuration-{stamp}.zip"
        )
        base: dict[str, Any] = {"computer_name": computer, "version": version}
        if self._task.check_mode:
            return dict(
                base,
                changed=False,
                skipped_in_check_mode=True,
                msg=f"Would export the configuration of {host.name} ({computer}) to {dest}",
                decisions=[f"Would export the configuration of {computer} (check mode)"],
            )
        host.write("directory_create", {"Path": args["remote_dir"]})
        written = host.write("config_export", {"Folder": args["remote_dir"]})
        archive = (written.answer or {}).get("archive")
        if archive is None:
            raise EntraConnectError(
                f"The connection to {host.name} dropped while the configuration was exported and the export's answer "
                f"was lost ({written.note}); nothing was fetched. Run the task again: each export is a fresh folder."
            )
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        counts: dict[str, int] = {}

        def fetch_and_check(temp_path: str) -> None:
            try:
                host.fetch(archive["path"], temp_path)
            finally:
                host.write("file_remove", {"Path": archive["path"]})
            digest = sha256_file(temp_path)
            if digest != str(archive["sha256"]).upper():
                raise EntraConnectError(
                    f"The copy of {archive['path']} from {host.name} has SHA-256 {digest}, the file on the host had "
                    f"{archive['sha256']}: the transfer was damaged. Nothing was kept; run the task again."
                )
            config = read_server_configuration(temp_path, computer)
            counts.update(connectors=len(config.connectors), sync_rules=len(config.rules))

        atomic_write(dest, fetch_and_check, mode=0o600)
        return dict(
            base,
            changed=True,
            path=dest,
            sha256=str(archive["sha256"]).upper(),
            size=os.path.getsize(dest),
            **counts,
            decisions=[
                f"Exported the configuration of {computer} ({counts['connectors']} connectors, {counts['sync_rules']} "
                f"sync rules) to {dest}; the host copy was removed"
            ],
            evidence={"config_export_sha256": str(archive["sha256"]).upper()},
        )
