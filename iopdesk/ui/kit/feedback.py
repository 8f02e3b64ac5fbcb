"""Telling a person how an action went, so it reads at a glance: done (calm green) or a problem (amber).

A success and a warning used to share the amber box, so "Signed 8 parts." looked
like something had gone wrong. ``FeedbackLine`` is the one line under a screen's
heading (or above a dialog's buttons) that says either, styled by the style
sheet (``#doneNote`` and ``#alertBadge``); the words carry the meaning too (a
tick before a success), never the colour alone.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

DONE = "doneNote"
PROBLEM = "alertBadge"
TICK = "✓"


class FeedbackLine(QLabel):
    """A wrapping, selectable line that is hidden while it has nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(PROBLEM)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    @property
    def kind(self) -> str:
        """"done", "problem", or "" while nothing is shown."""
        if self.isHidden() or not self.text():
            return ""
        return "done" if self.objectName() == DONE else "problem"

    def done(self, text: str) -> None:
        """Something the person asked for has happened ("Co-signed.", "Written: …")."""
        self._show(DONE, f"{TICK} {text}" if text else "")

    def problem(self, text: str) -> None:
        """Something did not happen, or needs the person's attention; "" clears the line."""
        self._show(PROBLEM, text)

    def clear(self) -> None:
        self._show(self.objectName(), "")

    def message(self) -> str:
        """The words shown now, without the tick ("" when hidden)."""
        text = "" if self.isHidden() else self.text()
        return text.removeprefix(f"{TICK} ")

    def _show(self, name: str, text: str) -> None:
        if self.objectName() != name:
            self.setObjectName(name)
            self.style().unpolish(self)  # the style sheet picks rules by object name
            self.style().polish(self)
        self.setText(text)
        self.setVisible(bool(text))


def grow_to_fit(window: QWidget) -> None:
    """Make a shown dialog tall enough for a message that just appeared under a field.

    A wrapped label's height depends on its width, which Qt does not pass up to a
    window that is already shown: without this the message is cut to one line.
    """
    layout = window.layout()
    if layout is None:
        return
    layout.activate()
    needed = layout.totalHeightForWidth(window.width()) if layout.hasHeightForWidth() else -1
    needed = max(needed, layout.totalMinimumSize().height())
    if window.height() < needed:
        window.resize(window.width(), needed)
