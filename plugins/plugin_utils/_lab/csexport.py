# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The twin's csexport.exe: a connector's pending exports written as an XML file on the server.

What it models, with sources (numbers in docs/sources.md):
- ``csexport "<connector>" <file> /f:x`` writes the objects of that connector with a pending export
  [S7][S20]; the connector is named as in Synchronization Service Manager [S20].
- csexport does not overwrite an existing file [S20]; the script removes a leftover first, and so does
  the twin.
- The document is the connector space export XML [S21] (``csexport_document.py``), generated from the
  connector's ``pending_exports`` in the state, which stay the source of truth: the next export run of
  an active server applies the same counts (engine.py).
- The file is kept as its recipe (``csexport`` in ``files``): the counts at the time it was written, so
  the file keeps its bytes after the pending exports change, and a large export stays small in the state.

What the lab does not know, and says so: csexport's own message and exit code for a connector it does not
know (INFERRED below), and the filters other than pending exports (/f:x), which the twin refuses.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import ntpath
import re
from typing import Any

from .._common.errors import HostCommandError
from .._rules.facts import connector_kind
from .clock import Clock
from .csexport_document import OPERATIONS
from .engine import SyncEngine
from .files import Files

# The /f filters of csexport [S20]: d=<DN or anchor>, r=<RDN>, g=<GUID>, s (disconnectors), i (import
# errors), e (export errors), m (pending imports), x (pending exports). The script validates Filter with
# this same pattern (ValidatePattern, which ignores case); a test holds the two equal.
FILTER_PATTERN = r"^(?:[simex]|[drg]=.+)$"
PENDING_EXPORTS_FILTER = "x"
# A plausible stand-in for how long csexport takes; nothing is judged by it.
CSEXPORT_SECONDS = 5
# csexport's exit code and message when it cannot export: not documented (INFERRED: non-zero, as a
# console tool that failed exits).
CSEXPORT_FAILED_EXIT_CODE = 1
# The object type of a generated object when pending_exports does not name one.
DEFAULT_OBJECT_TYPE = "user"


def recipe(computer: str, connector: dict[str, Any], pending: dict[str, Any] | None) -> dict[str, Any]:
    """What a csexport file of ``connector`` holds now: its pending exports' counts, and the names the
    generated objects take from the server and the connector."""
    pending = pending or {}
    return {
        "computer_name": computer,
        "connector": connector["name"],
        "kind": connector_kind(connector),
        "object_type": pending.get("object_type", DEFAULT_OBJECT_TYPE),
        "counts": {key: int(pending.get(key, 0)) for _operation, key in OPERATIONS},
    }


class ConnectorSpaceExports:
    def __init__(self, state: dict[str, Any], clock: Clock, files: Files, engine: SyncEngine) -> None:
        self._state = state
        self._clock = clock
        self._files = files
        self._engine = engine

    @property
    def _computer(self) -> str:
        return str(self._state["computer_name"])

    def _failed(self, message: str) -> HostCommandError:
        return HostCommandError(f"The csexport script failed on {self._computer}: {message}")

    def csexport(self, parameters: dict[str, Any]) -> dict[str, Any]:
        name, path, filter_ = parameters["ConnectorName"], parameters["Path"], parameters["Filter"]
        if not re.match(FILTER_PATTERN, filter_, re.IGNORECASE):
            # PowerShell's own words for a ValidatePattern that does not match.
            raise self._failed(
                f"Cannot validate argument on parameter 'Filter'. The argument \"{filter_}\" does not match the "
                f'"{FILTER_PATTERN}" pattern. Supply an argument that matches "{FILTER_PATTERN}" and try the '
                "command again."
            )
        product = self._engine.require_engine("csexport")
        connector = next((c for c in product["connectors"] if c["name"].lower() == name.lower()), None)
        if connector is None:
            # csexport's words for an unknown connector are not documented (INFERRED); the script's are
            # these, around whatever csexport printed.
            raise self._failed(
                f"csexport exited with code {CSEXPORT_FAILED_EXIT_CODE} for connector '{name}': "
                f"ERROR: the management agent '{name}' was not found (the lab's words; INFERRED)"
            )
        if filter_.lower() != PENDING_EXPORTS_FILTER:
            raise self._failed(
                f"the lab twin models only pending exports (/f:{PENDING_EXPORTS_FILTER}), not /f:{filter_}"
            )
        if not self._files.folder_exists(ntpath.dirname(path)):
            raise self._failed(
                f"csexport exited with code {CSEXPORT_FAILED_EXIT_CODE} for connector '{name}': ERROR: cannot "
                f"create {path}: the folder does not exist (the lab's words; INFERRED)"
            )
        # csexport does not overwrite an existing file [S20]: the script removes a leftover first.
        leftover = self._files.find(path)
        if leftover is not None:
            self._files.remove(leftover)
        self._clock.advance(CSEXPORT_SECONDS)
        pending = (product.get("pending_exports") or {}).get(connector["name"])
        self._files.add(path, {"csexport": recipe(self._computer, connector, pending)})
        size, sha256 = self._files.measure(path)
        return {
            "connector": name,
            "path": path,
            "filter": filter_,
            "exit_code": 0,
            "bytes": size,
            "sha256": sha256,
            "created": self._files.last_write(path),
            "leftover_removed": leftover is not None,
        }
