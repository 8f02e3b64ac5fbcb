"""Windows as GUI tests need them: a plain host for dialogs to belong to, and a dialog shown and made
active as a person finds it (its keys go where the keyboard is)."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QApplication, QWidget

W = TypeVar("W", bound=QWidget)


def host_window(qtbot, width: int = 900, height: int = 700) -> QWidget:  # type: ignore[no-untyped-def]
    """A plain shown window for dialogs to open over (``width`` × ``height``)."""
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def shown_active(qtbot, dialog: W) -> W:  # type: ignore[no-untyped-def]
    """``dialog`` (or any window) shown non-modally and active, as a person would see it."""
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog
