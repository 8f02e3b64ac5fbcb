"""The Attendance screen's controller: what the main window asks of it."""

from __future__ import annotations

from uuid import UUID

from iopdesk.domain.kernel.actor import Actor
from iopdesk.ui.kit.screen import Screen
from iopdesk.ui.views.attendance.view import AttendanceView


class AttendanceController(Screen):
    view: AttendanceView

    def __init__(self, view: AttendanceView, actor: Actor) -> None:
        super().__init__(view)
        self.actor = actor

    def activated(self) -> None:
        self.view.activated()

    def open_session(self, session_id: UUID) -> None:
        self.view.open_session(session_id)

    def current_session_id(self) -> UUID | None:
        return self.view.current_session_id()
