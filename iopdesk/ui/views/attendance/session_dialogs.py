"""Changing the calendar from the attendance screen: move a session, add an extra one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from uuid import UUID

from PySide6.QtWidgets import QComboBox, QDateEdit, QLineEdit, QSpinBox, QWidget

from iopdesk.domain.calendar.edits import FALLBACK_MINUTES
from iopdesk.domain.calendar.sessions import SessionInfo
from iopdesk.domain.groups.groups import GroupInfo
from iopdesk.render.text import clock_text
from iopdesk.ui.kit.day_picker import date_format, from_qdate, to_qdate
from iopdesk.ui.kit.rows import Column, RowsModel
from iopdesk.ui.kit.submit_dialog import SubmitDialog
from iopdesk.ui.views.attendance.time_input import InputError, parse_time

if TYPE_CHECKING:
    from iopdesk.domain.calendar.edits import ExtraSessionDefaults

NOON = dt.time(12, 0)


def _date_edit(day: dt.date) -> QDateEdit:
    edit = QDateEdit(to_qdate(day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(date_format())
    return edit


class RescheduleDialog(SubmitDialog):
    """Move a session to another date or start time (nothing recorded on it yet)."""

    def __init__(
        self, parent: QWidget, session: SessionInfo, submit: Callable[[dt.date, dt.time | None], str | None]
    ) -> None:
        super().__init__(parent, parent.tr("Move session"), about=session.title)
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


@dataclass(frozen=True)
class ExtraSession:
    group_id: UUID
    date: dt.date
    start_time: dt.time
    duration_minutes: int
    topic: str
    facilitator_id: UUID | None


Defaults = Callable[[UUID, dt.date], "ExtraSessionDefaults | None"]


class AddSessionDialog(SubmitDialog):
    """An extra meeting of a group, outside its weekly schedule.

    It opens on the group on screen; choosing a group (or a day) fills in that
    group's usual start, length and facilitator, which the person may change.
    """

    def __init__(
        self,
        parent: QWidget,
        groups: list[GroupInfo],
        day: dt.date,
        submit: Callable[[ExtraSession], str | None],
        *,
        chosen: UUID | None = None,
        defaults: Defaults | None = None,
        facilitators: Sequence[tuple[UUID, str]] = (),
    ) -> None:
        super().__init__(parent, parent.tr("Add a session"))
        self.submit = submit
        self.defaults = defaults or (lambda _group, _day: None)
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
        self.minutes.setValue(FALLBACK_MINUTES)
        self.minutes.setSuffix(self.tr(" min"))
        self.facilitator = QComboBox()
        self.facilitator.setAccessibleName(self.tr("Facilitator"))
        self.facilitator.addItem(self.tr("(nobody: it shows in no one's lists)"), None)
        for staff_id, name in facilitators:
            self.facilitator.addItem(name, str(staff_id))  # text: a UUID in a combo box never compares equal
        self.topic = QLineEdit()
        self.topic.setMaxLength(200)
        self.form.addRow(self.tr("&Group:"), self.group)
        self.form.addRow(self.tr("&Date:"), self.date)
        self.form.addRow(self.tr("&Starts at:"), self.start)
        self.form.addRow(self.tr("&Length:"), self.minutes)
        self.form.addRow(self.tr("&Facilitator:"), self.facilitator)
        self.form.addRow(self.tr("&Topic (optional):"), self.topic)
        row = self.groups.row_of_id(chosen) if chosen is not None else -1
        self.group.setCurrentIndex(max(row, 0) if self.groups.rowCount() else -1)
        self._fill_defaults()
        self.group.currentIndexChanged.connect(lambda _i: self._fill_defaults())
        self.group.setFocus()
        self.keep_typing_in(self.start, self.topic)

    def chosen_group(self) -> GroupInfo | None:
        return self.groups.row_at(self.groups.index(self.group.currentIndex(), 0))

    def _fill_defaults(self) -> None:
        group = self.chosen_group()
        usual = self.defaults(group.id, from_qdate(self.date.date())) if group is not None else None
        if usual is None:
            return
        self.start.setText(clock_text(usual.start_time) if usual.start_time is not None else "")
        self.minutes.setValue(usual.duration_minutes)
        wanted = str(usual.facilitator_id) if usual.facilitator_id is not None else None
        index = self.facilitator.findData(wanted) if wanted is not None else 0
        if index < 0:
            self.facilitator.addItem(self.tr("(the group's facilitator)"), wanted)
            index = self.facilitator.count() - 1
        self.facilitator.setCurrentIndex(index)

    def facilitator_id(self) -> UUID | None:
        chosen = self.facilitator.currentData()
        return UUID(chosen) if chosen else None

    def attempt(self) -> str | None:
        group = self.chosen_group()
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
            ExtraSession(
                group.id,
                from_qdate(self.date.date()),
                start,
                self.minutes.value(),
                self.topic.text(),
                self.facilitator_id(),
            )
        )
