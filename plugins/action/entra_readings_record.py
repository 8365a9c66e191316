# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import datetime
import json
import os
from typing import Any

import yaml
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action.base import EntraControllerAction
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.dates import UTC, format_utc
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import EntraConnectError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.files import atomic_write
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._report.recording import (
    Reading,
    build_recording,
    reading_from_result,
)

COLLECTION_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def collection_version() -> str:
    """The version of this collection: MANIFEST.json where it is installed, galaxy.yml in a checkout."""
    manifest = os.path.join(COLLECTION_ROOT, "MANIFEST.json")
    if os.path.isfile(manifest):
        with open(manifest, encoding="utf-8") as handle:
            return str(json.load(handle)["collection_info"]["version"])
    with open(os.path.join(COLLECTION_ROOT, "galaxy.yml"), encoding="utf-8") as handle:
        return str(yaml.safe_load(handle)["version"])


def flattened(results: list[Any]) -> list[dict[str, Any]]:
    """The results of single tasks and of looped ones (their ``results``), the skipped ones left out."""
    found: list[dict[str, Any]] = []
    for result in results:
        if isinstance(result, dict) and isinstance(result.get("results"), list):
            found.extend(flattened(result["results"]))
        elif not (isinstance(result, dict) and result.get("skipped")):
            found.append(result)
    return found


class ActionModule(EntraControllerAction):
    def entra_run(self, args: dict[str, Any], task_vars: dict[str, Any]) -> dict[str, Any]:
        readings: list[Reading] = []
        for host, results in sorted(args["readings"].items()):
            if isinstance(results, dict):
                results = [results]
            if not isinstance(results, list):
                raise EntraConnectError(f"readings of {host} must be a list of entra_primitive_read results")
            readings.extend(reading_from_result(host, result) for result in flattened(results))
        recording = build_recording(
            readings, collection_version(), format_utc(datetime.datetime.now(UTC)), list(args["redact"])
        )
        dest = os.path.abspath(args["dest"])
        files = sorted(os.path.join(dest, path) for path in recording.documents)
        if not self._task.check_mode:
            for path, document in sorted(recording.documents.items()):
                target = os.path.join(dest, path)
                os.makedirs(os.path.dirname(target), mode=0o700, exist_ok=True)
                atomic_write(target, json.dumps(document, indent=2, sort_keys=True) + "\n")
        labs = {reading.lab for reading in readings}
        said = "lab twins, not real servers" if labs == {True} else "servers"
        if labs == {True, False}:
            said = "servers and lab twins"
        broken = sorted(path for path, doc in recording.documents.items() if not doc["metadata"]["schema_valid"])
        decisions = [
            f"{len(files)} answer(s) of {len({r.host for r in readings})} {said} recorded in {dest}, scrubbed "
            f"({', '.join(f'{count} {kind}' for kind, count in recording.replaced.items()) or 'nothing'} replaced)"
        ]
        result: dict[str, Any] = {
            "changed": True,
            "files": files,
            "replaced": recording.replaced,
            "lab": labs == {True},
            "decisions": decisions,
        }
        if broken:
            result["warnings"] = [f"These answers break their schema (see schema_violation): {', '.join(broken)}"]
        return result
