"""The one poll loop: when it reads, how long it waits, when it gives up, what it shows."""

from __future__ import annotations

import itertools

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action import polling
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action.polling import (
    Poll,
    PollTimeoutError,
    backoff,
    every,
)


class Clock:
    """A host whose readings count up; ``done_at`` is the reading that says done."""

    def __init__(self, done_at: int | None) -> None:
        self.reads = 0
        self.waits: list[float] = []
        self.done_at = done_at

    def read(self) -> int:
        self.reads += 1
        return self.reads

    def done(self, reading: int) -> bool:
        return self.done_at is not None and reading >= self.done_at


@pytest.fixture
def shown(monkeypatch) -> list[str]:
    lines: list[str] = []
    monkeypatch.setattr(polling.display, "display", lambda message, stderr=False: lines.append(message))
    return lines


def test_backoff_grows_to_its_longest_and_stays() -> None:
    assert list(itertools.islice(backoff(), 6)) == [2, 4, 8, 15, 15, 15]
    assert list(itertools.islice(every(60), 3)) == [60, 60, 60]


def test_without_a_first_reading_it_waits_before_it_reads(shown) -> None:
    host = Clock(done_at=2)
    poll = Poll(host.read, host.done, host.waits.append, timeout=100, delays=every(10))
    assert poll.until_done() == (2, 20)
    assert host.waits == [10, 10] and host.reads == 2


def test_a_first_reading_that_is_done_costs_no_wait(shown) -> None:
    host = Clock(done_at=None)
    poll = Poll(host.read, lambda reading: reading == "ready", host.waits.append, timeout=100, delays=every(10))
    assert poll.until_done("ready") == ("ready", 0)
    assert host.waits == [] and host.reads == 0


def test_counted_by_waits_no_wait_runs_past_the_timeout(shown) -> None:
    host = Clock(done_at=None)
    poll = Poll(host.read, host.done, host.waits.append, timeout=25, delays=every(10))
    with pytest.raises(PollTimeoutError) as timed_out:
        poll.until_done(0)
    assert host.waits == [10, 10, 5]
    assert (timed_out.value.reading, timed_out.value.elapsed) == (3, 25)


def test_counted_by_the_hosts_clock_it_gives_up_on_that_clock(shown) -> None:
    host = Clock(done_at=None)
    # Each reading says 40 s have passed on the host, whatever the controller waited.
    poll = Poll(
        host.read, host.done, host.waits.append, timeout=100, delays=backoff(), elapsed=lambda reading: reading * 40.0
    )
    with pytest.raises(PollTimeoutError) as timed_out:
        poll.until_done()
    assert timed_out.value.elapsed == 120 and host.waits == [2, 4, 8]


def test_progress_shows_at_most_every_15_seconds(shown) -> None:
    host = Clock(done_at=7)
    poll = Poll(
        host.read,
        host.done,
        host.waits.append,
        timeout=1000,
        delays=every(5),
        progress=lambda reading, elapsed: f"reading {reading} after {elapsed:g} s",
    )
    poll.until_done(0)
    assert shown == ["reading 0 after 0 s", "reading 3 after 15 s", "reading 6 after 30 s"]


def test_a_zero_timeout_gives_up_at_once(shown) -> None:
    host = Clock(done_at=None)
    with pytest.raises(PollTimeoutError):
        Poll(host.read, host.done, host.waits.append, timeout=0, delays=every(5)).until_done(0)
    assert host.waits == []
