"""The weekly schedule: one row per weekday (meets? start time, length) and the date it applies from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QDateEdit,
    QGridLayout,
    QLabel,
    QSpinBox,
    QTimeEdit,
    QWidget,
)

from iopdesk.domain.groups.groups import ScheduleSlot
from iopdesk.ui.kit.day_picker import date_format
from iopdesk.ui.kit.formatting import day_abbrev, end_of, from_qdate, time_text, to_qdate

DEFAULT_START = dt.time(9, 0)
DEFAULT_MINUTES = 180
FULL_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# The step buttons of a row's fields take no room (seven rows of them were noise), Up/Down still step.
NO_STEP_BUTTONS = "::up-button, ::down-button { width: 0px; border: none; }"


def without_step_buttons(box: QAbstractSpinBox) -> None:
    """Not ``setButtonSymbols(NoButtons)``: under any style sheet that gives a spin box padding or a
    border (ours does), Qt 6.11 then leaves its text a field 1 pixel wide, and the times and minutes
    of every group's schedule showed as empty boxes. Buttons of no width leave the text its room."""
    box.setStyleSheet(type(box).__name__ + NO_STEP_BUTTONS)


class ScheduleEditor(QWidget):
    schedule_edited = Signal()
    """A day, time, length or the effective date changed."""

    def __init__(self, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        grid.addWidget(QLabel(self.tr("Day")), 0, 0)
        grid.addWidget(QLabel(self.tr("Starts")), 0, 1)
        grid.addWidget(QLabel(self.tr("Minutes")), 0, 2)
        grid.addWidget(QLabel(self.tr("Ends")), 0, 3)
        self.days: list[QCheckBox] = []
        self.starts: list[QTimeEdit] = []
        self.lengths: list[QSpinBox] = []
        self.ends: list[QLabel] = []
        for weekday in range(7):
            day = QCheckBox(day_abbrev(weekday))
            day.setAccessibleName(self.tr(FULL_DAY_NAMES[weekday]))
            start = QTimeEdit(QTime(DEFAULT_START.hour, DEFAULT_START.minute))
            start.setDisplayFormat("h:mm AP")
            without_step_buttons(start)  # type or use Up/Down
            start.setAccessibleName(self.tr("{day} start time").format(day=self.tr(FULL_DAY_NAMES[weekday])))
            length = QSpinBox()
            length.setRange(15, 720)
            length.setSingleStep(15)
            length.setValue(DEFAULT_MINUTES)
            without_step_buttons(length)
            length.setAccessibleName(self.tr("{day} minutes").format(day=self.tr(FULL_DAY_NAMES[weekday])))
            end = QLabel()
            end.setObjectName("viewSubtitle")
            for widget in (day, start, length):
                grid.addWidget(widget, weekday + 1, (day, start, length).index(widget))
            grid.addWidget(end, weekday + 1, 3)
            day.toggled.connect(lambda _on, w=weekday: self._day_toggled(w))
            start.timeChanged.connect(lambda _t, w=weekday: self._refresh_end(w))
            length.valueChanged.connect(lambda _v, w=weekday: self._refresh_end(w))
            self.days.append(day)
            self.starts.append(start)
            self.lengths.append(length)
            self.ends.append(end)
            self._day_toggled(weekday)
        self.effective = QDateEdit(to_qdate(today))
        self.effective.setCalendarPopup(True)
        self.effective.setMinimumDate(to_qdate(today))
        self.effective.setDisplayFormat(date_format())
        self.effective.dateChanged.connect(lambda _d: self.schedule_edited.emit())
        since = QLabel(self.tr("From:"))
        since.setBuddy(self.effective)
        grid.addWidget(since, 8, 0)
        grid.addWidget(self.effective, 8, 1, 1, 3)

    def _day_toggled(self, weekday: int) -> None:
        on = self.days[weekday].isChecked()
        others = [w for w in range(len(self.days)) if w != weekday and self.days[w].isChecked()]
        if on and others:  # a new day starts out like the days already chosen
            self.starts[weekday].setTime(self.starts[others[0]].time())
            self.lengths[weekday].setValue(self.lengths[others[0]].value())
        self.starts[weekday].setEnabled(on)
        self.lengths[weekday].setEnabled(on)
        self._refresh_end(weekday)

    def _refresh_end(self, weekday: int) -> None:
        if self.days[weekday].isChecked():
            start = self.starts[weekday].time()
            ends = end_of(dt.time(start.hour(), start.minute()), self.lengths[weekday].value())
            self.ends[weekday].setText(time_text(ends))
        else:
            self.ends[weekday].setText("")
        self.schedule_edited.emit()

    def set_slots(self, slots: Sequence[ScheduleSlot]) -> None:
        """Show a schedule; a day with two meetings shows its first (saving keeps only what is shown)."""
        for weekday in range(7):
            self.days[weekday].setChecked(False)
        for slot in sorted(slots, key=lambda s: (s.weekday, s.start_time), reverse=True):
            self.days[slot.weekday].setChecked(True)
            self.starts[slot.weekday].setTime(QTime(slot.start_time.hour, slot.start_time.minute))
            self.lengths[slot.weekday].setValue(slot.duration_minutes)

    def slots(self) -> list[ScheduleSlot]:
        out = []
        for weekday in range(7):
            if self.days[weekday].isChecked():
                start = self.starts[weekday].time()
                out.append(
                    ScheduleSlot(
                        weekday, dt.time(start.hour(), start.minute()), self.lengths[weekday].value()
                    )
                )
        return out

    def effective_from(self) -> dt.date:
        return from_qdate(self.effective.date())
