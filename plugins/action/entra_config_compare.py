# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import datetime
import os
import re
from typing import Any

from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action.base import EntraControllerAction
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.dates import format_utc
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._syncconfig.compare import compare
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._syncconfig.findings import findings
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._syncconfig.load import read_configuration
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._syncconfig.model import (
    DRIFT_CATEGORIES,
    Configuration,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._syncconfig.report_files import (
    write_reports,
)

_FILE_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
# How many unexpected differences a gate's detail names; the reports hold them all.
_DETAIL_ITEMS = 10


def _label(config: Configuration, given: str | None) -> str:
    return given or config.server or os.path.splitext(os.path.basename(config.path.rstrip("/\\")))[0]


def _detail(result: dict[str, Any]) -> str:
    drift = [d for d in result["differences"] if not d["expected"]]
    ref, diff = result["reference"]["label"], result["difference"]["label"]
    expected = len(result["differences"]) - len(drift)
    if not drift:
        return f"{diff} has the configuration of {ref} ({expected} expected difference(s): versions, server role)"
    named = "; ".join(
        f"{d['category']} {d['change']} {d['object']}" + (f" [{d['field']}]" if d["field"] else "")
        for d in drift[:_DETAIL_ITEMS]
    )
    more = f"; and {len(drift) - _DETAIL_ITEMS} more in the report" if len(drift) > _DETAIL_ITEMS else ""
    return (
        f"{diff} differs from {ref} in {len(drift)} place(s) that are not expected: {named}{more}. Make the "
        f"configuration of {diff} match (or change {ref} deliberately), then run again"
    )


class ActionModule(EntraControllerAction):
    def entra_run(self, args: dict[str, Any], task_vars: dict[str, Any]) -> dict[str, Any]:
        reference = read_configuration(os.path.abspath(args["reference"]), "reference")
        difference = read_configuration(os.path.abspath(args["difference"]), "difference")
        reference.label = _label(reference, args["reference_label"])
        difference.label = _label(difference, args["difference_label"])
        if reference.label == difference.label:
            difference.label += " (difference)"
        connector_map = {str(k): str(v) for k, v in (args["connector_map"] or {}).items()}
        result = compare(reference, difference, connector_map)
        result["findings"] = findings(reference)
        result["generated_at"] = format_utc(datetime.datetime.now(datetime.UTC))
        fail_on = {c for name in args["fail_on"] for c in (DRIFT_CATEGORIES if name == "drift" else (name,))}
        failed_categories = [c for c, count in result["summary"].items() if count and c in fail_on]
        gate = {"name": "configuration", "passed": result["identical"], "detail": _detail(result)}
        reports: dict[str, str] = {}
        if args["report_dir"] and not self._task.check_mode:
            name = args["report_name"] or f"{reference.label}-vs-{difference.label}-config"
            reports = write_reports(
                result, os.path.abspath(args["report_dir"]), _FILE_SAFE.sub("_", name), args["formats"]
            )
        result.update(
            changed=False,
            reports=reports,
            failed_categories=failed_categories,
            gate=gate,
            decisions=[
                f"Configuration of {difference.label} compared with {reference.label}: "
                + ("identical but for expected differences" if result["identical"] else "DRIFT")
                + " ("
                + (", ".join(f"{c} {n}" for c, n in result["summary"].items() if n) or "no differences")
                + ")"
            ],
            evidence={"configuration": gate["detail"], **{f"differences {c}": n for c, n in result["summary"].items()}},
        )
        if failed_categories:
            result.update(
                failed=True,
                msg=f"Configuration drift in {', '.join(failed_categories)} (fail_on): {gate['detail']}",
            )
        return result
