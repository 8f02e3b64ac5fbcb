"""The crash path: an unhandled exception is logged (types and frames only) and shown once, the same way.

A database that fails at run time (busy, full, read-only, damaged, gone: store/errors.py) is
not a bug: it is logged the same way but shown as a plain message saying what to do, not as
the crash dialog.

The two dialogs are in crash_dialogs.py, imported when one is shown: this module is installed
before the sign-in screen is drawn, and their widget classes are not needed for that
(ui/warm_up.py loads them while the person types).
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from iopdesk import __version__
from iopdesk.domain.kernel.errors import classify
from iopdesk.logs import log_exception, scrubbed_traceback


def _host() -> QWidget | None:
    """The window a crash or store-problem dialog opens over: the active one if it is showing.

    Never a window already closed: the platform may still call the last box closed "active", and
    a dialog that is its child is deleted with it when it goes, in the middle of its exec() (a
    segfault: a store problem box, then a crash dialog, in one process)."""
    window = QApplication.activeWindow()
    if window is not None and window.isVisible():
        return window
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow) and w.isVisible()]
    return shown[0] if shown else None


class _Relay(QObject):
    """Carries an exception from any thread to the GUI thread."""

    happened = Signal(str)
    store_failed = Signal(str)


class CrashHandler:
    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        self.relay = _Relay()
        self.relay.happened.connect(self._show)
        self.relay.store_failed.connect(self._show_store_problem)
        self.showing = False
        self.previous = sys.excepthook

    def hook(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self.previous(exc_type, exc, tb)
            return
        failure = classify(exc)
        if failure is not None:
            log_exception(exc_type, tb, f"database problem ({type(failure).__name__})", exc)
            self.relay.store_failed.emit(str(failure))
            return
        log_exception(exc_type, tb, exc=exc)
        # What the dialog offers to copy for the IT contact, as the log has it: where and what kind,
        # never the message (it may quote a row's values, a path holding a name, typed text).
        details = f"IOPdesk {__version__}\n" + scrubbed_traceback(exc_type, tb, exc)
        self.relay.happened.emit(details)

    def _show(self, details: str) -> None:
        if self.showing or QApplication.instance() is None:
            return  # one dialog at a time; a storm of errors is still logged
        self.showing = True
        try:
            from iopdesk.ui.crash_dialogs import CrashDialog
            from iopdesk.ui.kit.parking import run_modal  # shown over the lock: after unlocking

            run_modal(CrashDialog(details, self.log_dir, _host()))
        finally:
            self.showing = False

    def _show_store_problem(self, message: str) -> None:
        if self.showing or QApplication.instance() is None:
            return
        self.showing = True
        try:
            from iopdesk.ui.crash_dialogs import StoreProblemBox
            from iopdesk.ui.kit.parking import run_modal

            run_modal(StoreProblemBox(message, _host()))
        finally:
            self.showing = False


_handler: CrashHandler | None = None


def install(log_dir: Path) -> CrashHandler:
    global _handler
    _handler = CrashHandler(log_dir)
    sys.excepthook = _handler.hook
    return _handler
