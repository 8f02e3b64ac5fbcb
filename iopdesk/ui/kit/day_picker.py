"""A day chooser: previous day, a date field with a calendar, next day, and Today.

The date field does not report while a date is being typed (keyboard tracking
is off), so a half-typed year never opens a day; it reports on Enter, on
leaving the field, or when a date is picked from the calendar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QPushButton, QToolButton, QWidget

from iopdesk.render.text import clinic_locale, date_pattern

PREVIOUS_KEYS = "Alt+Left"
NEXT_KEYS = "Alt+Right"
TODAY_KEYS = "Ctrl+T"


def date_format(*, weekday: bool = True) -> str:
    """How a date field shows its date, in the clinic's locale: "Mon Mar 3, 2025" ("Mon 3 Mar 2025")."""
    pattern = date_pattern(clinic_locale())
    return f"ddd {pattern}" if weekday else pattern


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class DayPicker(QWidget):
    day_changed = Signal(object)
    """Another day was chosen; carries a datetime.date."""

    def __init__(self, today: Callable[[], dt.date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)

        self.previous_button = QToolButton()
        self.previous_button.setArrowType(Qt.ArrowType.LeftArrow)
        self.previous_button.setToolTip(self.tr("Previous day ({keys})").format(keys=PREVIOUS_KEYS))
        self.previous_button.setAccessibleName(self.tr("Previous day"))
        self.previous_button.clicked.connect(lambda _checked=False: self.step(-1))

        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat(date_format())
        self.date_edit.setKeyboardTracking(False)
        self.date_edit.setMinimumDate(QDate(2000, 1, 1))
        self.date_edit.setMaximumDate(QDate(2099, 12, 31))
        self.date_edit.setAccessibleName(self.tr("Day"))
        self._fit_date()
        self.date_edit.installEventFilter(self)
        self.date_edit.setDate(to_qdate(today()))
        self._shown = today()
        self.date_edit.dateChanged.connect(self._edited)

        self.next_button = QToolButton()
        self.next_button.setArrowType(Qt.ArrowType.RightArrow)
        self.next_button.setToolTip(self.tr("Next day ({keys})").format(keys=NEXT_KEYS))
        self.next_button.setAccessibleName(self.tr("Next day"))
        self.next_button.clicked.connect(lambda _checked=False: self.step(1))

        self.today_button = QPushButton(self.tr("Today"))
        self.today_button.setToolTip(self.tr("Go to today ({keys})").format(keys=TODAY_KEYS))
        self.today_button.clicked.connect(lambda _checked=False: self.set_day(self._today()))

        for widget in (self.previous_button, self.date_edit, self.next_button, self.today_button):
            row.addWidget(widget)

    def _fit_date(self) -> None:
        """Wide enough for the longest date of its format in its font (a fixed 170 px cut the year
        off at 150 % text: "Tue Dec 1, 20"), and for the calendar button beside it."""
        edit = self.date_edit
        locale, shape, metrics = edit.locale(), edit.displayFormat(), edit.fontMetrics()
        widest = max(  # each month, on a two-digit day (the weekday names come round within them)
            metrics.horizontalAdvance(locale.toString(QDate(2026, month, 22 + month % 7), shape))
            for month in range(1, 13)
        )
        edit.setMinimumWidth(max(170, widest + metrics.horizontalAdvance("  ") + 44))  # padding, arrow

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.date_edit and event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_date()
        return super().eventFilter(watched, event)

    def install_shortcuts(self, host: QWidget) -> None:
        """Make the keys work anywhere in the window while ``host`` (the view) is on screen."""
        for keys, slot in (
            (PREVIOUS_KEYS, lambda: self.step(-1)),
            (NEXT_KEYS, lambda: self.step(1)),
            (TODAY_KEYS, lambda: self.set_day(self._today())),
        ):
            shortcut = QShortcut(QKeySequence(keys), host)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)  # only while the host is shown
            shortcut.activated.connect(slot)

    def day(self) -> dt.date:
        return self._shown

    def follow(self, today: Callable[[], dt.date]) -> None:
        """Take another clock for "today" (Today button, Ctrl+T) and show its day, without reporting
        a change: a picker made before anyone signed in follows the site's clock from then on."""
        self._today = today
        day = today()
        blocked = self.date_edit.blockSignals(True)
        try:
            self.date_edit.setDate(to_qdate(day))
        finally:
            self.date_edit.blockSignals(blocked)
        self._shown = day

    def set_day(self, day: dt.date) -> None:
        if from_qdate(self.date_edit.date()) != day:
            self.date_edit.setDate(to_qdate(day))  # reports through _edited
        self._edited(to_qdate(day))  # no-op when already reported

    def step(self, days: int) -> None:
        self.set_day(self._shown + dt.timedelta(days=days))

    def _edited(self, value: QDate) -> None:
        day = from_qdate(value)
        if day != self._shown:
            self._shown = day
            self.day_changed.emit(day)
