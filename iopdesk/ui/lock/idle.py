"""Noticing that nobody has touched the program for a while.

An event filter on the QApplication notes the time of every key press and
mouse movement; a QTimer compares it with the clock now and then. The clock
and the check interval are injected, so a test moves a fake clock forward
instead of waiting ten minutes.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

Clock = Callable[[], float]  # seconds, only differences matter (time.monotonic)
CHECK_MS = 5_000

ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
    }
)


class IdleWatcher(QObject):
    idle_reached = Signal()
    """Nobody pressed a key or moved the mouse for the idle time."""
    window_shown = Signal(object)
    """A window (dialog, message box) was shown while watching for it; carries the widget."""

    def __init__(
        self,
        idle_seconds: float,
        *,
        clock: Clock = time.monotonic,
        check_ms: int = CHECK_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.idle_seconds = idle_seconds
        self.clock = clock
        self.last_activity = clock()
        self.watch_windows = False  # while locked: report windows that open over the lock screen
        self.timer = QTimer(self)
        self.timer.setInterval(check_ms)
        self.timer.timeout.connect(self.check)
        self._installed = False

    def start(self) -> None:
        app = QApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True
        self.touch()
        self.timer.start()

    def pause(self) -> None:
        """Stop counting toward a lock (while locked); windows are still watched."""
        self.timer.stop()

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False

    def touch(self) -> None:
        self.last_activity = self.clock()

    def idle_for(self) -> float:
        return self.clock() - self.last_activity

    def check(self) -> None:
        if self.timer.isActive() and self.idle_for() >= self.idle_seconds:
            self.timer.stop()
            self.idle_reached.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind in ACTIVITY:
            self.last_activity = self.clock()
        elif kind == QEvent.Type.Show and self.watch_windows and watched.isWidgetType():
            if watched.isWindow():  # type: ignore[attr-defined]
                self.window_shown.emit(watched)
        return False
