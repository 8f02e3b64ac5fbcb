"""The Attendance screen: taking attendance by keyboard, the history grid, weekly hours, reports.

- view, take, history     The layout: the screen, the take-attendance tab, the history tab.
- controller              AttendanceController: owns the view and one controller per tab.
- take_controller         Choosing the session and marking it by keyboard; the row dialogs.
- session_actions         The Schedule menu's calendar actions (a helper of the take controller).
- history_controller      Reads the history grid for the chosen group and period.
- marking                 The open session's attendance: every read and write one domain call.
- header, roster_table, marks, time_input
                          The session's head, the members' table and its keys, statuses, typed times.
- dialogs, changes, walk_in, session_dialogs, client_session_dialog, family_members, holidays_dialog
                          The dialogs the actions open.
- reports_menu, reports   The main window's Reports menu and its exports (run off the GUI thread).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iopdesk.domain.kernel.actor import Actor

if TYPE_CHECKING:
    from iopdesk.ui.views.attendance.controller import AttendanceController
    from iopdesk.ui.views.attendance.view import AttendanceView


def build(actor: Actor) -> AttendanceController:
    """The view, then the controller that owns it (loaded here: the Reports menu loads this package)."""
    return assemble(actor, layout(actor))


def layout(actor: Actor) -> AttendanceView:
    """The view alone: widgets, no data but the site's day (made ahead while the window waits:
    ui/build_ahead.py)."""
    from iopdesk.domain.kernel import clock
    from iopdesk.ui.views.attendance.view import AttendanceView

    return AttendanceView(lambda: clock.site_today(actor.site_id))


def assemble(actor: Actor, view: AttendanceView) -> AttendanceController:
    """The controller over a view ``layout`` made; it reads the day's sessions."""
    from iopdesk.ui.views.attendance.controller import AttendanceController

    return AttendanceController(view, actor)
