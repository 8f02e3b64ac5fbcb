"""The widgets of the pages visited next, made while the window waits for its first click.

Once the main window is painted and idle, the modules of the pages most visited
after Today load on a background thread (ui/warm_up.py's ``LATER``); then, on
the GUI thread, each page's widgets are made in a step of its own (a zero timer
per page, so a key press or a click waiting in the queue is handled between two
pages): the view, styled (view_stack.Views.prepare); the first visit makes its
controller and lays it out in the window. No controller is made and nothing is read from
the database but the site's day: each page reads its data when it is first
shown, as before, so nothing shown is older than the click that showed it.

It waits while a dialog or a menu is open (a nested event loop would run the
steps under it) and stops when the window closes. A page someone opens before
its turn is simply built then, the usual way.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMainWindow

from iopdesk.ui import warm_up

log = logging.getLogger(__name__)

PAGES = ("groups", "attendance", "notes", "clients")
"""In the order of the navigation: the pages a person goes to first after Today."""
WAIT_MS = 50  # how often to look again while the modules load or a dialog is open


class BuildAhead(QObject):
    finished = Signal()
    """Every page in ``pages`` is made (or was built already, or is not offered to this person)."""

    def __init__(self, window: QMainWindow, pages: tuple[str, ...] = PAGES) -> None:
        super().__init__(window)
        self.window = window
        self.todo = [key for key in pages if key in getattr(window, "views", {})]
        self.made: list[str] = []

    def start(self) -> None:
        warm_up.start(warm_up.LATER)
        QTimer.singleShot(0, self._step)

    @property
    def done(self) -> bool:
        return not self.todo

    def _step(self) -> None:
        if not self.todo:
            self.finished.emit()
            return
        if not self.window.isVisible():  # closed (signed out, quit): nothing left to wait for
            self.todo.clear()
            return
        if warm_up.pending() or QApplication.activeModalWidget() or QApplication.activePopupWidget():
            QTimer.singleShot(WAIT_MS, self._step)
            return
        key = self.todo.pop(0)
        try:
            if self.window.views.prepare(key):  # type: ignore[attr-defined]
                self.made.append(key)
        except Exception:  # the page is then built when first shown, which reports any failure
            log.warning("making page %s ahead failed", key, exc_info=True)
        QTimer.singleShot(0, self._step)  # the next page, or ``finished``, after any input waiting


def start(window: QMainWindow, pages: tuple[str, ...] = PAGES) -> BuildAhead:
    """Begin loading and making ``pages`` of ``window`` (which owns what this returns)."""
    ahead = BuildAhead(window, pages)
    ahead.start()
    return ahead
