"""The left navigation: one checkable button per view, Up/Down move between them."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from iopdesk.ui.icons import icon

MIN_WIDTH = 170


class NavBar(QFrame):
    chosen = Signal(str)
    """The user picked a view; carries its key."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("navBar")
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(8, 12, 8, 12)
        self.layout_.setSpacing(4)
        self.layout_.addStretch(1)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, QToolButton] = {}

    def add(self, key: str, title: str, icon_name: str) -> None:
        button = QToolButton()
        button.setObjectName("navButton")
        button.setText(title)
        button.setIcon(icon(icon_name))
        button.setIconSize(QSize(22, 22))
        button.setCheckable(True)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        button.setMinimumWidth(MIN_WIDTH)
        index = len(self.buttons)
        number = index + 1
        if number <= 9:
            button.setToolTip(self.tr("{title} (Ctrl+{n})").format(title=title, n=number))
        button.clicked.connect(lambda _checked=False, k=key: self.chosen.emit(k))
        self.group.addButton(button)
        self.layout_.insertWidget(index, button)
        self.buttons[key] = button
        button.installEventFilter(self)
        self._fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.FontChange:  # the style sheet's size, or another text size
            self._fit()
        return super().eventFilter(watched, event)

    def _fit(self) -> None:
        """As wide as its longest title in bold (the chosen view's), at the text size in use."""
        if not self.buttons:
            return
        sample = next(iter(self.buttons.values()))
        bold = QFont(sample.font())
        bold.setWeight(QFont.Weight.DemiBold)
        metrics = QFontMetrics(bold)
        widest = max(metrics.horizontalAdvance(b.text()) for b in self.buttons.values())
        width = max(MIN_WIDTH, widest + sample.iconSize().width() + 44)  # icon, gap, padding
        for button in self.buttons.values():
            button.setMinimumWidth(width)

    def select(self, key: str) -> None:
        if key in self.buttons:
            self.buttons[key].setChecked(True)

    def wrap(self, content: QWidget) -> QWidget:
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self)
        row.addWidget(content, 1)
        return holder
