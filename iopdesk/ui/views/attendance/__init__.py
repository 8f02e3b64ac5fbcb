"""The Attendance screen: taking attendance by keyboard, the history grid, weekly hours, reports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from iopdesk.domain.kernel.actor import Actor

if TYPE_CHECKING:
    from iopdesk.ui.views.attendance.controller import AttendanceController


def build(actor: Actor) -> AttendanceController:
    """The view, then the controller that owns it."""
    from iopdesk.ui.views.attendance.controller import AttendanceController
    from iopdesk.ui.views.attendance.view import AttendanceView

    return AttendanceController(AttendanceView(actor), actor)
