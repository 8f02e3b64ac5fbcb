"""The Attendance view: taking attendance by keyboard, history grid, weekly hours, reports."""

from __future__ import annotations

from iopdesk.domain.kernel.actor import Actor
from iopdesk.ui.kit.screen import View


def make_attendance_view(actor: Actor) -> View:
    from iopdesk.ui.views.attendance.view import AttendanceView

    return AttendanceView(actor)
