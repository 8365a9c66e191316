# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

from typing import Any

from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action.base import EntraControllerAction
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import EntraConnectError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._contract.validate import first_violation
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.object_counts import (
    Side,
    Tolerance,
    compare_counts,
)

# The connectors of a result are checked against the connector_statistics answer they came in; the time in it
# is not part of what this module is given, so a fixed one stands in.
_ANY_TIME = "1970-01-01T00:00:00Z"


def _side(value: Any, option: str) -> Side:
    """The counts one option holds: an entra_sync_health result or its ``connectors`` list, checked."""
    if isinstance(value, dict):
        if value.get("failed"):
            raise EntraConnectError(
                f"{option} is a failed entra_sync_health result ({value.get('msg', 'no message')}); read the server "
                "again before comparing"
            )
        if "connectors" not in value:
            raise EntraConnectError(
                f"{option} must be an entra_sync_health result or its connectors list; the dict given has no "
                f"connectors (its keys: {', '.join(sorted(map(str, value))) or 'none'})"
            )
        name, entries = str(value.get("computer_name") or option), value["connectors"]
    elif isinstance(value, list):
        name, entries = option, value
    else:
        raise EntraConnectError(
            f"{option} must be an entra_sync_health result or its connectors list, got {type(value).__name__}"
        )
    violation = first_violation("connector_statistics", {"now_utc": _ANY_TIME, "connectors": entries})
    if violation is not None:
        raise EntraConnectError(
            f"{option} does not hold connector counts as entra_sync_health returns them: {violation}"
        )
    return Side(name, entries)


class ActionModule(EntraControllerAction):
    def entra_run(self, args: dict[str, Any], task_vars: dict[str, Any]) -> dict[str, Any]:
        if args["max_difference"] < 0 or args["max_difference_percent"] < 0:
            raise EntraConnectError(
                "max_difference and max_difference_percent must not be negative, got "
                f"{args['max_difference']} and {args['max_difference_percent']}"
            )
        tolerance = Tolerance(args["max_difference"], args["max_difference_percent"])
        reference, difference = _side(args["reference"], "reference"), _side(args["difference"], "difference")
        if reference.name == difference.name and reference.name not in ("reference", "difference"):
            raise EntraConnectError(
                f"reference and difference are both {reference.name}: compare the two servers of a pair"
            )
        connector_map = {str(source): str(target) for source, target in (args["connector_map"] or {}).items()}
        unknown = [s for s in connector_map if s.casefold() not in {e["name"].casefold() for e in reference.connectors}]
        if unknown:
            raise EntraConnectError(
                f"connector_map names {', '.join(sorted(unknown))}, which {reference.name} has no connector called "
                f"(its connectors: {', '.join(e['name'] for e in reference.connectors) or 'none'})"
            )
        if reference.connectors:
            gates, pairing, unpaired = compare_counts(reference, difference, connector_map, tolerance)
        else:
            gates, pairing, unpaired = (
                [
                    {
                        "name": "object_counts",
                        "passed": False,
                        "detail": f"{reference.name} reported no connectors: its counts could not be read; look at "
                        "its sync_engine check and read it again",
                    }
                ],
                [],
                [e["name"] for e in difference.connectors],
            )
        failed = [gate for gate in gates if not gate["passed"]]
        decisions = [
            f"Object counts of {difference.name} compared with {reference.name} (tolerance {tolerance.said}): "
            + ", ".join(f"{g['name']}={g['passed']}" for g in gates)
        ]
        decisions += [
            f"{row['reference']} on {reference.name} paired with {row['difference']} on {difference.name} "
            + (
                "by kind, as the Entra connector (their names differ)"
                if row["paired_by"] == "kind"
                else "by connector_map"
            )
            for row in pairing
            if row["paired_by"] in ("kind", "connector_map")
        ]
        if unpaired:
            decisions.append(
                f"{difference.name} has connectors {reference.name} has not, not judged: {', '.join(unpaired)}"
            )
        result: dict[str, Any] = {
            "changed": False,
            "passed": not failed,
            "gates": gates,
            "connectors": pairing,
            "unpaired": unpaired,
            "reference_name": reference.name,
            "difference_name": difference.name,
            "decisions": decisions,
            "evidence": dict({g["name"]: g["detail"] for g in gates}, tolerance=tolerance.said),
        }
        if failed and args["fail_on_gate"]:
            result.update(
                failed=True,
                msg=f"{difference.name}: {len(failed)} object count gate(s) did not pass, nothing was changed - "
                + "; ".join(f"{g['name']}: {g['detail']}" for g in failed),
            )
        return result
