"""A stopped clock for tests: the ``frozen_clock`` fixture (tests/conftest.py) hands one out.

It holds ``iopdesk.store.clock``, the one clock the program reads, so the
models' timestamps, the domain's "now" and "today", the audit trail and the
key file's lockouts all see the same moment, and it moves only when told to.
"""

from __future__ import annotations

import datetime as dt

from iopdesk.store import clock


class FrozenClock:
    def __init__(self, at: dt.datetime | None = None) -> None:
        self.set(at or clock.now())

    def set(self, at: dt.datetime) -> None:
        """Stop the clock at ``at`` (naive means UTC)."""
        clock.freeze(at)

    def advance(self, delta: dt.timedelta | None = None, **parts: float) -> None:
        """Move forward by ``delta`` or timedelta parts: ``advance(minutes=16)``."""
        self.set(clock.now() + (delta or dt.timedelta()) + dt.timedelta(**parts))

    @property
    def now(self) -> dt.datetime:
        """The time the program sees, as the database stores it (naive UTC)."""
        return clock.utcnow()

    def release(self) -> None:
        clock.freeze(None)


class IdleClock:
    """Stands in for ``time.monotonic`` under the idle lock's watcher: it moves only when a test
    moves ``now`` (seconds), so a test goes past the idle time without waiting for it."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now
