"""One user action's writes as one transaction, and the bound database (re-exported by the package)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from peewee import Database, SqliteDatabase, _transaction

from iopdesk.store import care_models, measures_models, sync_models  # noqa: F401  (their tables join models.ALL_MODELS)
from iopdesk.store.errors import StoreFull, StoreReadOnly, classify
from iopdesk.store.models import database as _proxy
from iopdesk.store.server import ServerDatabase

log = logging.getLogger(__name__)

_pending = threading.local()  # per thread, like peewee's connection state


class _WriteTransaction(_transaction):  # type: ignore[misc]
    """The outermost transaction of a change.

    - On SQLite it begins IMMEDIATE: the write lock is taken up front, waiting the busy
      timeout for another workstation's save to finish. A deferred transaction that read
      first could not wait: in WAL mode its later upgrade to a writer fails at once.
    - Before COMMIT the file must still be the one at its path (``check_in_place``): a
      database moved or deleted while open would otherwise go on "saving" into nowhere.
    - If COMMIT fails, SQLite may already have rolled the transaction back (a full disk,
      an I/O error): the rollback then is skipped, so the real cause is what is reported.
    """

    def _begin(self) -> None:
        if isinstance(self.db, SqliteDatabase):
            self.db.begin("IMMEDIATE")
        else:
            self.db.begin()

    def __exit__(self, exc_type: Any, exc_val: Any, exc_tb: Any) -> None:
        depth = self.db.transaction_depth()
        self.db.pop_transaction()
        if depth != 1:  # pragma: no cover - peewee nests savepoints, never this class
            return
        if exc_type is not None:
            self._abandon()
            return
        try:
            check = getattr(self.db, "check_in_place", None)
            if check is not None:
                check()
            self.commit(False)
        except BaseException:
            self._abandon()
            raise

    def _abandon(self) -> None:
        self.db._clear_commit_callbacks()
        if self.db.is_closed():
            return
        conn = self.db.connection()
        if not getattr(conn, "in_transaction", True):
            return  # SQLite rolled it back itself
        if getattr(conn, "broken", False) or getattr(conn, "closed", False):
            return  # the server dropped the connection, and the transaction with it
        try:
            self.db.rollback()
        except Exception:  # the failure that got us here is the one to report
            log.warning("rollback after a failed transaction also failed", exc_info=True)


def _open_transaction(db: Database) -> Any:
    if db.in_transaction():
        return db.savepoint()
    return _WriteTransaction(db)


@contextmanager
def transaction() -> Iterator[None]:
    """One user action's writes: all land, or none do (nests as a savepoint).

    On SQLite the outermost one takes the write lock when it begins (BEGIN
    IMMEDIATE), waiting up to the busy timeout if another workstation is saving.
    Use it for changes, and for reads whose audit entry is written with them;
    a read that writes nothing needs none.

    When the outermost transaction ends, committed or rolled back, the work
    queued with ``after_transaction`` runs (in its own transaction).

    A database failure on the way (busy, disk full, read-only, I/O, damaged,
    connection lost, the file gone) leaves as a StoreError subclass saying so in
    plain words (store/errors.py); anything else, an IntegrityError included, as it came.
    """
    try:
        db = current()
        with _open_transaction(db):
            yield
    except Exception as exc:
        failure = classify(exc)
        if failure is None or failure is exc:
            raise
        if isinstance(failure, StoreReadOnly) and getattr(_proxy.obj, "full_disk", False):
            failure = StoreFull()  # opened read-only only because its disk is full
        raise failure from exc
    finally:
        if _proxy.obj is not None and not _proxy.in_transaction():
            _run_pending()


@contextmanager
def waiting_at_most(seconds: float) -> Iterator[None]:
    """Writes begun in this block wait at most ``seconds`` for another workstation's write lock
    (SQLite's busy timeout, on this thread's connection; a server's lock_timeout), then fail as
    StoreBusy: for a retry the window makes by itself, which must not freeze it. Inside a
    transaction it changes nothing."""
    db = current()
    if db.is_closed() or db.in_transaction():
        yield
        return
    if isinstance(db, ServerDatabase):
        with db.lock_wait(seconds):
            yield
        return
    if not isinstance(db, SqliteDatabase):
        yield
        return
    conn = db.connection()
    before = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    conn.execute(f"PRAGMA busy_timeout = {max(0, int(seconds * 1000))}")
    try:
        yield
    finally:
        if not db.is_closed():
            conn.execute(f"PRAGMA busy_timeout = {int(before)}")


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


def settle_after(committed: Callable[[], None], abandoned: Callable[[], None]) -> None:
    """Run ``committed`` or ``abandoned`` once the current outermost transaction has ended, as it
    ended; outside a transaction, ``committed`` now.

    For a change outside the database made with it (the key file beside an encrypted clinic):
    written before COMMIT, so that a failure to write it stops the save; finished when the save
    committed, and put back when it failed after all (a full disk, the file gone).
    """
    db = _proxy.obj
    if db is None or not db.in_transaction():
        committed()
        return
    done: list[bool] = []
    db.after_commit(lambda: done.append(True))
    after_transaction(lambda: committed() if done else abandoned())


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
