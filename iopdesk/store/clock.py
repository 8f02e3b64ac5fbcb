"""The one place IOPdesk reads the current time, so tests can stop it.

Everything that stamps or compares times asks here: the models' ``*_at``
defaults, the domain's "now" and "today" (``iopdesk.domain.kernel.clock``), the
key file's lockouts and the backup file names. Tests freeze it with the
``frozen_clock`` fixture (tests/conftest.py); the program never does.
"""

from __future__ import annotations

import datetime as dt

_frozen: dt.datetime | None = None  # aware UTC while a test holds the clock


def now() -> dt.datetime:
    """The current time, aware, in UTC."""
    return _frozen if _frozen is not None else dt.datetime.now(dt.UTC)


def utcnow() -> dt.datetime:
    """Naive UTC timestamp: what every *_at column holds."""
    return now().replace(tzinfo=None)


def local_now() -> dt.datetime:
    """This computer's wall-clock time (for file names a person reads)."""
    return now().astimezone()


def freeze(at: dt.datetime | None) -> None:
    """Stop the clock at ``at`` (naive means UTC); ``None`` lets it run again. For tests."""
    global _frozen
    if at is not None and at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    _frozen = at.astimezone(dt.UTC) if at is not None else None
