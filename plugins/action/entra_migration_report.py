# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import datetime
import json
import os
import tempfile
from typing import Any, ClassVar

from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action import EntraActionBase
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._errors import EntraConnectError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host import Host
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._report import build_report, render_markdown


def _write(path: str, text: str) -> None:
    # Atomic, so a reader never sees half a report.
    fd, temp = tempfile.mkstemp(prefix=".report-", dir=os.path.dirname(path))
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(temp, 0o644)
    os.replace(temp, path)


class ActionModule(EntraActionBase):
    ARGUMENT_SPEC: ClassVar[dict[str, Any]] = {
        "dest": {"type": "path", "required": True},
        "plan": {"type": "dict", "required": True},
        "journal": {"type": "list", "elements": "dict", "default": []},
        "after": {"type": "dict", "default": {}},
        "remaining": {"type": "list", "elements": "str", "default": []},
        "lab": {"type": "bool", "default": False},
    }
    _VALID_ARGS = frozenset(ARGUMENT_SPEC)

    def entra_run(self, host: Host, args: dict[str, Any], task_vars: dict[str, Any]) -> dict[str, Any]:
        plan = args["plan"]
        for key in ("pair", "runbook", "phase", "servers", "steps", "decisions"):
            if key not in plan:
                raise EntraConnectError(f"plan is not a pair plan from entra_migration_plan (no {key!r})")
        check_mode = bool(self._task.check_mode)
        report = build_report(
            plan,
            args["journal"],
            args["after"],
            args["remaining"],
            check_mode,
            args["lab"] or host.is_lab,
            datetime.datetime.now(datetime.UTC),
        )
        dest = os.path.abspath(args["dest"])
        base = os.path.join(dest, f"{plan['pair']}-{plan['runbook']}" + ("-plan" if check_mode else ""))
        try:
            os.makedirs(dest, exist_ok=True)
            _write(base + ".json", json.dumps(report, indent=2, sort_keys=True) + "\n")
            _write(base + ".md", render_markdown(report))
        except OSError as err:
            raise EntraConnectError(f"Cannot write the report to {args['dest']}: {err}") from None
        # A report records a run; writing it is not a change to any server, so it never counts as one.
        return {
            "changed": False,
            "json_path": base + ".json",
            "markdown_path": base + ".md",
            "headline": report["headline"],
        }
