"""The notes' place in the File menu: "Note formats…" for those who may change the clinic's formats.

``install(window)`` only adds an action; an administrator, who reads no
notes, reaches the formats this way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction

from iopdesk.domain.kernel import permissions

if TYPE_CHECKING:
    from iopdesk.ui.views.notes.formats_dialog import NoteFormatsDialog


class NotesMenu(QObject):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: NoteFormatsDialog | None = None
        self.formats_action = QAction(window.tr("Note &formats…"), window)
        self.formats_action.triggered.connect(self.edit_formats)
        menu = window.file_menu
        actions = menu.actions()
        # Above Quit (the last entry) and whatever separates it.
        before = actions[-1] if actions else None
        menu.insertAction(before, self.formats_action)
        if before is not None:
            menu.insertSeparator(before)

    def edit_formats(self) -> None:
        if self.dialog is not None:
            self.dialog.raise_()
            return
        # Loaded when first asked for: the menu is built at start-up, the dialog rarely opened.
        from iopdesk.ui.views.notes.formats_dialog import NoteFormatsDialog

        dialog = NoteFormatsDialog(self.window, self.window.actor)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._finished)
        self.dialog = dialog
        dialog.open()

    def _finished(self, _result: int) -> None:
        self.dialog = None


def install(window: Any) -> NotesMenu | None:
    if not permissions.can(window.actor, permissions.SETTINGS_EDIT):
        return None
    return NotesMenu(window)
