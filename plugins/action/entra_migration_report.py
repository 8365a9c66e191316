# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import datetime
import json
import os
from typing import Any

from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action.base import EntraControllerAction
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import EntraConnectError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.files import atomic_write
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._report.journal import journal_entry
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._report.report import (
    build_report,
    render_markdown,
)


class ActionModule(EntraControllerAction):
    def entra_run(self, args: dict[str, Any], task_vars: dict[str, Any]) -> dict[str, Any]:
        plan = args["plan"]
        for key in ("pair", "runbook", "phase", "servers", "steps", "decisions"):
            if key not in plan:
                raise EntraConnectError(f"plan is not a pair plan from entra_migration_plan (no {key!r})")
        check_mode = bool(self._task.check_mode)
        report = build_report(
            plan,
            [journal_entry(record) for record in args["journal"]],
            args["after"],
            args["remaining"],
            check_mode,
            args["lab"],
            datetime.datetime.now(datetime.UTC),
        )
        dest = os.path.abspath(args["dest"])
        base = os.path.join(dest, f"{plan['pair']}-{plan['runbook']}" + ("-plan" if check_mode else ""))
        try:
            os.makedirs(dest, exist_ok=True)
            # Readable by whoever reads the run's files, as a report is meant to be shared.
            atomic_write(base + ".json", json.dumps(report, indent=2, sort_keys=True) + "\n", mode=0o644)
            atomic_write(base + ".md", render_markdown(report), mode=0o644)
        except OSError as err:
            raise EntraConnectError(f"Cannot write the report to {args['dest']}: {err}") from None
        # A report records a run; writing it is not a change to any server, so it never counts as one.
        return {
            "changed": False,
            "json_path": base + ".json",
            "markdown_path": base + ".md",
            "headline": report["headline"],
        }
