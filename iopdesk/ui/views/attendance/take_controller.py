"""Taking one session's attendance: choose the day and session, then mark with the keyboard.

The controller owns the TakePanel (layout only). A status letter marks the
member and moves on to the next row; Late and Left early first ask for the
time. Every write goes through ``Marking`` (the open session's attendance);
the Schedule menu's calendar actions are a ``SessionActions`` it owns.
"""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QInputDialog, QLineEdit

from iopdesk.domain.attendance.marking import AttendanceRow, SessionAttendance
from iopdesk.domain.kernel import clock, settings
from iopdesk.domain.kernel.actor import Actor
from iopdesk.ui.dialogs.client_hours import ClientHoursDialog
from iopdesk.ui.kit.dialog_slot import DialogSlot
from iopdesk.ui.views.attendance.changes import ChangeHistoryDialog
from iopdesk.ui.views.attendance.dialogs import CommentDialog, TimesDialog
from iopdesk.ui.views.attendance.header import notice_text
from iopdesk.ui.views.attendance.marking import Marking
from iopdesk.ui.views.attendance.roster_table import COL_NAME
from iopdesk.ui.views.attendance.session_actions import SessionActions
from iopdesk.ui.views.attendance.take import WALK_IN_KEYS, TakePanel
from iopdesk.ui.views.attendance.walk_in import WalkInDialog


class TakeController(QObject):
    session_shown = Signal(object)
    """Another session (or none) is on screen; carries its UUID or None."""

    def __init__(self, view: TakePanel, actor: Actor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.actor = actor
        self.marking = Marking(actor, self)
        self.marking.ask_reason = self._ask_late_reason
        self.marking.roster_loaded.connect(self._roster_loaded)
        self.marking.row_changed.connect(self._row_changed)
        self.dialogs = DialogSlot(view.table.setFocus, self)  # the open row dialog, if any
        self.calendar = SessionActions(
            view,
            actor,
            self.marking,
            self.dialogs,
            open_session=self.open_session,
            refresh=self.refresh,
            refresh_list=self._refresh_list,
            parent=self,
        )

        view.picker.day_changed.connect(lambda day: self._load_sessions(day, None))
        view.session_box.currentIndexChanged.connect(self._session_picked)
        view.mark_all_button.clicked.connect(self.mark_all_present)
        view.walk_in_button.clicked.connect(self.add_walk_in)
        view.cancel_button.clicked.connect(self.calendar.cancel_session)
        view.reinstate_button.clicked.connect(self.calendar.reinstate_session)
        view.move_button.clicked.connect(self.calendar.move_session)
        view.family_button.clicked.connect(self.calendar.edit_family_members)
        view.add_group_action.triggered.connect(self.calendar.add_session)
        view.client_session_action.triggered.connect(self.calendar.schedule_client_session)
        view.holidays_action.triggered.connect(self.calendar.show_holidays)
        view.table.status_typed.connect(self._status_typed)
        view.table.action_typed.connect(self._action_typed)
        view.table.doubleClicked.connect(lambda _index: self._action_typed("times"))
        view.mark_all_shortcut.activated.connect(self.mark_all_present)
        view.walk_in_shortcut.activated.connect(self.add_walk_in)
        self._load_sessions(view.picker.day(), None)

    @property
    def dialog(self) -> QDialog | None:
        """The row dialog open now, if any (tests drive it)."""
        return self.dialogs.dialog

    # --- choosing the session ---------------------------------------------------
    def open_session(self, session_id: UUID) -> None:
        info, problem = self.marking.session_info(session_id)
        if info is None:
            self.view.show_message(problem or "")
            return
        picker = self.view.picker
        picker.blockSignals(True)
        picker.set_day(info.date)
        picker.blockSignals(False)
        self._load_sessions(info.date, session_id)
        self.view.table.setFocus()

    def refresh(self) -> None:
        """The view came back into sight: reload the day's list and the open session."""
        self._load_sessions(self.view.picker.day(), self.marking.session_id)

    def _load_sessions(self, day: dt.date, prefer: UUID | None) -> None:
        v = self.view
        found, problem = self.marking.sessions_on(day)
        v.session_box.blockSignals(True)
        v.sessions.set_rows(found)
        index = v.sessions.row_of_id(prefer) if prefer is not None else -1
        if index < 0 and found:
            index = 0
        v.session_box.setCurrentIndex(index)
        v.session_box.blockSignals(False)
        v.show_message(problem or "")
        self._session_picked(index)

    def _session_picked(self, index: int) -> None:
        sessions = self.view.sessions
        session = sessions.row_at(sessions.index(index, 0)) if index >= 0 else None
        problem = self.marking.open(session.id if session is not None else None)
        self.view.show_message(problem or "")
        self.session_shown.emit(self.marking.session_id)

    def _refresh_list(self) -> None:
        """Session headers in the list changed (cancelled, reinstated): redraw them, same choice."""
        v = self.view
        keep = self.marking.session_id
        v.session_box.blockSignals(True)
        found, _problem = self.marking.sessions_on(v.picker.day())
        v.sessions.set_rows(found)
        v.session_box.setCurrentIndex(v.sessions.row_of_id(keep) if keep is not None else -1)
        v.session_box.blockSignals(False)
        self._update_header()

    # --- showing ----------------------------------------------------------------
    def _roster_loaded(self, loaded: SessionAttendance | None) -> None:
        v = self.view
        keep = v.current_row()
        column = max(v.table.currentIndex().column(), COL_NAME)
        v.model.set_rows(loaded.rows if loaded is not None else ())
        if v.model.rowCount():
            row = v.model.row_of_id(keep.client_id) if keep is not None else -1
            v.table.setCurrentIndex(v.model.index(max(row, 0), column))
        self._update_header()

    def _row_changed(self, row: AttendanceRow) -> None:
        self.view.model.replace_row(row)
        self._update_header()

    def _update_header(self) -> None:
        v, tr = self.view, self.view.tr
        current = self.marking.current
        session = current.session if current is not None else None
        has_rows = bool(current and current.rows)
        for button in (v.mark_all_button, v.walk_in_button, v.move_button):
            button.setEnabled(session is not None and not session.cancelled)
        v.cancel_button.setVisible(session is None or not session.cancelled)
        v.cancel_button.setEnabled(session is not None)
        v.reinstate_button.setVisible(session is not None and session.cancelled)
        self.calendar.update_session_buttons()
        if current is None or session is None:
            day = v.picker.day()
            v.header.show_none()
            v.table_area.show_content(
                False,
                tr("There are no sessions at your site on {day}.").format(day=f"{day:%A, %B %d, %Y}")
                if not v.sessions.rowCount()
                else tr("Choose a session."),
            )
            return
        today = clock.site_today(self.actor.site_id)
        late_days = lambda: settings.get("late_entry_days")  # noqa: E731 - read only for a past session
        v.header.show_session(current, notice_text(session, today, self.marking.late_reason, late_days))
        v.table_area.show_content(
            has_rows,
            tr("No one is on this group's roster for this date. Add a walk-in with {keys}.").format(
                keys=WALK_IN_KEYS
            ),
        )

    def current_row(self) -> AttendanceRow | None:
        return self.view.current_row()

    def _fresh(self, client_id: UUID) -> AttendanceRow | None:
        current = self.marking.current
        return next((r for r in current.rows if r.client_id == client_id), None) if current else None

    # --- marking ----------------------------------------------------------------
    def _status_typed(self, status: str) -> None:
        row = self.current_row()
        if row is None:
            return
        if status in ("late", "left_early"):
            self._ask_times(row, status)
            return
        problem = self.marking.mark(row, status)
        self.view.show_message(problem or "")
        if problem is None:
            self.view.table.next_row()
        self._update_header()

    def _ask_times(self, row: AttendanceRow, status: str) -> None:
        session = self.marking.session
        if session is None:
            return
        client_id = row.client_id

        def submit(arrived: dt.time | None, departed: dt.time | None, minutes: int | None) -> str | None:
            fresh = self._fresh(client_id)
            if fresh is None:
                return self.view.tr("That member is no longer listed for this session.")
            return self.marking.mark(fresh, status, minutes=minutes, arrived=arrived, departed=departed)

        dialog = TimesDialog(self.view, session, row, status, submit)
        dialog.accepted.connect(self._after_times)
        self.dialogs.open(dialog)

    def _after_times(self) -> None:
        self.view.show_message("")
        self._update_header()
        self.view.table.next_row()

    def _action_typed(self, action: str) -> None:
        row = self.current_row()
        if row is None:
            return
        if action == "clear":
            problem = self.marking.mark(row, "not_recorded")
            self.view.show_message(problem or "")
        elif action == "times":
            if row.status in ("present", "late", "left_early"):
                self._ask_times(row, row.status)
            elif row.status == "not_recorded":
                self._ask_times(row, "present")
            else:
                self.view.show_message(
                    self.view.tr("Times are for members who attended: mark them present, late or left early.")
                )
        elif action == "comment":
            client_id = row.client_id

            def submit(text: str) -> str | None:
                fresh = self._fresh(client_id)
                return self.marking.set_comment(fresh, text) if fresh else None

            self.dialogs.open(CommentDialog(self.view, row, submit))
        elif action == "history":
            changes, problem = self.marking.changes(row.client_id)
            if problem:
                self.view.show_message(problem)
                return
            zone = clock.site_zone(self.actor.site_id)
            self.dialogs.open(ChangeHistoryDialog(self.view, row.display_name, changes, zone))
        elif action == "hours":
            self.show_client_hours(row.client_id, row.display_name)

    def show_client_hours(self, client_id: UUID, name: str) -> None:
        self.dialogs.open(ClientHoursDialog(self.view, self.actor, client_id, name))

    def mark_all_present(self) -> None:
        problem = self.marking.mark_all_present()
        self.view.show_message(problem or "")
        self.view.table.setFocus()

    def add_walk_in(self) -> None:
        if self.marking.session is None:
            self.view.show_message(self.view.tr("Choose a session first."))
            return

        def submit(client_id: UUID, reason: str) -> str | None:
            problem = self.marking.add_walk_in(client_id, reason)
            if problem is None:
                self.view.table.move_to_row(self.view.model.row_of_id(client_id))
            return problem

        self.dialogs.open(WalkInDialog(self.view, self.actor, submit))

    def _ask_late_reason(self, message: str) -> str | None:
        reason, ok = QInputDialog.getText(
            self.view,
            self.view.tr("Late entry"),
            message + "\n\n" + self.view.tr("Reason:"),
            QLineEdit.EchoMode.Normal,
        )
        return reason if ok else None
