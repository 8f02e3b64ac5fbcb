"""The day picker's date field is as wide as its longest date in its font: at 150 % text a fixed
170 px showed "Tue Dec 1, 20" in the note editor."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate

from iopdesk.ui.kit.day_picker import DayPicker


def test_the_whole_date_fits_at_any_text_size(qtbot) -> None:  # type: ignore[no-untyped-def]
    picker = DayPicker(lambda: dt.date(2026, 12, 1))
    qtbot.addWidget(picker)
    edit = picker.date_edit

    def fits() -> bool:
        text = edit.locale().toString(QDate(2026, 9, 23), edit.displayFormat())
        return edit.minimumWidth() >= edit.fontMetrics().horizontalAdvance(text) + 20

    assert fits() and edit.minimumWidth() >= 170
    font = picker.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    picker.setFont(font)
    qtbot.waitUntil(fits)
    assert edit.minimumWidth() > 170
