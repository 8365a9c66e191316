# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The ADSync dates of an answer, turned into UTC where an answer enters the collection.

The snapshot, sync_status and run_results scripts send the run dates and the scheduler's dates as
DateTime.ToString('o') writes them, by the value's Kind ('Z', an offset, or no suffix; schema
snapshot.json#/$defs/adsync_datetime): which Kind the ADSync cmdlets hand out is not documented, and a
script that relabels a local date as UTC shifts it by the offset. ``Host.call`` passes every validated
answer through ``in_utc``, so every reader of these fields compares and shows UTC in one form
(_common/dates.py ``utc_text``).
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import copy
from typing import Any

from .._common.dates import utc_text

# Where each answer holds its runs and its scheduler, and which of their fields are dates.
RUNS: dict[str, tuple[str, ...]] = {
    "snapshot": ("adsync", "run_history"),
    "sync_status": ("recent_runs",),
    "run_results": ("runs",),
}
SCHEDULERS: dict[str, tuple[str, ...]] = {"snapshot": ("adsync", "scheduler"), "sync_status": ("scheduler",)}
RUN_DATES = ("start_date", "end_date")
SCHEDULER_DATES = ("NextSyncCycleStartTimeInUTC",)


def _at(answer: dict[str, Any], path: tuple[str, ...]) -> Any:
    found: Any = answer
    for key in path:
        found = found.get(key) if isinstance(found, dict) else None
    return found


def _in_utc(holder: dict[str, Any], keys: tuple[str, ...]) -> None:
    for key in keys:
        if isinstance(holder.get(key), str):
            holder[key] = utc_text(holder[key])


def in_utc(primitive: str, answer: dict[str, Any]) -> dict[str, Any]:
    """The answer with its ADSync dates in UTC; an answer of another primitive as it is."""
    if primitive not in RUNS:
        return answer
    answer = copy.deepcopy(answer)
    for run in _at(answer, RUNS[primitive]) or []:
        _in_utc(run, RUN_DATES)
    scheduler = _at(answer, SCHEDULERS.get(primitive, ()))
    if primitive in SCHEDULERS and isinstance(scheduler, dict):
        _in_utc(scheduler, SCHEDULER_DATES)
    return answer
