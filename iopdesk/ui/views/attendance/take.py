"""Taking one session's attendance: the layout (choose the day and session, then the members).

Layout only: no domain calls, and it does not know its controller. Up/Down
move between members; a status letter or an action key on a row is reported
by the RosterTable; ``TakeController`` marks, opens the row dialogs and runs
the Schedule menu.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from uuid import UUID

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from iopdesk.domain.attendance.marking import AttendanceRow
from iopdesk.domain.calendar.sessions import SessionInfo
from iopdesk.domain.kernel import vocab
from iopdesk.ui.kit.day_picker import DayPicker
from iopdesk.ui.kit.feedback import FeedbackLine
from iopdesk.ui.kit.flow import FlowLayout
from iopdesk.ui.kit.or_empty import OrEmpty
from iopdesk.ui.kit.rows import Column, RowsModel
from iopdesk.ui.kit.tables import fit_columns
from iopdesk.ui.views.attendance.header import SessionHeader, session_label
from iopdesk.ui.views.attendance.marks import legend, status_text, tr
from iopdesk.ui.views.attendance.roster_table import COL_COMMENT, COL_STATUS, RosterTable, roster_model

MARK_ALL_KEYS = "Ctrl+Shift+P"
WALK_IN_KEYS = "Ctrl+Shift+W"


def keys_text() -> str:
    """The key legend: each key, and what it asks for (only Enter/T, M, H and W open a dialog)."""
    return (
        tr("Keys: {statuses} · Del clear").format(statuses=legend())
        + "\n"
        + tr(
            "L and E mark at once and ask nothing during the roll call (saved without the time: "
            "“time?” until it is typed); type their times afterwards: Enter (or T) on the row asks "
            "for the arrival or departure time · M comment · H history · W weekly hours"
        )
    )


class TakePanel(QWidget):
    def __init__(self, today: Callable[[], dt.date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        picker_row = QHBoxLayout()
        self.picker = DayPicker(today)
        self.picker.install_shortcuts(self)
        self.sessions: RowsModel[SessionInfo] = RowsModel(
            [Column(self.tr("Session"), session_label)], lambda s: s.id, self
        )
        self.session_box = QComboBox()
        self.session_box.setModel(self.sessions)
        self.session_box.setMinimumWidth(380)
        self.session_box.setAccessibleName(self.tr("Session"))
        session_label_ = QLabel(self.tr("&Session:"))
        session_label_.setBuddy(self.session_box)
        picker_row.addWidget(self.picker)
        picker_row.addSpacing(12)
        picker_row.addWidget(session_label_)
        picker_row.addWidget(self.session_box, 1)
        layout.addLayout(picker_row)

        self.header = SessionHeader()
        layout.addWidget(self.header)
        self.message = FeedbackLine()  # the last refusal, or what just happened
        layout.addWidget(self.message)

        # At 150 % text in a 1280 px window the row goes on to a second line rather than widen the page.
        buttons = FlowLayout()
        self.mark_all_button = QPushButton(
            self.tr("Mark everyone present  ({keys})").format(keys=MARK_ALL_KEYS)
        )
        self.mark_all_button.setObjectName("primary")
        self.mark_all_button.setToolTip(
            self.tr("Marks everyone not yet recorded as present; then fix the exceptions.")
        )
        self.walk_in_button = QPushButton(self.tr("Add walk-in…  ({keys})").format(keys=WALK_IN_KEYS))
        self.cancel_button = QPushButton(self.tr("Cancel session…"))
        self.reinstate_button = QPushButton(self.tr("Reinstate session"))
        self.move_button = QPushButton(self.tr("Move…"))
        self.move_button.setToolTip(self.tr("Move this session to another date or time"))
        self.family_button = QPushButton(self.tr("Family present…"))
        self.family_button.setToolTip(self.tr("Who came to this family session"))
        self.add_button = self._schedule_button()
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

        # Which members' late / left-early marks wait for their time (the controller answers).
        self.waiting_for: Callable[[UUID], str | None] = lambda _client: None
        self.model = roster_model(self, lambda client: self.waiting_for(client))
        self.table = RosterTable()
        self.table.setModel(self.model)
        # The status column is as wide as the longest status, so marking never elides a word or jumps.
        metrics = self.table.fontMetrics()
        widest = max(metrics.horizontalAdvance(status_text(s)) for s in vocab.ATTENDANCE_STATUSES)
        fit_columns(self.table, stretch=COL_COMMENT, fixed={COL_STATUS: widest + 24})
        self.table_area = OrEmpty(self.table)
        self.empty = self.table_area.empty
        layout.addWidget(self.table_area, 1)
        self.keys = QLabel(keys_text())
        self.keys.setObjectName("viewSubtitle")
        self.keys.setWordWrap(True)
        layout.addWidget(self.keys)

        self.mark_all_shortcut = self._shortcut(MARK_ALL_KEYS)
        self.walk_in_shortcut = self._shortcut(WALK_IN_KEYS)

    def _schedule_button(self) -> QPushButton:
        """The Schedule button and its menu: an extra group session, a client session, holidays."""
        button = QPushButton(tr("Schedule"))
        button.setToolTip(tr("Add a session, or change the site's holidays"))
        menu = QMenu(button)
        self.add_group_action = QAction(tr("Extra &group session…"), button)
        self.add_group_action.setToolTip(tr("An extra meeting of a group, outside its weekly schedule"))
        self.client_session_action = QAction(tr("&Individual or family session…"), button)
        self.holidays_action = QAction(tr("&Holidays…"), button)
        menu.addAction(self.add_group_action)
        menu.addAction(self.client_session_action)
        menu.addSeparator()
        menu.addAction(self.holidays_action)
        button.setMenu(menu)
        return button

    def _shortcut(self, keys: str) -> QShortcut:
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)  # only while the panel is shown
        return shortcut

    def show_message(self, text: str) -> None:
        """A refusal or a warning ("" clears it)."""
        self.message.problem(text)

    def show_done(self, text: str) -> None:
        self.message.done(text)

    def current_row(self) -> AttendanceRow | None:
        return self.model.row_at(self.table.currentIndex())
