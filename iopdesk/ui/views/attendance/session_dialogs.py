"""Changing the calendar from the attendance screen: move a session, add an extra one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from uuid import UUID

from PySide6.QtWidgets import QComboBox, QDateEdit, QLineEdit, QSpinBox, QWidget

from iopdesk.domain.calendar.sessions import SessionInfo
from iopdesk.domain.groups.groups import GroupInfo
from iopdesk.render.text import clock_text
from iopdesk.ui.kit.day_picker import DATE_FORMAT, from_qdate, to_qdate
from iopdesk.ui.kit.rows import Column, RowsModel
from iopdesk.ui.kit.submit_dialog import SubmitDialog
from iopdesk.ui.views.attendance.time_input import InputError, parse_time

NOON = dt.time(12, 0)


def _date_edit(day: dt.date) -> QDateEdit:
    edit = QDateEdit(to_qdate(day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_FORMAT)
    return edit


class RescheduleDialog(SubmitDialog):
    """Move a session to another date or start time (nothing recorded on it yet)."""

    def __init__(
        self, parent: QWidget, session: SessionInfo, submit: Callable[[dt.date, dt.time | None], str | None]
    ) -> None:
        super().__init__(parent, parent.tr("Move session — {title}").format(title=session.title))
        self.session = session
        self.submit = submit
        self.date = _date_edit(session.date)
        self.start = QLineEdit(clock_text(session.start_time))
        self.form.addRow(self.tr("New &date:"), self.date)
        self.form.addRow(self.tr("&Starts at:"), self.start)
        self.date.setFocus()

    def attempt(self) -> str | None:
        try:
            start = parse_time(self.start.text(), self.session.start_time, self.session.end_time)
        except InputError:
            self.start.setFocus()
            return self.tr("“{text}” is not a time; type it like 9:00 or 6:30 pm.").format(
                text=self.start.text()
            )
        return self.submit(from_qdate(self.date.date()), start)


class AddSessionDialog(SubmitDialog):
    """An extra meeting of a group, outside its weekly schedule."""

    def __init__(
        self,
        parent: QWidget,
        groups: list[GroupInfo],
        day: dt.date,
        submit: Callable[[UUID, dt.date, dt.time, int, str], str | None],
    ) -> None:
        super().__init__(parent, parent.tr("Add a session"))
        self.submit = submit
        self.groups: RowsModel[GroupInfo] = RowsModel(
            [Column(self.tr("Group"), lambda g: g.name)], lambda g: g.id, self
        )
        self.groups.set_rows(groups)
        self.group = QComboBox()
        self.group.setModel(self.groups)
        self.date = _date_edit(day)
        self.start = QLineEdit()
        self.start.setPlaceholderText(self.tr("e.g. 9:00 or 6:30 pm"))
        self.minutes = QSpinBox()
        self.minutes.setRange(15, 720)
        self.minutes.setSingleStep(15)
        self.minutes.setValue(180)
        self.minutes.setSuffix(self.tr(" min"))
        self.topic = QLineEdit()
        self.topic.setMaxLength(200)
        self.form.addRow(self.tr("&Group:"), self.group)
        self.form.addRow(self.tr("&Date:"), self.date)
        self.form.addRow(self.tr("&Starts at:"), self.start)
        self.form.addRow(self.tr("&Length:"), self.minutes)
        self.form.addRow(self.tr("&Topic (optional):"), self.topic)
        self.group.setFocus()

    def attempt(self) -> str | None:
        group = self.groups.row_at(self.groups.index(self.group.currentIndex(), 0))
        if group is None:
            return self.tr("Choose the group.")
        try:
            start = parse_time(self.start.text(), NOON, NOON)
        except InputError:
            start = None
        if start is None:
            self.start.setFocus()
            return self.tr("Type the start time, like 9:00 or 6:30 pm.")
        return self.submit(
            group.id, from_qdate(self.date.date()), start, self.minutes.value(), self.topic.text()
        )
