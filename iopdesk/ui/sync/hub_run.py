"""One sync of a satellite laptop with its clinic server, run from the window.

``sync_with_hub`` re-binds the program's one database (the global peewee proxy) to the server for
its while, then back to this laptop. Anything else that read or wrote the database meanwhile would
reach the server instead: an autosave timer firing, a click handled, a report's worker thread. So
the sync runs here, on the GUI thread, and no events are processed until it returns (no
``processEvents``: that would fire those timers and clicks); its progress line is drawn with
``repaint()``, which paints at once without processing anything. Before it starts, every editor
saves its drafts, and it does not start while typing is still unsaved or work runs off the GUI
thread: nothing typed can be lost or written to the wrong place.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QApplication, QStatusBar

from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError, StoreError
from iopdesk.domain.sync import hub
from iopdesk.ui.kit import runner
from iopdesk.ui.kit.unsaved import UnsavedWork
from iopdesk.ui.sync.texts import short_result, tr

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    ok: bool
    message: str  # one line: the summary, or why nothing was synced
    short: str = ""  # the summary short enough for the status bar


def refused_before(works: list[UnsavedWork]) -> str | None:
    """Why the sync may not start now, or None."""
    if runner.busy():
        return tr("A report or an import is still running; sync when it has finished.")
    if works:
        where = "; ".join(f"{w.where}: {w.reason}" for w in works)
        return tr("Some typing is not saved yet ({where}). Nothing was sent: save it, then sync.").format(
            where=where
        )
    return None


def run_sync(actor: Actor, bar: QStatusBar, save_all: Callable[[], list[UnsavedWork]]) -> Outcome:
    """Save the drafts, then sync on this thread without processing events (see the module's note)."""
    reason = refused_before(save_all())
    if reason is not None:
        return Outcome(False, reason)

    def progress(text: str) -> None:
        bar.showMessage(text)
        bar.repaint()  # drawn now: no event is processed while the database points at the server

    QApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
    try:
        progress(tr("Syncing with the clinic…"))
        done = hub.sync_with_hub(actor, progress=progress)
    except (DomainError, StoreError) as exc:  # unreachable, another clinic, an inactive account
        log.info("hub sync refused: %s", type(exc).__name__)
        return Outcome(False, str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    except Exception:  # the window stays up whatever the network or the server does
        log.exception("hub sync failed")
        return Outcome(False, tr("The sync could not be done; the details are in the log."))
    finally:
        bar.clearMessage()
        QApplication.restoreOverrideCursor()
    return Outcome(True, done.message, short_result(done.sent.rows_sent, done.received.counts))
