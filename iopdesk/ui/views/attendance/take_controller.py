"""Taking one session's attendance: choose the day and session, then mark with the keyboard.

The controller owns the TakePanel (layout only). A status letter marks the
member and moves on to the next row, and nothing pops up during the roll call:
Late and Left early are saved at once without their time, which Enter on the
row asks for afterwards (the cursor goes to the first of them once the last
member is marked). A mark that could not be saved says why and stays on its
row: the same key tries again. Every write goes through ``Marking`` (the open session's attendance);
the Schedule menu's calendar actions are a ``SessionActions`` it owns. Buttons
and keys the person's role may not use are shown unavailable with the reason.
"""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QInputDialog, QLineEdit

from iopdesk.domain.attendance.marking import AttendanceRow, SessionAttendance
from iopdesk.domain.kernel import clock, permissions, settings
from iopdesk.domain.kernel.actor import Actor
from iopdesk.render.text import long_date_text
from iopdesk.ui.dialogs.client_hours import ClientHoursDialog
from iopdesk.ui.kit.dialog_slot import DialogSlot
from iopdesk.ui.kit.permitted import offer, refusal
from iopdesk.ui.views.attendance.changes import ChangeHistoryDialog
from iopdesk.ui.views.attendance.dialogs import CommentDialog, TimesDialog
from iopdesk.ui.views.attendance.header import notice_text
from iopdesk.ui.views.attendance.marking import Marking
from iopdesk.ui.views.attendance.reason_prompt import DocumentedReasonPrompt
from iopdesk.ui.views.attendance.roster_table import COL_NAME
from iopdesk.ui.views.attendance.session_actions import SessionActions
from iopdesk.ui.views.attendance.take import WALK_IN_KEYS, TakePanel, keys_text
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
        self.marking.ask_documented_reason = DocumentedReasonPrompt(view)
        self.marking.roster_loaded.connect(self._roster_loaded)
        self.marking.row_changed.connect(self._row_changed)
        self._header_after = False  # a typed status draws the header once, after its mark
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

        view.waiting_for = self.marking.waiting_status
        self._offer_by_role()

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

    def _offer_by_role(self) -> None:
        """What the role may not do is shown unavailable, with the domain's reason."""
        v, actor = self.view, self.actor
        self.may_mark = offer(v.mark_all_button, actor, permissions.ATTENDANCE_MARK)
        offer(v.walk_in_button, actor, permissions.ATTENDANCE_MARK)
        self.may_schedule = True
        for widget in (v.cancel_button, v.reinstate_button, v.move_button):
            self.may_schedule = offer(widget, actor, permissions.SESSION_SCHEDULE)
        offer(v.add_group_action, actor, permissions.SESSION_SCHEDULE)
        offer(v.client_session_action, actor, permissions.SESSION_CLINICAL)
        offer(v.family_button, actor, permissions.SESSION_CLINICAL)
        schedules = (permissions.SESSION_SCHEDULE, permissions.SESSION_CLINICAL)
        if not any(permissions.can(actor, action) for action in schedules):
            offer(v.add_button, actor, permissions.SESSION_SCHEDULE)  # nothing in it to do (an auditor)
        v.add_button.menu().setToolTipsVisible(True)  # a greyed-out entry says why on hover
        if not self.may_mark:
            v.keys.setText(
                (refusal(actor, permissions.ATTENDANCE_MARK) or "")
                + "\n"
                + v.tr("H change history · W weekly hours")
            )
        else:
            v.keys.setText(keys_text())

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
        if not self._header_after:
            self._update_header()

    def _update_header(self) -> None:
        v, tr = self.view, self.view.tr
        current = self.marking.current
        session = current.session if current is not None else None
        has_rows = bool(current and current.rows)
        open_session = session is not None and not session.cancelled
        for button in (v.mark_all_button, v.walk_in_button):
            button.setEnabled(self.may_mark and open_session)
        v.move_button.setEnabled(self.may_schedule and open_session)
        v.cancel_button.setVisible(session is None or not session.cancelled)
        v.cancel_button.setEnabled(self.may_schedule and session is not None)
        v.reinstate_button.setVisible(session is not None and session.cancelled)
        self.calendar.update_session_buttons()
        if current is None or session is None:
            day = v.picker.day()
            v.header.show_none()
            v.table_area.show_content(
                False,
                tr("There are no sessions at your site on {day}.").format(day=long_date_text(day))
                if not v.sessions.rowCount()
                else tr("Choose a session."),
            )
            return
        today = clock.site_today(self.actor.site_id)
        late_days = lambda: settings.get("late_entry_days")  # noqa: E731 - read only for a past session
        v.header.show_session(current, notice_text(session, today, self.marking.late_reason, late_days))
        waiting = len(self.marking.waiting_here())
        if waiting:
            v.header.counts.setText(
                v.header.counts.text()
                + " · "
                + (
                    tr("1 late or left-early mark is saved without its time (Enter on its row)")
                    if waiting == 1
                    else tr(
                        "{n} late or left-early marks are saved without their times (Enter on each row)"
                    ).format(n=waiting)
                )
            )
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
        if not self.may_mark:
            self.view.show_message(refusal(self.actor, permissions.ATTENDANCE_MARK) or "")
            return
        # The header is drawn once, below, whatever the mark did (it reads the site's clock).
        self._header_after = True
        try:
            if status in ("late", "left_early"):
                # Saved now without its time, asked for afterwards (Enter on the row): a pop-up now
                # would catch the next keys typed. Marked so already: its time (if any) stays.
                problem = self.marking.mark_time_later(row, status) if row.status != status else None
            else:
                problem = self.marking.mark(row, status)
        finally:
            self._header_after = False
        self.view.show_message(problem or "")
        if problem is None:
            self._move_on()
        self._update_header()

    def _move_on(self) -> None:
        """The next member; after the last one, the first mark still waiting for its time."""
        table = self.view.table
        last = table.currentIndex().row() >= self.view.model.rowCount() - 1
        waiting = self._first_waiting_row()
        if last and waiting >= 0:
            table.move_to_row(waiting)
        else:
            table.next_row()

    def _first_waiting_row(self, after: int = -1) -> int:
        rows = self.view.model.rows
        waiting = self.marking.waiting_here()
        found = [i for i, r in enumerate(rows) if r.client_id in waiting]
        later = [i for i in found if i > after]
        return (later or found or [-1])[0]

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
        """Written: on to the next mark still waiting for its time, else the next member."""
        self.view.show_message("")
        self._update_header()
        waiting = self._first_waiting_row(self.view.table.currentIndex().row())
        if waiting >= 0:
            self.view.table.move_to_row(waiting)
        else:
            self.view.table.next_row()

    def _action_typed(self, action: str) -> None:
        row = self.current_row()
        if row is None:
            return
        waiting = self.marking.waiting_status(row.client_id)
        if action in ("clear", "times") and not self.may_mark:
            self.view.show_message(refusal(self.actor, permissions.ATTENDANCE_MARK) or "")
            return
        if action == "clear":
            problem = None if row.status == "not_recorded" else self.marking.mark(row, "not_recorded")
            self.view.model.replace_row(self._fresh(row.client_id) or row)
            self.view.show_message(problem or "")
            self._update_header()
        elif action == "times":
            if waiting is not None:
                self._ask_times(row, waiting)
            elif row.status in ("present", "late", "left_early"):
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
        if not self.may_mark:
            self.view.show_message(refusal(self.actor, permissions.ATTENDANCE_MARK) or "")
            return
        problem = self.marking.mark_all_present()
        self.view.show_message(problem or "")
        self.view.table.setFocus()

    def add_walk_in(self) -> None:
        if not self.may_mark:
            self.view.show_message(refusal(self.actor, permissions.ATTENDANCE_MARK) or "")
            return
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
