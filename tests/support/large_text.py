"""The window the large-text tests look at: a 1280×800 main window over a clinic, and the look put
back afterwards (the application is shared by every GUI test)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from iopdesk.domain.kernel.actor import Actor
from iopdesk.ui.look import Look, apply_look
from iopdesk.ui.main_window import MainWindow


@pytest.fixture
def system_look_after(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Leave the shared application as the system draws it."""
    yield
    apply_look(qapp, Look())


def shown_window(qtbot, actor: Actor, tmp_path: Path, *, size: tuple[int, int] | None = None) -> MainWindow:  # type: ignore[no-untyped-def]
    """The main window, shown; at ``size`` when given (not maximized: the offscreen screen is smaller)."""
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    window = MainWindow(actor, "/tmp/clinic.sqlite3", settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    if size is not None:
        window.setWindowState(Qt.WindowState.WindowNoState)
        window.resize(*size)
    return window
