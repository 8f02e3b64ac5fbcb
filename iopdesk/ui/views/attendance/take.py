"""Taking one session's attendance: choose the day and session, then mark with the keyboard.

Up/Down move between members; a status letter marks the member and moves on
to the next row; Late and Left early first ask for the time. The layout lives
here; every write goes through the Marking.
"""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from iopdesk.domain.attendance.marking import AttendanceRow, SessionAttendance
from iopdesk.domain.calendar.sessions import SessionInfo
from iopdesk.domain.kernel import clock, vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.ui.dialogs.client_hours import ClientHoursDialog
from iopdesk.ui.kit.day_picker import DayPicker
from iopdesk.ui.kit.or_empty import OrEmpty
from iopdesk.ui.kit.rows import Column, RowsModel
from iopdesk.ui.kit.tables import fit_columns
from iopdesk.ui.views.attendance.changes import ChangeHistoryDialog
from iopdesk.ui.views.attendance.dialogs import CommentDialog, TimesDialog
from iopdesk.ui.views.attendance.header import SessionHeader, session_label
from iopdesk.ui.views.attendance.marking import Marking
from iopdesk.ui.views.attendance.marks import legend, status_text
from iopdesk.ui.views.attendance.roster_table import (
    COL_COMMENT,
    COL_NAME,
    COL_STATUS,
    RosterTable,
    roster_model,
)
from iopdesk.ui.views.attendance.session_actions import SessionActions
from iopdesk.ui.views.attendance.walk_in import WalkInDialog

MARK_ALL_KEYS = "Ctrl+Shift+P"
WALK_IN_KEYS = "Ctrl+Shift+W"


class TakePanel(SessionActions, QWidget):
    session_shown = Signal(object)
    """Another session (or none) is on screen; carries its UUID or None."""

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.marking = Marking(actor, self)
        self.marking.ask_reason = self._ask_late_reason
        self.marking.roster_loaded.connect(self._roster_loaded)
        self.marking.row_changed.connect(self._row_changed)
        self.dialog: QDialog | None = None  # the open row dialog, if any (tests look at it)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        picker_row = QHBoxLayout()
        self.picker = DayPicker(lambda: clock.site_today(actor.site_id))
        self.picker.install_shortcuts(self)
        self.picker.day_changed.connect(lambda day: self._load_sessions(day, None))
        self.sessions: RowsModel[SessionInfo] = RowsModel(
            [Column(self.tr("Session"), session_label)], lambda s: s.id, self
        )
        self.session_box = QComboBox()
        self.session_box.setModel(self.sessions)
        self.session_box.setMinimumWidth(380)
        self.session_box.setAccessibleName(self.tr("Session"))
        self.session_box.currentIndexChanged.connect(self._session_picked)
        session_label_ = QLabel(self.tr("&Session:"))
        session_label_.setBuddy(self.session_box)
        picker_row.addWidget(self.picker)
        picker_row.addSpacing(12)
        picker_row.addWidget(session_label_)
        picker_row.addWidget(self.session_box, 1)
        layout.addLayout(picker_row)

        self.header = SessionHeader(actor.site_id)
        layout.addWidget(self.header)
        self.message = QLabel()  # the last refusal
        self.message.setObjectName("alertBadge")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        layout.addWidget(self.message)

        buttons = QHBoxLayout()
        self.mark_all_button = QPushButton(
            self.tr("Mark everyone present  ({keys})").format(keys=MARK_ALL_KEYS)
        )
        self.mark_all_button.setObjectName("primary")
        self.mark_all_button.setToolTip(
            self.tr("Marks everyone not yet recorded as present; then fix the exceptions.")
        )
        self.mark_all_button.clicked.connect(self.mark_all_present)
        self.walk_in_button = QPushButton(self.tr("Add walk-in…  ({keys})").format(keys=WALK_IN_KEYS))
        self.walk_in_button.clicked.connect(self.add_walk_in)
        self.cancel_button = QPushButton(self.tr("Cancel session…"))
        self.cancel_button.clicked.connect(self.cancel_session)
        self.reinstate_button = QPushButton(self.tr("Reinstate session"))
        self.reinstate_button.clicked.connect(self.reinstate_session)
        self.move_button = QPushButton(self.tr("Move…"))
        self.move_button.setToolTip(self.tr("Move this session to another date or time"))
        self.move_button.clicked.connect(self.move_session)
        self.family_button = QPushButton(self.tr("Family present…"))
        self.family_button.setToolTip(self.tr("Who came to this family session"))
        self.family_button.clicked.connect(self.edit_family_members)
        self.add_button = self.build_schedule_button()
        buttons.addWidget(self.mark_all_button)
        buttons.addWidget(self.walk_in_button)
        buttons.addStretch(1)
        for button in (
            self.family_button,
            self.move_button,
            self.cancel_button,
            self.reinstate_button,
            self.add_button,
        ):
            buttons.addWidget(button)
        layout.addLayout(buttons)

        self.model = roster_model(self)
        self.table = RosterTable()
        self.table.setModel(self.model)
        self.table.status_typed.connect(self._status_typed)
        self.table.action_typed.connect(self._action_typed)
        self.table.doubleClicked.connect(lambda _index: self._action_typed("times"))
        # The status column is as wide as the longest status, so marking never elides a word or jumps.
        metrics = self.table.fontMetrics()
        widest = max(metrics.horizontalAdvance(status_text(s)) for s in vocab.ATTENDANCE_STATUSES)
        fit_columns(self.table, stretch=COL_COMMENT, fixed={COL_STATUS: widest + 24})
        self.table_area = OrEmpty(self.table)
        self.empty = self.table_area.empty
        layout.addWidget(self.table_area, 1)
        keys = QLabel(
            self.tr(
                "Keys: {statuses} · Del clear · Enter/T times · M comment · H history · W weekly hours"
            ).format(statuses=legend())
        )
        keys.setObjectName("viewSubtitle")
        keys.setWordWrap(True)
        layout.addWidget(keys)

        for sequence, slot in ((MARK_ALL_KEYS, self.mark_all_present), (WALK_IN_KEYS, self.add_walk_in)):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)  # only while the host is shown
            shortcut.activated.connect(slot)
        self._load_sessions(self.picker.day(), None)

    # --- choosing the session ---------------------------------------------------
    def open_session(self, session_id: UUID) -> None:
        info, problem = self.marking.session_info(session_id)
        if info is None:
            self.show_message(problem or "")
            return
        self.picker.blockSignals(True)
        self.picker.set_day(info.date)
        self.picker.blockSignals(False)
        self._load_sessions(info.date, session_id)
        self.table.setFocus()

    def refresh(self) -> None:
        """The view came back into sight: reload the day's list and the open session."""
        self._load_sessions(self.picker.day(), self.marking.session_id)

    def _load_sessions(self, day: dt.date, prefer: UUID | None) -> None:
        found, problem = self.marking.sessions_on(day)
        self.session_box.blockSignals(True)
        self.sessions.set_rows(found)
        index = self.sessions.row_of_id(prefer) if prefer is not None else -1
        if index < 0 and found:
            index = 0
        self.session_box.setCurrentIndex(index)
        self.session_box.blockSignals(False)
        self.show_message(problem or "")
        self._session_picked(index)

    def _session_picked(self, index: int) -> None:
        session = self.sessions.row_at(self.sessions.index(index, 0)) if index >= 0 else None
        problem = self.marking.open(session.id if session is not None else None)
        self.show_message(problem or "")
        self.session_shown.emit(self.marking.session_id)

    # --- showing ----------------------------------------------------------------
    def _roster_loaded(self, loaded: SessionAttendance | None) -> None:
        keep = self.current_row()
        column = max(self.table.currentIndex().column(), COL_NAME)
        self.model.set_rows(loaded.rows if loaded is not None else ())
        if self.model.rowCount():
            row = self.model.row_of_id(keep.client_id) if keep is not None else -1
            self.table.setCurrentIndex(self.model.index(max(row, 0), column))
        self._update_header()

    def _row_changed(self, row: AttendanceRow) -> None:
        self.model.replace_row(row)
        self._update_header()

    def _update_header(self) -> None:
        current = self.marking.current
        session = current.session if current is not None else None
        has_rows = bool(current and current.rows)
        for button in (self.mark_all_button, self.walk_in_button, self.move_button):
            button.setEnabled(session is not None and not session.cancelled)
        self.cancel_button.setVisible(session is None or not session.cancelled)
        self.cancel_button.setEnabled(session is not None)
        self.reinstate_button.setVisible(session is not None and session.cancelled)
        self.update_session_buttons()
        if current is None or session is None:
            day = self.picker.day()
            self.header.show_none()
            self.table_area.show_content(
                False,
                self.tr("There are no sessions at your site on {day}.").format(day=f"{day:%A, %B %d, %Y}")
                if not self.sessions.rowCount()
                else self.tr("Choose a session."),
            )
            return
        self.header.show_session(current, self.marking.late_reason)
        self.table_area.show_content(
            has_rows,
            self.tr("No one is on this group's roster for this date. Add a walk-in with {keys}.").format(
                keys=WALK_IN_KEYS
            ),
        )

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def current_row(self) -> AttendanceRow | None:
        return self.model.row_at(self.table.currentIndex())

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
        self.show_message(problem or "")
        if problem is None:
            self.table.next_row()
        self._update_header()

    def _ask_times(self, row: AttendanceRow, status: str) -> None:
        session = self.marking.session
        if session is None:
            return
        client_id = row.client_id

        def submit(arrived: dt.time | None, departed: dt.time | None, minutes: int | None) -> str | None:
            fresh = self._fresh(client_id)
            if fresh is None:
                return self.tr("That member is no longer listed for this session.")
            return self.marking.mark(fresh, status, minutes=minutes, arrived=arrived, departed=departed)

        dialog = TimesDialog(self, session, row, status, submit)
        dialog.accepted.connect(self._after_times)
        self._open(dialog)

    def _after_times(self) -> None:
        self.show_message("")
        self._update_header()
        self.table.next_row()

    def _action_typed(self, action: str) -> None:
        row = self.current_row()
        if row is None:
            return
        if action == "clear":
            problem = self.marking.mark(row, "not_recorded")
            self.show_message(problem or "")
        elif action == "times":
            if row.status in ("present", "late", "left_early"):
                self._ask_times(row, row.status)
            elif row.status == "not_recorded":
                self._ask_times(row, "present")
            else:
                self.show_message(
                    self.tr("Times are for members who attended: mark them present, late or left early.")
                )
        elif action == "comment":
            client_id = row.client_id

            def submit(text: str) -> str | None:
                fresh = self._fresh(client_id)
                return self.marking.set_comment(fresh, text) if fresh else None

            self._open(CommentDialog(self, row, submit))
        elif action == "history":
            changes, problem = self.marking.changes(row.client_id)
            if problem:
                self.show_message(problem)
                return
            self._open(
                ChangeHistoryDialog(self, row.display_name, changes, clock.site_zone(self.actor.site_id))
            )
        elif action == "hours":
            self.show_client_hours(row.client_id, row.display_name)

    def show_client_hours(self, client_id: UUID, name: str) -> None:
        self._open(ClientHoursDialog(self, self.actor, client_id, name))

    def mark_all_present(self) -> None:
        problem = self.marking.mark_all_present()
        self.show_message(problem or "")
        self.table.setFocus()

    def add_walk_in(self) -> None:
        if self.marking.session is None:
            self.show_message(self.tr("Choose a session first."))
            return

        def submit(client_id: UUID, reason: str) -> str | None:
            problem = self.marking.add_walk_in(client_id, reason)
            if problem is None:
                self.table.move_to_row(self.model.row_of_id(client_id))
            return problem

        self._open(WalkInDialog(self, self.actor, submit))

    def _refresh_list(self) -> None:
        """Session headers in the list changed (cancelled, reinstated): redraw them, same choice."""
        keep = self.marking.session_id
        self.session_box.blockSignals(True)
        found, _problem = self.marking.sessions_on(self.picker.day())
        self.sessions.set_rows(found)
        self.session_box.setCurrentIndex(self.sessions.row_of_id(keep) if keep is not None else -1)
        self.session_box.blockSignals(False)
        self._update_header()

    def _ask_late_reason(self, message: str) -> str | None:
        reason, ok = QInputDialog.getText(
            self, self.tr("Late entry"), message + "\n\n" + self.tr("Reason:"), QLineEdit.EchoMode.Normal
        )
        return reason if ok else None

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # A bound method, not a lambda holding the dialog: a lambda that keeps a
        # delete-on-close dialog alive from its own signal has crashed PySide.
        dialog.finished.connect(self._dialog_finished)
        dialog.open()

    def _dialog_finished(self, _result: int) -> None:
        if self.dialog is self.sender():
            self.dialog = None
        self.table.setFocus()
