"""Work off the GUI thread, in the style of Anki's ``QueryOp``: run, then hand the result back.

``Background(work, failure=...)`` runs ``work()`` on a thread of its own, on
that thread's own database connection (closed when the work is done); only
what ``work`` returns crosses back, so it should be frozen (a report, text, a
dataclass). On the GUI thread the caller hears ``succeeded(result)`` or
``failed(message)`` (a refusal's own message; anything unexpected is logged
and reported with ``failure``), then the thread's ``finished``.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal

from iopdesk.domain.kernel.errors import DomainError, StoreError
from iopdesk.domain.kernel.threads import on_own_connection

log = logging.getLogger(__name__)

_made: weakref.WeakSet[Background] = weakref.WeakSet()


def busy() -> bool:
    """Some work is running off the GUI thread now (a report, an import): the satellite's sync, which
    re-binds the one database for its while, must wait for it."""
    return any(_running(worker) for worker in list(_made))


def _running(worker: QThread) -> bool:
    try:
        return worker.isRunning()
    except RuntimeError:  # its Qt side was deleted already: not running
        return False


class Background(QThread):
    succeeded = Signal(object)
    """The work is done; carries what it returned."""
    failed = Signal(str)
    """The work could not be done; carries the message for the user."""

    def __init__(
        self,
        work: Callable[[], object],
        *,
        failure: str,
        what: str = "background work",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.work = work
        self.failure = failure
        self.what = what  # for the log: an event type, never a name
        _made.add(self)

    def run(self) -> None:
        try:
            result = on_own_connection(self.work)
        except (DomainError, StoreError) as exc:  # a refusal, or the database failing: said as it is
            self.failed.emit(str(exc))
        except Exception:  # never let work off the GUI thread take the program down
            log.exception("%s failed", self.what)
            self.failed.emit(self.failure)
        else:
            self.succeeded.emit(result)
