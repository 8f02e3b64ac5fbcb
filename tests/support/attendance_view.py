"""The attendance screen as the GUI tests open it: built for the acting user at the main window's
size, shown, and open on a session."""

from __future__ import annotations

from uuid import UUID

from PySide6.QtWidgets import QApplication

from iopdesk.domain.kernel.actor import Actor
from iopdesk.ui.views import attendance as attendance_screen
from iopdesk.ui.views.attendance.controller import AttendanceController


def shown_screen(  # type: ignore[no-untyped-def]
    qtbot, actor: Actor, session_id: UUID | None = None, *, active: bool = False
) -> AttendanceController:
    """The screen shown at 1100 × 720 (its minimum fixed, as the main window's: offscreen Qt warns
    when it changes), made the active window with ``active`` (shortcuts need that), and open on
    ``session_id``."""
    screen = attendance_screen.build(actor)
    widget = screen.view
    qtbot.addWidget(widget)
    widget.setMinimumSize(900, 600)
    widget.resize(1100, 720)
    widget.show()
    qtbot.waitExposed(widget)
    if active:
        widget.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
    if session_id is not None:
        screen.open_session(session_id)
    return screen
