# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import fnmatch
import ntpath
import os
from typing import Any

from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action.base import EntraHostAction
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import EntraConnectError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.files import (
    atomic_write,
    sha256_file,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.base import Host
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.confirmations import Effect
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.export_settings import (
    APPLIED_PATTERN,
    ARCHIVE_PATTERN,
    GAP_SETTINGS,
    archive_warnings,
    choose_export_type,
    newest,
    not_carried,
    summary,
    validate_archive,
    validate_json_export,
)

PATTERNS = {"applied_policy": APPLIED_PATTERN, "server_configuration": ARCHIVE_PATTERN}


def _validate(path: str, export_type: str, what: str) -> dict[str, Any]:
    if export_type == "server_configuration":
        return validate_archive(path, what)
    with open(path, "rb") as handle:
        return summary(validate_json_export(handle.read(), what, "applied_policy"))


class ActionModule(EntraHostAction):
    def entra_host_run(self, host: Host, args: dict[str, Any], task_vars: dict[str, Any]) -> dict[str, Any]:
        if args["path"] and (args["fresh"] or args["export_type"] == "server_configuration"):
            raise EntraConnectError(
                "path names an existing applied-policy export, so it excludes fresh and "
                "export_type: server_configuration. Nothing was changed."
            )
        folder, patterns = args["folder"], [APPLIED_PATTERN, ARCHIVE_PATTERN]
        if args["path"]:
            folder, patterns = ntpath.dirname(args["path"]), [ntpath.basename(args["path"])]
        read = host.call(
            "settings_read", {"Folder": folder, "FilePatterns": patterns, "GlobalSettingNames": list(GAP_SETTINGS)}
        )
        if read["product_version"] is None:
            raise EntraConnectError(
                f"Entra Connect is not installed on {host.name} ({read['computer_name']}): expected the old Entra "
                "Connect server to export its settings from, found no installed sync engine. Nothing was changed."
            )
        export_type = (
            "applied_policy"
            if args["path"]
            else choose_export_type(args["export_type"], read["product_version"], args["fresh"])
        )
        candidates = [f for f in read["files"] if fnmatch.fnmatch(f["name"].lower(), PATTERNS[export_type].lower())]
        if args["path"]:
            candidates = [f for f in read["files"] if f["path"].lower() == args["path"].lower()]
        chosen = None if (export_type == "server_configuration" and args["fresh"]) else newest(candidates)
        created, confirmed = False, ""
        if chosen is None:
            if export_type == "applied_policy":
                raise EntraConnectError(
                    self._nothing_found(host, read, args["path"] or f"{read['folder']}\\{APPLIED_PATTERN}")
                )
            if self._task.check_mode:
                return self._result(host.name, read, export_type, None, None, created=True, fetched=True)
            chosen, confirmed = self._export(host, args["folder"], read["files"])
            created = True
        dest = os.path.join(args["dest"], chosen["name"])
        fetched = not (os.path.isfile(dest) and sha256_file(dest) == chosen["sha256"])
        details: dict[str, Any] = {}
        if fetched and not self._task.check_mode:
            details = self._fetch(host, chosen, dest, export_type)
        elif os.path.isfile(dest):
            details = _validate(dest, export_type, f"The controller copy {dest}")
        result = self._result(
            host.name, read, export_type, chosen, dest, created=created, fetched=fetched, details=details
        )
        # Only of the export chosen: in check mode it is not fetched, and details are empty or of an older copy.
        warned = export_type == "server_configuration" and details and not (fetched and self._task.check_mode)
        warnings = archive_warnings(details, chosen["path"]) if warned else []
        if confirmed:
            result["decisions"].append(confirmed)
            warnings.insert(0, confirmed)
        if warnings:
            result["warnings"] = warnings
        return result

    @staticmethod
    def _export(host: Host, folder: str, before: list[dict[str, Any]]) -> tuple[dict[str, Any], str]:
        """Make a server-configuration export, once. If the connection drops during it, the fresh settings_read
        of the folder must show an archive that was not there before: that one is the export."""
        seen = {(f["path"].lower(), f["sha256"]) for f in before}
        found: list[dict[str, Any]] = []

        def shows_new(read: dict[str, Any]) -> Effect:
            new = newest([f for f in read["files"] if (f["path"].lower(), f["sha256"]) not in seen])
            if new is None:
                return Effect(False, f"no server-configuration archive in {read['folder']} but the ones there before")
            found.append(new)
            return Effect(True, f"a new archive {new['name']} in {read['folder']}")

        written = host.write("settings_export", {"Folder": folder}, expect=shows_new)
        if written.answer is not None:
            return written.answer["archive"], ""
        # The answer was lost and the fresh read showed the new archive: that one is the export.
        return found[-1], written.note

    @staticmethod
    def _nothing_found(host: Host, read: dict[str, Any], wanted: str) -> str:
        if not read["folder_exists"]:
            found = f"the folder {read['folder']} does not exist"
        elif read["files"]:
            found = "only " + ", ".join(f["name"] for f in read["files"])
        else:
            found = f"the folder {read['folder']} holds no settings export"
        return (
            f"No settings export on {host.name}: expected {wanted}, found {found}. Export the settings with the wizard "
            "(View or export current configuration), or use export_type: server_configuration to make a "
            "server-configuration export. Nothing was changed."
        )

    @staticmethod
    def _fetch(host: Host, chosen: dict[str, Any], dest: str, export_type: str) -> dict[str, Any]:
        """Fetch next to dest, check the hash and the content, then rename: a bad file never lands at dest."""
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        details: dict[str, Any] = {}

        def fetch_and_check(temp_path: str) -> None:
            host.fetch(chosen["path"], temp_path)
            digest = sha256_file(temp_path)
            if digest != chosen["sha256"]:
                raise EntraConnectError(
                    f"The copy of {chosen['path']} from {host.name} has SHA-256 {digest}, but the file on the host has "
                    f"{chosen['sha256']}; the transfer was damaged or the file changed meanwhile. Nothing was kept."
                )
            details.update(_validate(temp_path, export_type, f"{chosen['path']} from {host.name}"))

        atomic_write(dest, fetch_and_check)
        return details

    def _decisions(
        self, host_name: str, export_type: str, chosen: dict[str, Any] | None, created: bool, fetched: bool
    ) -> list[str]:
        if self._task.check_mode and (created or fetched):
            made = (
                "make a fresh export and fetch it"
                if created or chosen is None
                else f"fetch {ntpath.basename(chosen['path'])}"
            )
            return [f"Would {made} ({export_type}) from {host_name} (check mode)"]
        if chosen is None:
            return []
        return [f"Exported {export_type} from {host_name}: {ntpath.basename(chosen['path'])}"]

    def _result(
        self,
        host_name: str,
        read: dict[str, Any],
        export_type: str,
        chosen: dict[str, Any] | None,
        dest: str | None,
        created: bool,
        fetched: bool,
        details: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        gaps = not_carried(read)
        sign_in_method = read["global_settings"].get(GAP_SETTINGS[0])
        return {
            "changed": created or fetched,
            "export_type": export_type,
            "created": created,
            "fetched": fetched,
            "path": dest,
            "remote_path": chosen["path"] if chosen else None,
            "sha256": chosen["sha256"] if chosen else None,
            "exported_at": chosen["last_write_utc"] if chosen else None,
            "version": read["product_version"],
            "sign_in_method": sign_in_method,
            "not_carried": gaps,
            "reapply": [f"{gap['subject']}: {gap['remedy']}" for gap in gaps if gap["kind"] != "sign_in_method"],
            "contents": details or {},
            "decisions": self._decisions(host_name, export_type, chosen, created, fetched),
            "evidence": {
                "export_sha256": chosen["sha256"] if chosen else None,
                "not_carried": f"{len(gaps)} item(s)",
                "sign_in_method": sign_in_method,
            },
        }
