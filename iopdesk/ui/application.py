"""The QApplication, its look, and the main loop."""

from __future__ import annotations

import gc
import time
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from iopdesk import APP_NAME, __version__
from iopdesk.ui.icons import icon
from iopdesk.ui.style import apply_style


class IopApplication(QApplication):
    """IOPdesk's application object (tests build this one too, through pytest-qt's qapp_cls)."""

    def __init__(self, argv: list[str]) -> None:
        super().__init__(argv)
        self.setApplicationName(APP_NAME)
        self.setOrganizationName(APP_NAME)
        self.setApplicationVersion(__version__)
        self.setWindowIcon(icon("app"))
        font = QFont(self.font())
        if font.pointSizeF() < 10:
            font.setPointSizeF(10)
        self.setFont(font)
        apply_style(self)
        # The command line held the garbage collector back during start-up (cli.main).
        QTimer.singleShot(0, collect_again)


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


def quit_when_idle(app: QApplication) -> None:
    """``--exit-after-startup``: once the queued show and paint events have been handled (a zero
    timer fires then), say when on the monotonic clock and quit. The benchmarks compare that
    moment with their own clock at launch: launch to idle, without the exit that follows."""

    def idle() -> None:
        print(f"{IDLE_STAMP}{time.monotonic_ns()}", flush=True)
        app.quit()

    QTimer.singleShot(0, idle)
