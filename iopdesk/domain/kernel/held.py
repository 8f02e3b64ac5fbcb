"""Key-file writes that wait while the window is being made after signing in.

Signing in ends with two writes to the key file beside the clinic, each flushed to disk: the audit
trail's anchor moves to the sign-in's entry, and the sign-in screen the file draws (with the
account's failed attempts, now forgotten) is brought up to date. The person would wait for both
before Today appears, so the window holds them (``hold``) until it has been painted, then lets them
run (``release``). Without a hold, each runs at once. A crash in between leaves the key file as it
was before signing in: the anchor one entry behind (as between its moves every few seconds), the
screen as it was drawn.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

log = logging.getLogger(__name__)

_held = False
_waiting: dict[str, Callable[[], None]] = {}  # by what it is: a later one of a kind replaces the earlier


def hold() -> None:
    """Key-file writes asked for from now on wait for ``release``."""
    global _held
    _held = True


def later(what: str, work: Callable[[], None]) -> None:
    """Run ``work`` now, or at ``release`` while held (once per ``what``: the last one asked)."""
    if _held:
        _waiting.pop(what, None)
        _waiting[what] = work
        return
    work()


def release() -> None:
    """Run what waited, in the order it was asked for, and hold no more."""
    global _held
    _held = False
    while _waiting:
        what, work = next(iter(_waiting.items()))
        del _waiting[what]
        try:
            work()
        except Exception:  # each write says its own failure; the next one still runs
            log.warning("a held key-file write failed: %s", what, exc_info=True)
