# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one way a module waits for a host: read, judge, wait, read again, with progress lines and a
timeout. Each poll is a short read rather than one long call held open."""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from ansible.utils.display import Display

display = Display()

T = TypeVar("T")
# A progress line at most this often, in seconds of elapsed time.
PROGRESS_EVERY = 15.0


def backoff(first: float = 2.0, factor: float = 2.0, longest: float = 15.0) -> Iterator[float]:
    """Seconds between polls: 2, 4, 8, 15, 15, ... Never longer than 15 s by default, so progress
    shows at least every 30 s."""
    delay = first
    while True:
        yield delay
        delay = min(delay * factor, longest)


def every(interval: float) -> Iterator[float]:
    """A fixed interval between polls."""
    return backoff(interval, 1.0, interval)


class PollTimeoutError(Exception, Generic[T]):
    """The wait ran out; ``reading`` is the last reading, ``elapsed`` the seconds it counted."""

    def __init__(self, reading: T, elapsed: float) -> None:
        super().__init__(f"still waiting after {elapsed:g} s")
        self.reading = reading
        self.elapsed = elapsed


@dataclass
class Poll(Generic[T]):
    """How to wait for one thing.

    ``read`` takes a reading, ``done`` judges it, ``wait`` lets time pass on the host. Elapsed time is
    ``elapsed(reading)`` where the host reports its own clock (so a lab run counts the twin's time), and
    otherwise the seconds waited; then no wait runs past the timeout. ``progress(reading, elapsed)``
    makes the progress line.
    """

    read: Callable[[], T]
    done: Callable[[T], bool]
    wait: Callable[[float], None]
    timeout: float
    delays: Iterator[float]
    elapsed: Callable[[T], float] | None = None
    progress: Callable[[T, float], str] | None = None

    def until_done(self, first: T | None = None) -> tuple[T, float]:
        """Poll until ``done``; ``first`` is a reading already taken (none: wait, then read).

        Returns the last reading and the elapsed seconds; raises PollTimeoutError.
        """
        reading = first
        waited = 0.0
        last_shown: float | None = None
        while True:
            if reading is None:
                step = next(self.delays)
                if self.elapsed is None:
                    step = min(step, max(self.timeout - waited, 0.0))
                self.wait(step)
                waited += step
                reading = self.read()
            spent = self.elapsed(reading) if self.elapsed is not None else waited
            if self.done(reading):
                return reading, spent
            if spent >= self.timeout:
                raise PollTimeoutError(reading, spent)
            if self.progress is not None and (last_shown is None or spent - last_shown >= PROGRESS_EVERY):
                display.display(self.progress(reading, spent), stderr=True)
                last_shown = spent
            reading = None
