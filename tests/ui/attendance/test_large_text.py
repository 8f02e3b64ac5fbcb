"""At 150 % text in a 1280×800 window the Attendance page keeps the window's width: its row of
buttons (with their keys written on them) goes on to a second line and the keys line wraps, so a
counselor sees the whole page without scrolling sideways."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QPushButton

from tests.support import attendance_data
from tests.support.large_text import shown_window, system_look_after  # noqa: F401 (a fixture)

pytestmark = [
    pytest.mark.qt_log_ignore("does not support (propagateSizeHints|raise|grabbing)"),
    pytest.mark.usefixtures("system_look_after"),  # the look put back for the next test
]


def test_the_attendance_page_fits_a_1280_window_at_150_percent(  # type: ignore[no-untyped-def]
    qtbot, actor, monkeypatch, tmp_path: Path, qapp
):
    clinic = attendance_data.build(actor, monkeypatch)
    window = shown_window(qtbot, actor, tmp_path, size=(1280, 800))
    window.look_menu.sizes["150"].trigger()
    assert qapp.font().pointSizeF() == 15.0
    window.open_session(clinic.session.id)
    page = window.views.page("attendance")
    view = window.views["attendance"].view
    take = view.take
    qtbot.waitUntil(lambda: window.width() == 1280 and page.isVisible() and take.mark_all_button.isVisible())

    # The page asks for no more than the window gives it, and is laid out at the window's width.
    assert view.minimumSizeHint().width() <= page.viewport().width()
    qtbot.waitUntil(lambda: view.width() == page.viewport().width(), timeout=2000)
    assert page.horizontalScrollBar().maximum() == 0

    # Every button is within the visible width; there was not room for them on one line.
    buttons = [b for b in take.findChildren(QPushButton) if b.isVisible()]
    for button in buttons:
        right = button.mapTo(page.viewport(), QPoint(button.width(), 0)).x()
        assert right <= page.viewport().width(), button.text()
    assert take.add_button.y() > take.mark_all_button.y()  # Schedule went on to a second line
    # The keys line wraps within the page.
    assert take.keys.wordWrap()
    assert take.keys.mapTo(page.viewport(), QPoint(take.keys.width(), 0)).x() <= page.viewport().width()


def test_the_history_grids_headers_follow_the_text_size(  # type: ignore[no-untyped-def]
    qtbot, actor, monkeypatch, tmp_path: Path, qapp
):
    from PySide6.QtGui import QFont, QFontMetrics

    clinic = attendance_data.build(actor, monkeypatch)
    window = shown_window(qtbot, actor, tmp_path)
    window.open_session(clinic.session.id)
    view = window.views["attendance"].view
    history = view.history
    view.tabs.setCurrentWidget(history)
    qtbot.waitUntil(lambda: history.table.isVisible() and history.model.columnCount() > 1)
    header = history.table.horizontalHeader()

    def fits() -> bool:
        bold = QFont(header.font())
        bold.setBold(True)
        wanted = QFontMetrics(bold).horizontalAdvance("Nov 30")
        total = history.model.total_column()
        return header.sectionSize(0) >= wanted + 8 and header.sectionSize(total) >= QFontMetrics(
            bold
        ).horizontalAdvance("Attended")

    assert fits()
    at_100 = header.sectionSize(0)
    window.look_menu.sizes["150"].trigger()
    qtbot.waitUntil(lambda: fits() and header.sectionSize(0) > at_100)  # "lov 2" before: measured once
