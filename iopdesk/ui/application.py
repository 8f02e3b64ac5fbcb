"""The QApplication, its look, and the main loop."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

from iopdesk import APP_NAME, __version__
from iopdesk.ui.style import apply_style

# Fusion everywhere: the same widgets on every desktop, and it follows the system colour scheme.
# Asked for on the command line Qt reads (it wins over $QT_STYLE_OVERRIDE, as setStyle did), not with
# setStyle("Fusion"): that hands the new style back as a Python object, and building PySide6's QStyle
# class for it (its enums) costs about 5 ms before the sign-in screen can be drawn.
STYLE_ARGUMENTS = ("-style", "Fusion")


class IopApplication(QApplication):
    """IOPdesk's application object (tests build this one too, through pytest-qt's qapp_cls)."""

    def __init__(self, argv: list[str]) -> None:
        super().__init__([*(argv[:1] or [APP_NAME]), *argv[1:], *STYLE_ARGUMENTS])
        self.setApplicationName(APP_NAME)
        self.setOrganizationName(APP_NAME)
        self.setApplicationVersion(__version__)
        font = QFont(self.font())
        if font.pointSizeF() < 10:
            font.setPointSizeF(10)
        self.setFont(font)
        apply_style(self)
        # The command line held the garbage collector back during start-up (cli.main).
        QTimer.singleShot(0, collect_again)


def show_window_icon() -> None:
    """IOPdesk's icon on its windows (title bar, task bar), set once the first window is painted:
    QIcon and the SVG icon engine load in about 2 ms, which the sign-in screen would otherwise wait
    for; the window manager shows the icon a moment later. Every later window has it at once."""
    from iopdesk.ui.icons import icon

    app = QApplication.instance()
    if isinstance(app, QApplication) and app.windowIcon().isNull():
        app.setWindowIcon(icon("app"))


def collect_again() -> None:
    """Turn the garbage collector back on once the event loop runs. What start-up built lives as
    long as the program, so it is frozen out of the collector's sight first: the next collection
    (and every later one) does not walk the thousands of start-up objects again."""
    gc.freeze()
    gc.enable()


def ui_settings(config_dir: Path) -> QSettings:
    """Per-machine UI state (window size, last view) — never client data."""
    return QSettings(str(config_dir / "ui.ini"), QSettings.Format.IniFormat)


IDLE_STAMP = "iopdesk: idle at monotonic_ns="


def say_idle() -> None:
    """Print when the program became idle, on the monotonic clock: the benchmarks compare that
    moment with their own clock at launch (launch to idle, without the exit that follows)."""
    print(f"{IDLE_STAMP}{time.monotonic_ns()}", flush=True)


def quit_when_idle(app: QApplication) -> None:
    """``--exit-after-startup``: once the queued show and paint events have been handled (a zero
    timer fires then), say when (``say_idle``) and quit."""

    def idle() -> None:
        say_idle()
        app.quit()

    QTimer.singleShot(0, idle)


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self.then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.then)  # after whatever the paint left queued: idle
            self.deleteLater()
        return False


def after_first_paint(widget: QWidget, then: Callable[[], None]) -> None:
    """Call ``then`` on the GUI thread once ``widget`` has been painted for the first time and the
    events queued meanwhile are handled: the screen is up and the program idle."""
    _FirstPaint(widget, then)
