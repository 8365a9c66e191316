# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import datetime
import json
import os
import re
from typing import Any

from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action.base import EntraControllerAction
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import EntraConnectError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.files import atomic_write
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._report.journal import journal_entry
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._report.report import (
    build_report,
    failure_lines,
    render_markdown,
)

# A run is named by the controller's UTC time, which sorts as the runs ran: 20261121T120000Z.
RUN_ID_FORMAT = "%Y%m%dT%H%M%SZ"
_RUN_ID = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]*$")


class ActionModule(EntraControllerAction):
    def entra_run(self, args: dict[str, Any], task_vars: dict[str, Any]) -> dict[str, Any]:
        plan = args["plan"]
        for key in ("pair", "runbook", "phase", "servers", "steps", "decisions"):
            if key not in plan:
                raise EntraConnectError(f"plan is not a pair plan from entra_migration_plan (no {key!r})")
        now = datetime.datetime.now(datetime.UTC)
        run_id = args["run_id"] or now.strftime(RUN_ID_FORMAT)
        if not _RUN_ID.match(run_id):
            raise EntraConnectError(f"run_id {run_id!r} is not a file name: use letters, digits, '.', '_' and '-'")
        check_mode = bool(self._task.check_mode)
        dest = os.path.abspath(args["dest"])
        latest = f"{plan['pair']}-{plan['runbook']}" + ("-plan" if check_mode else "")
        # Each run keeps its own report; a second report of the same pair with the same id (two runs in one
        # second) gets a number rather than overwriting the first.
        this_run, number = f"{latest}-{run_id}", 1
        while os.path.exists(os.path.join(dest, this_run + ".json")):
            number += 1
            this_run = f"{latest}-{run_id}-{number}"
        report = build_report(
            plan,
            [journal_entry(record) for record in args["journal"]],
            args["after"],
            args["remaining"],
            check_mode,
            args["lab"],
            now,
            run={"id": this_run[len(latest) + 1 :], "tags": args["tags"], "report": this_run, "latest": latest},
            lost=args["unreachable"],
        )
        text = json.dumps(report, indent=2, sort_keys=True) + "\n"
        markdown = render_markdown(report)
        try:
            os.makedirs(dest, exist_ok=True)
            # Readable by whoever reads the run's files, as a report is meant to be shared. This run's report
            # first, then the same as the latest.
            for base in (this_run, latest):
                atomic_write(os.path.join(dest, base + ".json"), text, mode=0o644)
                atomic_write(os.path.join(dest, base + ".md"), markdown, mode=0o644)
        except OSError as err:
            raise EntraConnectError(f"Cannot write the report to {args['dest']}: {err}") from None
        # A report records a run; writing it is not a change to any server, so it never counts as one.
        return {
            "changed": False,
            "run_id": report["run"]["id"],
            "json_path": os.path.join(dest, latest + ".json"),
            "markdown_path": os.path.join(dest, latest + ".md"),
            "run_json_path": os.path.join(dest, this_run + ".json"),
            "run_markdown_path": os.path.join(dest, this_run + ".md"),
            "headline": report["headline"],
            "failures": [f"{plan['pair']}: {line}" for line in failure_lines(report)],
        }
