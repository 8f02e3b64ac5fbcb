"""Small keyboard dialogs for one member's row: times or minutes, and the comment.

Each is opened non-modally over the window (``open()``), confirms on Enter,
closes on Esc, and stays open showing the clinic's message when a rule refuses
what was typed, so nothing typed is lost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QWidget,
)

from iopdesk.domain.attendance.marking import AttendanceRow
from iopdesk.domain.attendance.rules import COMMENT_MAX
from iopdesk.domain.calendar.sessions import SessionInfo
from iopdesk.render.text import clock_text, time_range
from iopdesk.ui.kit.submit_dialog import SubmitDialog
from iopdesk.ui.views.attendance.marks import status_word
from iopdesk.ui.views.attendance.time_input import InputError, parse_minutes, parse_time

Times = tuple[dt.time | None, dt.time | None, int | None]


class TimesDialog(SubmitDialog):
    """Arrival and departure times, or the minutes attended, for a late, early or present mark."""

    def __init__(
        self,
        parent: QWidget,
        session: SessionInfo,
        row: AttendanceRow,
        status: str,
        submit: Callable[[dt.time | None, dt.time | None, int | None], str | None],
    ) -> None:
        super().__init__(parent, _title(parent, status, row))
        self.session = session
        self.status = status
        self.submit = submit
        intro = QLabel(
            self.tr("{name}: {status}. Session {times} ({minutes} min).").format(
                name=row.display_name,
                status=status_word(status),
                times=time_range(session.start_time, session.end_time),
                minutes=session.duration_minutes,
            )
        )
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.arrived = QLineEdit(clock_text(row.arrived_at))
        self.arrived.setPlaceholderText(
            self.tr("e.g. {time}").format(time=clock_text(_plus(session.start_time, 10)))
        )
        self.departed = QLineEdit(clock_text(row.departed_at))
        self.departed.setPlaceholderText(
            self.tr("e.g. {time}").format(time=clock_text(_plus(session.end_time, -15)))
        )
        typed_minutes = row.minutes_attended if row.arrived_at is None and row.departed_at is None else None
        self.minutes = QLineEdit("" if typed_minutes is None or status != row.status else str(typed_minutes))
        self.minutes.setPlaceholderText(self.tr("instead of times"))
        self.form.addRow(self.tr("&Arrived at:"), self.arrived)
        self.form.addRow(self.tr("&Departed at:"), self.departed)
        self.form.addRow(self.tr("or &minutes attended:"), self.minutes)
        first = self.departed if status == "left_early" else self.arrived
        first.setFocus()
        first.selectAll()

    def attempt(self) -> str | None:
        start, end = self.session.start_time, self.session.end_time
        values: list[object] = []
        for field, label in ((self.arrived, self.tr("arrival")), (self.departed, self.tr("departure"))):
            try:
                values.append(parse_time(field.text(), start, end))
            except InputError:
                field.setFocus()
                return self.tr("“{text}” is not a time for the {what}; type it like 9:20 or 1:45 pm.").format(
                    text=field.text().strip(), what=label
                )
        try:
            minutes = parse_minutes(self.minutes.text())
        except InputError:
            self.minutes.setFocus()
            return self.tr("Minutes attended must be a whole number, like 150.")
        arrived, departed = values
        return self.submit(arrived, departed, minutes)  # type: ignore[arg-type]


def _plus(time: dt.time, minutes: int) -> dt.time:
    moved = dt.datetime.combine(dt.date(2000, 1, 3), time) + dt.timedelta(minutes=minutes)
    return moved.time()


def _title(parent: QWidget, status: str, row: AttendanceRow) -> str:
    return parent.tr("{status} — {name}").format(status=status_word(status), name=row.display_name)


class CommentDialog(SubmitDialog):
    """A short comment on one member's attendance (the clinical story belongs in the note)."""

    def __init__(self, parent: QWidget, row: AttendanceRow, submit: Callable[[str], str | None]) -> None:
        super().__init__(parent, parent.tr("Attendance comment"), about=row.display_name)
        self.submit = submit
        self.text = QLineEdit(row.comment)
        self.text.setMaxLength(COMMENT_MAX)
        self.text.setPlaceholderText(self.tr("e.g. bus was late; called ahead"))
        self.form.addRow(self.tr("&Comment:"), self.text)
        hint = QLabel(
            self.tr("Up to {n} characters. Clinical observations belong in the note.").format(n=COMMENT_MAX)
        )
        hint.setObjectName("viewSubtitle")
        hint.setWordWrap(True)
        self.form.addRow(hint)
        self.text.setFocus()
        self.text.selectAll()
        self.keep_typing_in(self.text)

    def attempt(self) -> str | None:
        return self.submit(self.text.text())
