"""What the Attendance screen does: taking a session's attendance, and a group's history.

The controller owns the view (``AttendanceView``, layout only) and one
controller per tab: ``TakeController`` marks the open session,
``HistoryController`` reads the grid; a history cell opens its session here.
"""

from __future__ import annotations

from uuid import UUID

from iopdesk.domain.kernel.actor import Actor
from iopdesk.ui.kit.screen import Screen
from iopdesk.ui.views.attendance.history_controller import HistoryController
from iopdesk.ui.views.attendance.take_controller import TakeController
from iopdesk.ui.views.attendance.view import AttendanceView


class AttendanceController(Screen):
    view: AttendanceView

    def __init__(self, view: AttendanceView, actor: Actor) -> None:
        super().__init__(view)
        self.actor = actor
        self.take = TakeController(view.take, actor, self)
        # The history grid is read when its tab is first shown, not with the screen (a first visit
        # takes attendance); after that, as before, when the screen comes back into sight.
        self.history = HistoryController(view.history, actor, self, load=False)
        view.tabs.currentChanged.connect(self._tab_changed)
        if view.tabs.currentWidget() is view.history:
            self.history.load_groups()
        view.history.session_requested.connect(self.open_session)
        view.history.hours_requested.connect(self.take.show_client_hours)
        self._fresh = True  # just built: nothing to refresh on the first showing

    def open_session(self, session_id: UUID) -> None:
        """Show one session for taking attendance (from Today, or a history cell)."""
        self.view.tabs.setCurrentWidget(self.view.take)
        self.take.open_session(session_id)
        self._fresh = True

    def current_session_id(self) -> UUID | None:
        """The session being taken (the main window's "Write note for this session" asks)."""
        return self.take.marking.session_id

    def _tab_changed(self, _index: int) -> None:
        if self.view.tabs.currentWidget() is self.view.history and not self.history.loaded:
            self.history.load_groups()

    def activated(self) -> None:
        v = self.view
        if not self._fresh:
            if v.tabs.currentWidget() is v.history:
                self.history.load_groups()
            else:
                self.take.refresh()
        self._fresh = False
        if v.tabs.currentWidget() is v.history:
            v.history.table.setFocus()
        elif v.take.table.isVisibleTo(v.take):
            v.take.table.setFocus()
        else:
            v.take.session_box.setFocus()
