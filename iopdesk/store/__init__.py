"""The database layer: connection, models and migrations. No Qt, no clinic rules."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from peewee import Database

from iopdesk.store import care_models  # noqa: F401  (the care tables join models.ALL_MODELS)
from iopdesk.store.errors import classify
from iopdesk.store.models import database as _proxy

_pending = threading.local()  # per thread, like peewee's connection state


@contextmanager
def transaction() -> Iterator[None]:
    """One user action's writes: all land, or none do (nests as a savepoint).

    When the outermost transaction ends, committed or rolled back, the work
    queued with ``after_transaction`` runs (in its own transaction).

    A database failure on the way (busy, disk full, read-only, I/O, damaged,
    connection lost) leaves as a StoreError subclass saying so in plain words
    (store/errors.py); anything else, an IntegrityError included, as it came.
    """
    try:
        with _proxy.atomic():
            yield
    except Exception as exc:
        failure = classify(exc)
        if failure is None or failure is exc:
            raise
        raise failure from exc
    finally:
        if _proxy.obj is not None and not _proxy.in_transaction():
            _run_pending()


def after_transaction(work: Callable[[], None]) -> None:
    """Run ``work`` once the current outermost transaction has ended, whatever its outcome.

    For a write that must land even if the caller's transaction is rolled back
    (the audit entry of a refused action). Outside a transaction it runs now.
    """
    if _proxy.obj is None or not _proxy.in_transaction():
        work()
        return
    queue = getattr(_pending, "queue", None)
    if queue is None:
        queue = _pending.queue = []
    queue.append(work)


def _run_pending() -> None:
    queue = getattr(_pending, "queue", None)
    while queue:
        work = queue.pop(0)
        work()


def current() -> Database:
    """The bound database object (raises if nothing is open)."""
    obj = _proxy.obj
    if obj is None:
        raise RuntimeError("no IOPdesk database is open")
    return obj
