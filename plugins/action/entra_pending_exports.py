# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import ntpath
import os
import re
import shutil
import tempfile
import uuid
from typing import Any

from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action.base import EntraHostAction
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import EntraConnectError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.files import sha256_file
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._csexport.analysis import analyse, totals
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._csexport.json_out import write_summary
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._csexport.limits import judge_limits
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.base import Host
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.primitives import csexport_parameters
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.facts import (
    SETTING_DELETION_THRESHOLD,
    SETTING_DELETION_THRESHOLD_VALUE,
    snapshot_facts,
)

# The export deletion threshold is on by default at 500 deletes [S11]; without a reading of it, the same.
DEFAULT_MAX_DELETES = 500
_FILE_SAFE = re.compile(r"[^0-9A-Za-z._-]+")


def _limit(value: Any, name: str) -> dict[str, int | None]:
    """An option's limit as {per_connector, total}: a number applies to each connector."""
    if value is None or value == "":
        return {"per_connector": None, "total": None}
    if isinstance(value, dict):
        unknown = sorted(set(value) - {"per_connector", "total"})
        if unknown:
            raise EntraConnectError(f"{name} takes per_connector and total, not {', '.join(unknown)}")
        return {scope: _count(value.get(scope), f"{name}.{scope}") for scope in ("per_connector", "total")}
    return {"per_connector": _count(value, name), "total": None}


def _count(value: Any, name: str) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = int(str(value))
    except ValueError:
        raise EntraConnectError(f"{name} must be a whole number of objects, got {value!r}") from None
    if number < 0:
        raise EntraConnectError(f"{name} must not be negative, got {number}")
    return number


def _threshold(facts: dict[str, Any]) -> int | None:
    """The server's export deletion threshold, when it is on [S11]."""
    settings = facts["global_settings"]
    if str(settings.get(SETTING_DELETION_THRESHOLD) or "").lower() != "true":
        return None
    return _count(settings.get(SETTING_DELETION_THRESHOLD_VALUE), "ExportDeletionThresholdValue")


class ActionModule(EntraHostAction):
    def entra_host_run(self, host: Host, args: dict[str, Any], task_vars: dict[str, Any]) -> dict[str, Any]:
        if args["sample_size"] < 0:
            raise EntraConnectError("sample_size must be 0 or more")
        limits = {
            "adds": _limit(args["max_adds"], "max_adds"),
            "updates": _limit(args["max_updates"], "max_updates"),
        }
        report_dir = os.path.abspath(args["report_dir"]) if args["report_dir"] else None
        decisions: list[str] = []
        if args["src"]:
            if args["connectors"]:
                raise EntraConnectError("connectors names the connectors of a server; with src, name the files only")
            files: list[tuple[str | None, str]] = [(None, os.path.abspath(path)) for path in args["src"]]
            limits["deletes"] = _limit(args["max_deletes"], "max_deletes")
            return self._analyse(files, limits, args, report_dir, decisions, kept=True)
        facts = snapshot_facts(host.snapshot())
        if not facts["installed"]:
            raise EntraConnectError(f"Entra Connect is not installed on {host.name}: there are no pending exports")
        known = [c["name"] for c in facts["connectors"]]
        wanted = list(args["connectors"] or known)
        missing = [name for name in wanted if name not in known]
        if missing:
            raise EntraConnectError(
                f"{host.name} has no connector {', '.join(repr(m) for m in missing)}; its connectors are "
                f"{', '.join(known) or 'none'}"
            )
        threshold = _threshold(facts)
        if args["max_deletes"] in (None, ""):
            default = threshold if threshold is not None else DEFAULT_MAX_DELETES
            limits["deletes"] = {"per_connector": default, "total": None}
            decisions.append(
                f"max_deletes {default} per connector: "
                + (
                    "the server's export deletion threshold"
                    if threshold is not None
                    else "the threshold's default [S11]"
                )
            )
        else:
            limits["deletes"] = _limit(args["max_deletes"], "max_deletes")
        if self._task.check_mode:
            # csexport writes a file on the server: a plan says what it would read, and reads nothing.
            return {
                "changed": False,
                "skipped_in_check_mode": True,
                "msg": f"Would run csexport /f:x for {', '.join(wanted)} on {host.name} and analyse the exports",
                "connectors": [],
                "decisions": decisions,
                "evidence": {},
            }
        keep = os.path.abspath(args["dest"]) if args["dest"] else None
        work = keep or tempfile.mkdtemp(prefix="entra-csexport-")
        try:
            os.makedirs(work, exist_ok=True)
            host.write("directory_create", {"Path": args["remote_dir"]})
            fetched: list[tuple[str | None, str]] = [
                (name, self._fetch(host, name, args["remote_dir"], work)) for name in wanted
            ]
            return self._analyse(fetched, limits, args, report_dir, decisions, kept=keep is not None)
        finally:
            if keep is None:
                shutil.rmtree(work, ignore_errors=True)

    @staticmethod
    def _fetch(host: Host, connector: str, remote_dir: str, work: str) -> str:
        """csexport into a fresh file on the host, fetched to ``work``; the host copy is removed."""
        stem = f"csexport-{_FILE_SAFE.sub('_', connector)}-{uuid.uuid4().hex[:12]}.xml"
        remote = ntpath.join(remote_dir, stem)
        local = os.path.join(work, stem)
        written = host.write("csexport", csexport_parameters(connector, remote))
        try:
            host.fetch(remote, local)
        finally:
            host.write("file_remove", {"Path": remote})
        expected = (written.answer or {}).get("sha256")
        if expected and sha256_file(local).lower() != str(expected).lower():
            raise EntraConnectError(
                f"The copy of {remote} from {host.name} differs from the file csexport wrote there (SHA-256); "
                "nothing was analysed. Run the task again."
            )
        return local

    def _analyse(
        self,
        files: list[tuple[str | None, str]],
        limits: dict[str, dict[str, int | None]],
        args: dict[str, Any],
        report_dir: str | None,
        decisions: list[str],
        kept: bool,
    ) -> dict[str, Any]:
        if report_dir:
            os.makedirs(report_dir, exist_ok=True)
        summaries = []
        for connector, path in files:
            csv_path = None
            if report_dir:
                name = connector or os.path.splitext(os.path.basename(path))[0]
                csv_path = os.path.join(report_dir, f"{_FILE_SAFE.sub('_', name)}.csv")
            summaries.append(analyse(path, connector, args["sample_size"], csv_path))
        gates = judge_limits(summaries, limits)
        total = totals(summaries)
        result: dict[str, Any] = {
            "changed": False,
            "connectors": summaries,
            "totals": total,
            "gates": gates,
            "passed": all(g["passed"] for g in gates),
            "files": [path for _connector, path in files] if kept else [],
        }
        if report_dir:
            result["summary_path"] = os.path.join(report_dir, "pending-exports.json")
            write_summary(result["summary_path"], {"connectors": summaries, "totals": total, "gates": gates})
        decisions.append(
            "Pending exports: "
            + "; ".join(
                f"{s['name']} {s['adds']} add, {s['updates']} update, {s['deletes']} delete, {s['renames']} rename, "
                f"{s['delete_adds']} delete-add"
                for s in summaries
            )
        )
        result["decisions"] = decisions
        result["evidence"] = {g["name"]: g["detail"] for g in gates}
        failed = [g for g in gates if not g["passed"]]
        if failed and args["fail_on_gate"]:
            result.update(
                failed=True,
                msg="Pending exports above the limits, nothing was changed - "
                + "; ".join(f"{g['name']}: {g['detail']}" for g in failed),
            )
        return result
