"""Sync's place in the main window.

On a satellite laptop (its database keeps the clinic server it was copied from): File → Sync with
the clinic (F9; Ctrl+Shift+S is the notes' snippet and the chart's screening) and a Sync now button
in the status bar beside when this copy last synced. For administrators (SYNC_RUN), on any copy:
change files out and in, and the sync conflicts waiting for a person. Others see none of these
entries (the domain refuses them anyway).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QPushButton

from iopdesk.domain.kernel import permissions
from iopdesk.domain.kernel.clock import site_zone
from iopdesk.domain.kernel.errors import DomainError, StoreError
from iopdesk.domain.sync import place
from iopdesk.ui.kit.actions import EnterPresses
from iopdesk.ui.kit.prompts import Prompts
from iopdesk.ui.sync.texts import imported_result, last_synced_text, tr

# The sync itself (domain/sync/hub.py, service.py and the network run) loads when someone syncs:
# opening the window reads only where this copy stands (domain/sync/place.py).

log = logging.getLogger(__name__)

SYNC_KEYS = "F9"  # Send/Receive in mail programs
RESUME_AFTER_MS = 300  # Sync stays disabled this long after a sync: see sync_now
CHANGE_FILES = "IOPdesk change files (*.iopsync);;All files (*)"


class SyncMenu(QObject):
    synced = Signal(str)
    """A sync or a change file went through; carries the one-line summary."""
    failed = Signal(str)
    """Nothing was synced; carries the one-line reason."""

    def __init__(self, window: Any, prompts: Prompts | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.actor = window.actor
        self.prompts = prompts or Prompts()
        self.zone = site_zone(self.actor.site_id)
        may_sync = permissions.can(self.actor, permissions.SYNC_WITH_HUB)
        self.hub = place.hub_url(self.actor) if may_sync else None
        self.sync_action: QAction | None = None
        self.export_action: QAction | None = None
        self.import_action: QAction | None = None
        self.conflicts_action: QAction | None = None
        self.last_label: QLabel | None = None
        self.sync_button: QPushButton | None = None
        items: list[QAction] = []
        if self.hub is not None:
            self.sync_action = self._action(tr("S&ync with the clinic"), self.sync_now, SYNC_KEYS)
            items.append(self.sync_action)
        if permissions.can(self.actor, permissions.SYNC_RUN):
            self.export_action = self._action(tr("Export &changes to a file…"), self.export_file)
            self.import_action = self._action(tr("I&mport a change file…"), self.import_file)
            self.conflicts_action = self._action(tr("Sync co&nflicts…"), self.show_conflicts)
            items += [self.export_action, self.import_action, self.conflicts_action]
        self._into_file_menu(items)

    def _action(self, text: str, slot: Any, keys: str | None = None) -> QAction:
        action = QAction(text, self.window)
        if keys:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(action)  # its key works with the menu bar hidden
        return action

    def _into_file_menu(self, items: list[QAction]) -> None:
        if not items:
            return
        menu = self.window.file_menu
        actions = menu.actions()
        before = actions[-1] if actions else None  # above Quit
        for action in items:
            menu.insertAction(before, action)
        if before is not None:
            menu.insertSeparator(before)

    def add_status(self) -> None:
        """On a satellite: when it last synced and a button to sync now, kept in view (permanent: a
        status message does not hide them)."""
        if self.hub is None or self.sync_action is None:
            return
        bar = self.window.statusBar()
        self.last_label = QLabel()
        self.last_label.setObjectName("lastSynced")
        self.last_label.setToolTip(tr("The clinic's server: {url}").format(url=self.hub))
        self.sync_button = QPushButton(tr("Sync now"))
        self.sync_button.setObjectName("syncNow")
        self.sync_button.setToolTip(tr("Sync with the clinic ({keys})").format(keys=SYNC_KEYS))
        self.sync_button.setAutoDefault(False)
        EnterPresses(self.sync_button)  # in a main window Qt gives Enter on a button nothing to do
        self.sync_button.clicked.connect(lambda _checked=False: self.sync_now())
        bar.addPermanentWidget(self.last_label)
        bar.addPermanentWidget(self.sync_button)
        self.show_last_synced()

    def show_last_synced(self) -> None:
        if self.last_label is None:
            return
        try:
            text = last_synced_text(place.last_synced(self.actor), self.zone)
        except (DomainError, StoreError) as exc:
            log.info("last sync not read (%s)", type(exc).__name__)
            text = tr("Last synced: not known")
        self.last_label.setText(text)

    # --- the sync with the server ---------------------------------------------------------------
    def sync_now(self) -> None:
        if self.hub is None:
            return
        from iopdesk.ui.sync.hub_run import run_sync

        self._controls(False)
        try:
            outcome = run_sync(self.actor, self.window.statusBar(), self.window.unsaved.save_all)
        finally:
            # Clicks and keys pressed while it ran wait in the queue and arrive once it returns:
            # they find Sync still disabled (no second sync by an impatient second click).
            QTimer.singleShot(RESUME_AFTER_MS, self, lambda: self._controls(True))  # not once closed
        self.show_last_synced()
        if outcome.ok:
            self._done(outcome.message, outcome.short)
        else:
            self._failed(tr("Not synced"), outcome.message)

    def _controls(self, enabled: bool) -> None:
        for control in (self.sync_action, self.sync_button):
            if control is not None:
                control.setEnabled(enabled)

    # --- change files (administrators) ----------------------------------------------------------
    def export_file(self) -> None:
        path = self.prompts.save_file(
            self.window, tr("Export changes to a file"), "iopdesk-changes.iopsync", tr(CHANGE_FILES)
        )
        if not path:
            return
        from iopdesk.domain.sync import service

        try:
            summary = service.export_changes(self.actor, Path(path))
        except (DomainError, StoreError) as exc:
            self._failed(tr("Changes not exported"), str(exc))
            return
        self._done(
            tr("{summary} Saved to {path}").format(summary=summary.message, path=path),
            tr("Changes written to {name}.").format(name=Path(path).name),
        )

    def import_file(self) -> None:
        self.window.unsaved.save_all()  # drafts first: the import may change what they were read from
        path = self.prompts.open_file(self.window, tr("Import a change file"), tr(CHANGE_FILES))
        if not path:
            return
        from iopdesk.domain.sync import service

        try:
            summary = service.import_changes(self.actor, Path(path))
        except (DomainError, StoreError) as exc:
            self._failed(tr("Change file not imported"), str(exc))
            return
        self.show_last_synced()
        self._done(summary.message, imported_result(summary.counts))

    def show_conflicts(self) -> None:
        from iopdesk.ui.sync.conflicts_dialog import ConflictsDialog  # loaded when first asked for

        self.prompts.run(ConflictsDialog(self.window, self.actor, self.zone))

    # --- how it went ----------------------------------------------------------------------------
    def _done(self, message: str, short: str) -> None:
        self.window.statusBar().showMessage("✓ " + short, 15000)
        if self.last_label is not None:  # the whole summary, where the last sync is
            self.last_label.setToolTip(message + "\n" + tr("The clinic's server: {url}").format(url=self.hub))
        # What the sync brought may be on screen: the view in sight reads it again (the others do
        # when they are next shown).
        view = self.window.views.get(self.window.current_key())
        if view is not None:
            view.activated()
        self.synced.emit(message)

    def _failed(self, title: str, reason: str) -> None:
        self.window.statusBar().showMessage(tr("{title}: {reason}").format(title=title, reason=reason), 15000)
        self.prompts.inform(
            self.window,
            title,
            reason + "\n\n" + tr("Nothing you typed here was lost; keep working and try again later."),
        )
        self.failed.emit(reason)


def install(window: Any) -> SyncMenu:
    """Add the sync entries the signed-in person may use (none for most on a clinic's own database)."""
    return SyncMenu(window)
