"""Pressing keys where the keyboard is, as a person does (the widget with the focus gets them)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard"
    return widget


def press(qtbot, key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    """One key (a Qt.Key or a character) on the widget that has the keyboard."""
    qtbot.keyClick(focused(), key, modifiers)


def type_text(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(focused(), text)


def tab(qtbot, times: int = 1) -> None:  # type: ignore[no-untyped-def]
    for _ in range(times):
        press(qtbot, Qt.Key.Key_Tab)


def open_client(qtbot, screen, text: str) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+F, type part of the name or the chart number, Enter: the client's chart."""
    press(qtbot, Qt.Key.Key_F, CTRL)
    search = screen.view.picker.search_edit
    assert QApplication.focusWidget() is search
    qtbot.keyClicks(search, text)
    qtbot.waitUntil(lambda: screen.view.picker.current() is not None)
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert screen.view.pages.currentWidget() is screen.view.chart, screen.view.notice.text()
