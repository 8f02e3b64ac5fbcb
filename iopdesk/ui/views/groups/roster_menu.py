"""The roster's place in the main window: importing and exporting rosters from the File menu.

``install(window)`` is the one call the main window makes; it only adds
actions and connects signals, so the window stays a composition root.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from iopdesk.domain.kernel import permissions
from iopdesk.ui.kit.permitted import offer
from iopdesk.ui.kit.prompts import Prompts


class RosterMenu:
    def __init__(self, window: Any) -> None:
        self.window = window
        self.prompts = Prompts()
        menu = window.file_menu
        first = menu.actions()[0] if menu.actions() else None
        self.import_action = QAction(window.tr("&Import roster from CSV…"), window)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(lambda _checked=False: self.import_roster())
        self.export_action = QAction(window.tr("&Export roster (CSV)…"), window)
        self.export_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.export_action.triggered.connect(lambda _checked=False: self.export_roster())
        for action in (self.import_action, self.export_action):
            menu.insertAction(first, action)
            window.addAction(action)
        # Greyed out, saying why, for a role that may not (the domain refuses them anyway).
        offer(self.import_action, window.actor, permissions.ROSTER_IMPORT)
        offer(self.export_action, window.actor, permissions.REPORT_EXPORT)
        menu.setToolTipsVisible(True)
        if first is not None:
            menu.insertSeparator(first)

    def import_roster(self) -> None:
        from iopdesk.ui.views.groups.import_dialog import RosterImportDialog  # loaded when first used

        dialog = RosterImportDialog(self.window, self.window.actor, self.prompts)
        dialog.imported.connect(lambda _report: self._refresh_current())
        self.prompts.run(dialog)

    def export_roster(self) -> None:
        from iopdesk.ui.views.groups.export_dialog import RosterExportDialog

        dialog = RosterExportDialog(self.window, self.window.actor, self.prompts)
        if self.prompts.run(dialog) and dialog.saved_path:
            self.window.statusBar().showMessage(
                "✓ " + self.window.tr("Roster saved: {path}").format(path=dialog.saved_path), 8000
            )

    def _refresh_current(self) -> None:
        view = self.window.views.get(self.window.current_key())
        if view is not None:
            view.activated()


def install(window: QMainWindow) -> RosterMenu:
    """Add the roster's File-menu actions (import and export)."""
    return RosterMenu(window)
