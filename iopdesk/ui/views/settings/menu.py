"""The Clinic menu of the main window: "Clinic settings…", for the roles that may change them.

Everyone sees the entry; for a role that may not change settings it is shown
unavailable with the domain's reason (the domain refuses them anyway). The
dialog is loaded the first time it is asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from iopdesk.domain.kernel import permissions
from iopdesk.ui.kit.permitted import offer
from iopdesk.ui.views.settings.sections import tr

if TYPE_CHECKING:
    from iopdesk.ui.views.settings.dialog import ClinicSettingsDialog


class ClinicMenu(QObject):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: ClinicSettingsDialog | None = None
        bar = window.menuBar()
        self.menu = QMenu(tr("Cl&inic"), window)
        last = bar.actions()[-1] if bar.actions() else None  # Help stays the last menu
        if last is not None:
            bar.insertMenu(last, self.menu)
        else:
            bar.addMenu(self.menu)
        self.settings_action = QAction(tr("Clinic &settings…"), window)
        self.settings_action.triggered.connect(lambda _checked=False: self.open_settings())
        self.menu.addAction(self.settings_action)
        self.menu.setToolTipsVisible(True)
        # Greyed out, saying why, for a role that may not (the domain refuses them anyway).
        offer(self.settings_action, window.actor, permissions.SETTINGS_EDIT)

    def open_settings(self) -> None:
        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return
        if not permissions.can(self.window.actor, permissions.SETTINGS_EDIT):
            return
        from iopdesk.ui.views.settings.dialog import ClinicSettingsDialog

        dialog = ClinicSettingsDialog(self.window, self.window.actor)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._saved)
        dialog.finished.connect(self._finished)
        self.dialog = dialog
        dialog.open()

    def _saved(self, keys: tuple[str, ...]) -> None:
        count = len(keys)
        text = (
            tr("Clinic settings saved (1 change).")
            if count == 1
            else tr("Clinic settings saved ({n} changes).").format(n=count)
        )
        self.window.statusBar().showMessage("✓ " + text, 8000)
        # The screen on view shows figures read from the settings (floors, alerts): read them again.
        view = self.window.views.get(self.window.current_key())
        if view is not None:
            view.activated()

    def _finished(self, _result: int) -> None:
        self.dialog = None


def install(window: Any) -> ClinicMenu:
    return ClinicMenu(window)
