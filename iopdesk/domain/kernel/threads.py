"""Domain work on a thread of its own (an import, a report): it uses that thread's database connection.

peewee keeps one connection per thread; a worker thread's connection would stay
open after the thread ends unless someone closes it. ``on_own_connection`` runs
the work and then closes this thread's connection, so the screens can run work
off the GUI thread without knowing how the database is reached.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def on_own_connection(work: Callable[[], T]) -> T:
    """``work()`` on the calling (worker) thread; that thread's database connection is closed after
    (if a database is open at all: signing in to a locked clinic unwraps its key first)."""
    try:
        return work()
    finally:
        _close_own_connection()


def _close_own_connection() -> None:
    # Imported here: the sign-in screen's worker is drawn before the store is loaded.
    from iopdesk.store import current

    try:
        db = current()
    except RuntimeError:  # nothing is open
        return
    db.close()
