"""Enter on a button a person reached with Tab: Return and the keypad's Enter (which Qt sends with
KeypadModifier), pressed where the keyboard is, as a person does."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

KEYPAD = Qt.KeyboardModifier.KeypadModifier
NONE = Qt.KeyboardModifier.NoModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier

# Both Enter keys, for @ENTERS on a test taking ``key`` and ``modifier``.
ENTERS = pytest.mark.parametrize(
    ("key", "modifier"), [(Qt.Key.Key_Return, NONE), (Qt.Key.Key_Enter, KEYPAD)], ids=["return", "keypad"]
)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard"
    return widget


def tab_to(qtbot, target: QWidget, *, back: bool = False, limit: int = 60) -> int:  # type: ignore[no-untyped-def]
    """Press Tab (Shift+Tab with ``back``) where the keyboard is until ``target`` has it; how many
    presses it took. Fails if ``target`` is not reached within ``limit`` presses."""
    for presses in range(limit + 1):
        if target.hasFocus():
            return presses
        qtbot.keyClick(focused(), Qt.Key.Key_Tab, SHIFT if back else NONE)
    raise AssertionError(f"Tab never reached {target!r}; the keyboard is on {focused()!r}")


def press(qtbot, key: Qt.Key | str, modifiers: Qt.KeyboardModifier = NONE) -> None:  # type: ignore[no-untyped-def]
    """One key (a Qt.Key or a character) where the keyboard is."""
    qtbot.keyClick(focused(), key, modifiers)


def press_enter(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier) -> None:  # type: ignore[no-untyped-def]
    """One Enter key where the keyboard is."""
    qtbot.keyClick(focused(), key, modifier)
