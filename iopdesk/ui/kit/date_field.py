"""A date typed the way people write it ("3/14/1985", "1985-03-14", "14 Mar 1985").

Reading the text is the domain's (sheet_dates, with the clinic's date order),
so a date typed here and one in an imported file mean the same day. The line
under the field says which day was understood, so a swapped month and day is
seen before it is saved.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from iopdesk.domain.kernel import settings
from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.domain.roster_files.sheet_dates import parse_sheet_date
from iopdesk.ui.kit.focus import hand_focus_to
from iopdesk.ui.kit.formatting import long_date_text
from iopdesk.ui.kit.naming import name_inner


class DateField(QWidget):
    date_edited = Signal()
    """The text changed (the date may now read differently)."""

    def __init__(self, today: dt.date, *, required: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today
        self.required = required
        self.order = str(settings.get("date_order")).upper()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.tr("dd/mm/yyyy") if self.order == "DMY" else self.tr("mm/dd/yyyy"))
        self.edit.setMaxLength(40)
        self.hint = QLabel()
        self.hint.setObjectName("viewSubtitle")
        column.addWidget(self.edit)
        column.addWidget(self.hint)
        hand_focus_to(self, self.edit)  # a label's Alt+letter too
        self.edit.textChanged.connect(self._show_reading)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        name_inner(self, self.edit)  # its label is known once the form holds it
        super().showEvent(event)

    def set_date(self, day: dt.date | None) -> None:
        self.edit.setText(day.isoformat() if day else "")

    def _show_reading(self, _text: str) -> None:
        try:
            day = self.date_or_none()
        except ValueError:
            self.hint.setText("")
        else:
            self.hint.setText(long_date_text(day) if day else "")
        self.date_edited.emit()

    def date_or_none(self) -> dt.date | None:
        """The date typed, None when blank; ValueError when it cannot be read."""
        text = self.edit.text().strip()
        if not text:
            return None
        return parse_sheet_date(text, self.order, self.today)

    def value(self, field: str, label: str) -> dt.date | None:
        """The date, or a ValidationError for ``field`` the form can show next to it."""
        try:
            day = self.date_or_none()
        except ValueError as exc:
            raise ValidationError(f"{label}: {exc}", field=field) from None
        if day is None and self.required:
            raise ValidationError(self.tr("{label} is required.").format(label=label), field=field)
        return day
