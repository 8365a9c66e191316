# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The twin's clock: ``clock`` in the state. Reads never move it; writes move it by what they take,
and time passes between polls only when the controller waits. Lab runs are therefore fast and
reproducible, and a seed never ages.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from .._common.dates import format_utc, parse_utc


class Clock:
    def __init__(self, state: dict[str, Any]) -> None:
        self._state = state
        self._listeners: list[Callable[[], None]] = []

    def now(self) -> datetime.datetime:
        return parse_utc(self._state["clock"])

    def now_text(self) -> str:
        return str(self._state["clock"])

    def on_advance(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` whenever time moves, so whatever finishes in that time finishes."""
        self._listeners.append(listener)

    def advance(self, seconds: float) -> None:
        self._state["clock"] = format_utc(self.now() + datetime.timedelta(seconds=seconds))
        for listener in self._listeners:
            listener()
