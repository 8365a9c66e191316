# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import datetime
import json
import os
import re
from typing import Any

from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action.base import (
    EntraControllerAction,
    is_lab_connection,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action.evidence_key import run_key
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.dates import format_utc
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import EntraConnectError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.files import atomic_write
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.approval import (
    evidence_digest,
    issue,
    judge,
)

# "Approve what the last stop showed": for an AWX workflow's approval node, which passes no token.
_LAST = ("last", "true", "yes")
_PAIR_NAME = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]*$")


def _read_request(path: str) -> dict[str, Any] | None:
    try:
        with open(path, encoding="utf-8") as handle:
            request = json.load(handle)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as err:
        raise EntraConnectError(f"Cannot read the recorded approval request {path}: {err}") from None
    return request if isinstance(request, dict) else None


class ActionModule(EntraControllerAction):
    def entra_run(self, args: dict[str, Any], task_vars: dict[str, Any]) -> dict[str, Any]:
        pair = args["pair"]
        if not _PAIR_NAME.match(pair):
            raise EntraConnectError(f"pair {pair!r} is not a pair name: use letters, digits, '.', '_' and '-'")
        if args["max_age"] < 1:
            raise EntraConnectError("max_age must be at least 1 minute")
        approval = str(args["approval"] or "").strip()
        approval = "last" if approval.lower() in _LAST else approval
        now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
        key = run_key()
        request_path = os.path.join(os.path.abspath(args["request_dir"]), f"{pair}-cutover-approval.json")
        evidence = args["evidence"]
        result: dict[str, Any] = {
            "changed": False,
            "approved": False,
            "stopped": False,
            "simulated": False,
            "request_path": request_path,
            "summary": args["summary"],
            "evidence": {"approval_digest": evidence_digest(evidence)},
        }
        verdict = judge(
            pair,
            evidence,
            approval,
            now,
            datetime.timedelta(minutes=args["max_age"]),
            key,
            _read_request(request_path),
        )
        if verdict.approved:
            result.update(approved=True, decisions=[f"Cutover of {pair} {verdict.reason}"])
            return result
        if is_lab_connection(self._connection) and args["simulate_in_lab"]:
            # The lab stands in for the person, as it does at the wizard gate, and says so.
            result.update(
                approved=True,
                simulated=True,
                decisions=[f"Cutover of {pair} approved by the lab's simulated operator (lab run; {verdict.reason})"],
            )
            return result
        token = issue(pair, evidence, now, key)
        how = (
            f"-e entra_connect_approve_cutover={token} (valid for {args['max_age']} min, while the evidence is "
            "unchanged), or -e entra_connect_approve_cutover=last to approve what this stop showed"
        )
        if self._task.check_mode:
            result.update(stopped=True, msg=f"Would stop for approval of the cutover of {pair} ({verdict.reason}).")
            return result
        try:
            os.makedirs(os.path.dirname(request_path), exist_ok=True)
            self._record(request_path, pair, token, now, evidence, args["summary"])
        except OSError as err:
            raise EntraConnectError(f"Cannot record the request for approval in {args['request_dir']}: {err}") from None
        result.update(
            stopped=True,
            token=token,
            decisions=[f"Cutover of {pair} not approved: {verdict.reason}"],
            msg=(
                f"STOPPED before the cutover of {pair}: it waits for a person to approve the evidence "
                f"({verdict.reason}). Read the evidence (below, and in the pair's report), then run the playbook "
                f"again with {how}. Nothing was changed."
            ),
        )
        return result

    @staticmethod
    def _record(
        path: str, pair: str, token: str, now: datetime.datetime, evidence: dict[str, Any], summary: list[str]
    ) -> None:
        request = {"pair": pair, "token": token, "gathered": format_utc(now), "evidence": evidence, "summary": summary}
        atomic_write(path, json.dumps(request, indent=2, sort_keys=True) + "\n", mode=0o644)
