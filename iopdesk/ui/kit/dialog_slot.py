"""The dialog a panel has open over it: non-modal, deleted when it closes, kept while it is up.

Row dialogs, signing and the like open with ``open()`` over the window, so the
window stays alive; the slot keeps the one that is up in ``dialog`` (tests
drive it there) and puts the keyboard back with ``after`` once it closes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog


class DialogSlot(QObject):
    def __init__(self, after: Callable[[], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.after = after
        self.dialog: QDialog | None = None

    def open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # A bound method, not a lambda holding the dialog: a lambda that keeps a
        # delete-on-close dialog alive from its own signal has crashed PySide.
        dialog.finished.connect(self._finished)
        dialog.open()

    def _finished(self, _result: int) -> None:
        if self.sender() is self.dialog:
            self.dialog = None
        self.after()
