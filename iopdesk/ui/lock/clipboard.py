"""What was copied in IOPdesk does not outlive the person's session on the clipboard.

A client's name or a note's words copied with Ctrl+C stay on the system clipboard (on Windows even
after the program ends) for whoever sits down next: locking, signing out and switching user empty
it, but only when it holds what was copied here (something copied in another program is left).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QClipboard, QGuiApplication


class CopiedHere(QObject):
    """Follows the clipboard: a change made while IOPdesk is the active application is ours
    (``ownsClipboard`` answers the same on the desktops that know it; not every platform does)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.board = QGuiApplication.clipboard()
        self.ours = self.board.ownsClipboard()
        self.board.dataChanged.connect(self._changed)

    def _changed(self) -> None:
        active = QGuiApplication.applicationState() == Qt.ApplicationState.ApplicationActive
        self.ours = active or self.board.ownsClipboard()

    def empty(self) -> None:
        """Take away what was copied here (the clipboard, and the X11 selection that selecting fills)."""
        if self.ours or self.board.ownsClipboard():
            self.board.clear(QClipboard.Mode.Clipboard)
        if self.board.supportsSelection() and self.board.ownsSelection():
            self.board.clear(QClipboard.Mode.Selection)
        self.ours = False
