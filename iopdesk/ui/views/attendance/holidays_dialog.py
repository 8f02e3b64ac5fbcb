"""Site holidays: the days ahead the site is closed; adding one cancels that day's sessions.

Adding a holiday says how many sessions it cancelled and names those it kept
because attendance was already recorded on them or their note signed; removing one says how many
sessions came back. Only those allowed to change the clinic's calendar may do
either: the domain refuses anyone else, and the dialog shows its message.
"""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from iopdesk.domain.calendar import holidays
from iopdesk.domain.calendar.holidays import HolidayInfo
from iopdesk.domain.calendar.sessions import SessionInfo
from iopdesk.domain.kernel import clock, permissions
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.render.text import clock_text
from iopdesk.ui.kit.actions import EnterOpens, EnterPresses
from iopdesk.ui.kit.day_picker import date_format, from_qdate, to_qdate
from iopdesk.ui.kit.formatting import date_text, month_day_text, weekday_text
from iopdesk.ui.kit.rows import Column, RowsModel
from iopdesk.ui.kit.screen_fit import least_size

DAYS_AHEAD = 2 * 366


def tr(text: str) -> str:
    return QCoreApplication.translate("holidays", text)


def _sessions_text(found: tuple[SessionInfo, ...]) -> str:
    return ", ".join(f"{s.title} {clock_text(s.start_time)}" for s in found)


class HolidaysDialog(QDialog):
    calendar_changed = Signal()
    """A holiday was added or removed: sessions were cancelled or reinstated."""

    def __init__(self, parent: QWidget, actor: Actor) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Holidays"))
        least_size(self, 560, 460)
        self.actor = actor
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr(
                "Days your site is closed. Adding one cancels that day's sessions, except those where "
                "attendance was already recorded; removing it brings them back."
            )
        )
        intro.setWordWrap(True)
        intro.setObjectName("viewSubtitle")
        layout.addWidget(intro)
        self.model: RowsModel[HolidayInfo] = RowsModel(
            [
                Column(tr("Date"), lambda h: f"{weekday_text(h.date)}, {date_text(h.date)}"),
                Column(tr("Holiday"), lambda h: h.reason),
            ],
            lambda h: h.id,
            self,
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(tr("Holidays ahead"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list (to Remove); arrows move in it
        # Enter on a chosen holiday does nothing, as a double click does: the dialog's default is
        # Add holiday, and Enter in the list added whatever the fields below held.
        EnterOpens(self.table, lambda: None)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.remove_button = QPushButton(tr("&Remove holiday"))
        self.remove_button.setAutoDefault(False)
        self.remove_button.setToolTip(tr("The sessions it cancelled are scheduled again"))
        self.remove_button.clicked.connect(self.remove_holiday)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.remove_button)
        layout.addLayout(row)

        form = QFormLayout()
        today = clock.site_today(actor.site_id)
        self.date = QDateEdit(to_qdate(today))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat(date_format())
        self.reason = QLineEdit()
        self.reason.setMaxLength(120)
        self.reason.setPlaceholderText(tr("e.g. Thanksgiving Day"))
        self.add_button = QPushButton(tr("&Add holiday"))
        self.add_button.setDefault(True)
        self.add_button.clicked.connect(self.add_holiday)
        adding = QHBoxLayout()
        adding.addWidget(self.reason, 1)
        adding.addWidget(self.add_button)
        form.addRow(tr("&Date:"), self.date)
        name_label = QLabel(tr("&Name:"))
        name_label.setBuddy(self.reason)
        form.addRow(name_label, adding)
        layout.addLayout(form)

        self.message = QLabel()
        self.message.setObjectName("alertBadge")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAutoDefault(False)
        # Not auto-default, so Tab reaching them leaves Add the default for the fields; Enter on
        # one of them presses it (else the dialog's default took it: Enter on Close added a day).
        EnterPresses(self.remove_button, close)
        layout.addWidget(buttons)
        self.load()
        # Everyone may look; those who may not change the holidays are told so before they try.
        self.show_message(permissions.refusal(actor, permissions.CALENDAR_EDIT) or "")
        self.date.setFocus()

    def show_message(self, text: str, *, refused: bool = True) -> None:
        """A refusal as an alert; what a change did as a plain notice."""
        self.message.setObjectName("alertBadge" if refused else "notice")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def load(self, select: UUID | None = None) -> None:
        today = clock.site_today(self.actor.site_id)
        try:
            found = holidays.holidays_between(self.actor, today, today + dt.timedelta(days=DAYS_AHEAD))
        except DomainError as exc:
            self.show_message(str(exc))
            found = []
        self.model.set_rows(found)
        row = self.model.row_of_id(select) if select is not None else -1
        if row >= 0:
            self.table.selectRow(row)
        self.remove_button.setEnabled(bool(found))

    def add_holiday(self) -> None:
        day = from_qdate(self.date.date())
        try:
            result = holidays.add_holiday(self.actor, day, self.reason.text())
        except DomainError as exc:
            self.show_message(str(exc))
            return
        parts = [
            tr("{day} is now a holiday ({name}).").format(
                day=f"{day:%A, %B} {day.day}", name=result.holiday.reason
            ),
            tr("{n} session(s) cancelled.").format(n=len(result.cancelled)),
        ]
        if result.kept:
            parts.append(
                tr("Kept because attendance was already recorded or a note signed: {sessions}.").format(
                    sessions=_sessions_text(result.kept)
                )
            )
        self.show_message(" ".join(parts), refused=False)
        self.reason.clear()
        self.load(result.holiday.id)
        self.calendar_changed.emit()

    def remove_holiday(self) -> None:
        chosen = self.model.row_at(self.table.currentIndex())
        if chosen is None:
            self.show_message(tr("Choose the holiday to remove."))
            return
        try:
            reinstated = holidays.remove_holiday(self.actor, chosen.id)
        except DomainError as exc:
            self.show_message(str(exc))
            return
        self.show_message(
            tr("{name} on {day} removed; {n} session(s) scheduled again.").format(
                name=chosen.reason, day=month_day_text(chosen.date), n=len(reinstated)
            ),
            refused=False,
        )
        self.load()
        self.calendar_changed.emit()
