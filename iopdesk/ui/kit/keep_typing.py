"""Escape, Cancel or the window's close button asks before what a person typed in a dialog goes.

A dialog remembers its fields as it first showed them (``remember``); on the way out
(``may_close``) a field whose value differs means work would be lost, and the person is
asked "Close and lose it?". The safe answer, keeping the dialog and the typing, is the
question's default button, so Enter or a second Escape never throws the typing away.
An untouched dialog closes at once: a question every time would be clicked through.

What counts: the text of line and text boxes (spaces alone are not work), a list's
choice, a number or a date, a check box, and what a table a person fills in holds
(its model's ``kept_value()``: the ticks of a check list, a drug screen's results). Never a password
or other secret (a line box that hides its letters, or one a dialog names with
``never_ask_about``): it is not kept anywhere, so nothing of value is lost by closing,
and retyping it is the safe way; asking would only keep a secret on screen longer.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from iopdesk.ui.kit.parking import parked
from iopdesk.ui.kit.prompts import Prompts

SECRET = "iopdeskSecret"  # a widget property: never compared, never asked about


def tr(text: str) -> str:
    return QCoreApplication.translate("KeepTyping", text)


def never_ask_about(*widgets: QWidget) -> None:
    """Secrets a person types (a recovery key): closing never asks for them."""
    for widget in widgets:
        widget.setProperty(SECRET, True)


def value_of(widget: QWidget) -> object:
    """What a person set in ``widget``, comparable with ``==``; None for what is not a field."""
    if widget.property(SECRET) or (
        isinstance(widget, QLineEdit) and widget.echoMode() != QLineEdit.EchoMode.Normal
    ):
        return None
    if isinstance(widget, QLineEdit):
        return widget.text().strip()
    if isinstance(widget, QPlainTextEdit | QTextEdit):  # a box only to read is no one's typing
        return None if widget.isReadOnly() else widget.toPlainText().strip()
    if isinstance(widget, QComboBox):
        return (widget.currentIndex(), widget.currentText().strip())
    if isinstance(widget, QAbstractSpinBox):  # numbers, dates and times alike
        return widget.text()
    if isinstance(widget, QAbstractButton):
        return widget.isChecked() if widget.isCheckable() else None
    if isinstance(widget, QAbstractItemView):  # a list a person fills in says what it holds
        kept = getattr(widget.model(), "kept_value", None)
        return kept() if callable(kept) else None
    return None


def fields_in(dialog: QWidget) -> list[QWidget]:
    """Every field a person can change inside ``dialog`` (a box inside a list or a spin box's own
    line is its holder's business: those are compared through their holder)."""
    found = []
    for widget in dialog.findChildren(QWidget):
        if isinstance(widget, QLineEdit) and isinstance(widget.parentWidget(), QComboBox | QAbstractSpinBox):
            continue
        if value_of(widget) is not None:
            found.append(widget)
    return found


class Remembered:
    """The fields a dialog is guarding, with the values they had when the dialog opened."""

    def __init__(self) -> None:
        self.start: list[tuple[QWidget, object]] = []

    def remember(self, widgets: Iterable[QWidget]) -> None:
        self.start = [(widget, value_of(widget)) for widget in widgets]

    def changed(self) -> bool:
        return any(value_of(widget) != value for widget, value in self.start)


def may_close(dialog: QWidget, prompts: Prompts, remembered: Remembered) -> bool:
    """True when nothing typed would be lost, or the person chose to lose it."""
    if not remembered.changed():
        return True
    return prompts.confirm(
        dialog,
        tr("Not saved"),
        tr("What you typed here is not saved. Close and lose it?"),
        tr("Close and lose it"),
        tr("Keep typing"),
    )


def holds_typing(dialog: QWidget) -> bool:
    """Whether closing ``dialog`` now would lose something a person typed or chose in it. A
    dialog that does not remember its first values counts as holding typing when it has fields."""
    kept = getattr(dialog, "kept", None)
    if isinstance(kept, Remembered):
        return kept.changed()
    return bool(fields_in(dialog))


def parked_typing() -> bool:
    """Some dialog waiting behind the lock (kit/parking.py) holds typing."""
    return any(holds_typing(dialog) for dialog in parked())
