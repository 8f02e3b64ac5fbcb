"""Shared pieces of the roster GUI tests: a pinned calendar and prompts a test scripts.

``ScriptedPrompts`` stands in for the modal dialogs: ``run(dialog)`` shows the
real dialog (non-modally), hands it to the next scripted step, which types and
clicks like a user would, and reports whether the dialog ended accepted.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from iopdesk.domain.kernel import clock
from iopdesk.ui.kit.prompts import Prompts
from tests.support.roster_helpers import TODAY

Step = Callable[[QDialog], None]

UNANSWERED: list[str] = []
"""Questions asked with no answer scripted (tests/ui/conftest.py fails the test for them). Raising
from inside a dialog's reject, under a key press, would take the whole test run down with it."""


class ScriptedPrompts(Prompts):
    def __init__(self, qtbot=None) -> None:  # type: ignore[no-untyped-def]
        self.qtbot = qtbot
        self.steps: list[Step] = []
        self.answers: list[bool] = []
        self.paths: list[str] = []
        self.questions: list[str] = []
        self.dialogs: list[QDialog] = []

    def run(self, dialog: QDialog) -> bool:
        assert dialog.parent() is not None, "every dialog needs a parent"
        assert self.steps, f"unexpected dialog {dialog.windowTitle()!r}"
        self.dialogs.append(dialog)
        if type(getattr(dialog, "prompts", None)) is Prompts:  # it asks its own questions here too
            dialog.prompts = self  # type: ignore[attr-defined]
        dialog.show()
        if self.qtbot is not None:
            self.qtbot.waitExposed(dialog)
            dialog.activateWindow()
            self.qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
        self.steps.pop(0)(dialog)
        accepted = dialog.result() == QDialog.DialogCode.Accepted
        dialog.hide()
        if self.qtbot is not None:  # a window manager would hand the focus back to the window
            window = dialog.parentWidget().window()
            window.activateWindow()
            self.qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        return accepted

    def confirm(self, parent, title, text, yes_text, no_text=None) -> bool:  # type: ignore[no-untyped-def]
        assert parent is not None
        self.questions.append(text)
        if not self.answers:
            UNANSWERED.append(text)
            return False  # the safe answer: nothing goes ahead, nothing typed is lost
        return self.answers.pop(0)

    def inform(self, parent, title, text) -> None:  # type: ignore[no-untyped-def]
        self.questions.append(text)

    def save_file(self, parent, title, suggested, filters) -> str:  # type: ignore[no-untyped-def]
        return self.paths.pop(0)

    def open_file(self, parent, title, filters) -> str:  # type: ignore[no-untyped-def]
        return self.paths.pop(0)


@pytest.fixture
def pinned(monkeypatch):  # type: ignore[no-untyped-def]
    """Every domain rule sees TODAY (a Monday) as today."""
    monkeypatch.setattr(clock, "site_today", lambda site_id: TODAY)
    return TODAY


def click(qtbot, button) -> None:  # type: ignore[no-untyped-def]
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def cancel(dialog: QDialog) -> None:
    dialog.reject()


def open_view(qtbot, build, actor, prompts):  # type: ignore[no-untyped-def]
    """A screen built by its package's ``build`` with scripted prompts, its view shown, active (its
    shortcuts need that) and loaded; returns the screen's controller (the view is ``.view``)."""
    screen = build(actor, prompts)
    view = screen.view
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view)
    screen.activated()
    return screen


def roster_window(qtbot, actor, tmp_path):  # type: ignore[no-untyped-def]
    """The main window, shown and active (Group → Import roster… is its menu), its roster menu's
    questions scripted."""
    from PySide6.QtCore import QSettings

    from iopdesk.ui.main_window import MainWindow

    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    window = MainWindow(actor, "test.sqlite3", settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.roster_menu.prompts = ScriptedPrompts(qtbot)
    return window
