"""The Attendance view: take a session's attendance, or look at a group's history."""

from __future__ import annotations

from uuid import UUID

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout

from iopdesk.domain.kernel.actor import Actor
from iopdesk.ui.kit.screen import View
from iopdesk.ui.views.attendance.history import HistoryPanel
from iopdesk.ui.views.attendance.take import TakePanel


class AttendanceView(View):
    icon_name = "attendance"

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.title = self.tr("Attendance")
        self.actor = actor
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        heading = QLabel(self.title)
        heading.setObjectName("viewTitle")
        layout.addWidget(heading)
        self.tabs = QTabWidget()
        self.take = TakePanel(actor)
        self.history = HistoryPanel(actor)
        self.tabs.addTab(self.take, self.tr("&Take attendance"))
        self.tabs.addTab(self.history, self.tr("&History"))
        layout.addWidget(self.tabs, 1)
        self.history.session_requested.connect(self.open_session)
        self.history.hours_requested.connect(self.take.show_client_hours)
        self._fresh = True  # just built: nothing to refresh on the first showing

    def open_session(self, session_id: UUID) -> None:
        """Show one session for taking attendance (from Today, or a history cell)."""
        self.tabs.setCurrentWidget(self.take)
        self.take.open_session(session_id)
        self._fresh = True

    def current_session_id(self) -> UUID | None:
        """The session being taken (the main window's "Write note for this session" asks)."""
        return self.take.marking.session_id

    def activated(self) -> None:
        if not self._fresh:
            if self.tabs.currentWidget() is self.history:
                self.history.load_groups()
            else:
                self.take.refresh()
        self._fresh = False
        if self.tabs.currentWidget() is self.history:
            self.history.table.setFocus()
        elif self.take.table.isVisibleTo(self.take):
            self.take.table.setFocus()
        else:
            self.take.session_box.setFocus()
