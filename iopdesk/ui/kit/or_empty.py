"""A list that gives way to a calm sentence when it has nothing to show, in the same place."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedWidget, QWidget


class OrEmpty(QStackedWidget):
    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.content = content
        self.empty = QLabel()
        self.empty.setObjectName("emptyState")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.empty.setWordWrap(True)
        self.addWidget(content)
        self.addWidget(self.empty)

    def show_content(self, shown: bool, empty_text: str = "") -> None:
        had_focus = self.content.hasFocus()
        self.empty.setText(empty_text)
        self.setCurrentWidget(self.content if shown else self.empty)
        if had_focus and not shown:
            self.setFocus()  # keep the keyboard in this view rather than wherever Qt sends it next
