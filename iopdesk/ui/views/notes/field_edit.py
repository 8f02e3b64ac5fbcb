"""One field of a note's part: a plain-text box that grows with its text; Tab moves to the next one."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QResizeEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget

MIN_LINES = 2
MAX_LINES = 16


def utf16(text: str, index: int) -> int:
    """A Python index as Qt counts it (characters outside the BMP take two)."""
    return len(text[:index].encode("utf-16-le")) // 2


class FieldEdit(QPlainTextEdit):
    """One field: grows with its text, Tab moves on, and it says when it gets the keyboard."""

    focused = Signal(object)
    """The field took the keyboard focus; carries itself."""
    changed = Signal(object)
    """The field's text changed; carries itself."""

    def __init__(
        self, key: str, label: str, hint: str, *, read_only: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.key = key
        # Named before the style sheet polishes it: a locked field reads as paper, not as a box to type in.
        self.setObjectName("noteFieldLocked" if read_only else "noteField")
        self.setReadOnly(read_only)
        self.setTabChangesFocus(True)
        self.setPlaceholderText(hint)
        self.setAccessibleName(label)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.document().documentLayout().documentSizeChanged.connect(self._size_changed)
        self.textChanged.connect(self._text_changed)
        self.fit()

    def _size_changed(self, _size: object) -> None:
        self.fit()

    def _text_changed(self) -> None:
        self.changed.emit(self)

    def fit(self) -> None:
        lines = int(self.document().documentLayout().documentSize().height()) + 1  # a spare line to type on
        lines = max(MIN_LINES, min(MAX_LINES, lines))
        spacing = self.fontMetrics().lineSpacing()
        height = lines * spacing + int(2 * self.document().documentMargin()) + 16
        if height != self.height():
            self.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.fit()

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        super().focusInEvent(event)
        self.focused.emit(self)
