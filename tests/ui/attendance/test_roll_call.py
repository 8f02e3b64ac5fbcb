"""A roll call typed at speed: one key per member, nothing pops up, nothing lands anywhere else;
late and left-early marks are saved at once without their times, typed afterwards, by keys.

Before (issue 19): L and E opened a time pop-up at once, and the keys typed for the next members
landed in its field ("exuckppppp").
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from iopdesk.domain.attendance import marking as attendance
from iopdesk.ui.views import attendance as attendance_screen
from iopdesk.ui.views.attendance.dialogs import TimesDialog
from iopdesk.ui.views.attendance.roster_table import COL_STATUS
from tests.support import attendance_data
from tests.support.attendance_view import shown_screen

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def clinic(actor, monkeypatch):
    return attendance_data.build(actor, monkeypatch, size=6)


@pytest.fixture
def screen(qtbot, actor, clinic):
    return shown_screen(qtbot, actor, clinic.session.id, active=True)


def shown_letters(screen) -> list[str]:  # type: ignore[no-untyped-def]
    model = screen.take.view.model
    return [str(model.index(row, COL_STATUS).data())[0] for row in range(model.rowCount())]


def line_edit_texts(screen) -> dict[QLineEdit, str]:  # type: ignore[no-untyped-def]
    return {edit: edit.text() for edit in screen.view.findChildren(QLineEdit)}


def test_plepp_x_typed_fast_marks_six_members_and_nothing_else(qtbot, screen, clinic, actor):
    take = screen.take
    table = take.view.table
    table.setFocus()
    before = line_edit_texts(screen)
    qtbot.keyClicks(table, "PLEPPX")  # one burst, no waiting between keys

    assert shown_letters(screen) == ["P", "L", "E", "P", "P", "X"]
    assert take.dialog is None and QApplication.activeModalWidget() is None
    assert line_edit_texts(screen) == before  # no key landed in a field (the session box's included)
    assert QApplication.focusWidget() is table
    stored = [r.status for r in attendance.session_attendance(actor, clinic.session.id).rows]
    # L and E are saved at once with their times still to come (never guessed: no minutes yet).
    assert stored == ["present", "late", "left_early", "present", "present", "absent_excused"]
    assert "2 late or left-early marks are saved without their times" in take.view.header.counts.text()
    late = take.view.model.index(1, COL_STATUS)
    assert late.data() == "L  Late · time?" and "arrival time" in late.data(Qt.ItemDataRole.ToolTipRole)
    # The last member was marked: the cursor is on the first mark waiting for its time.
    assert table.currentIndex().row() == 1

    # Afterwards, by keys: Enter asks for the arrival time, Enter saves and goes on to the next one.
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(take.dialog, TimesDialog) and take.dialog.isVisible())
    dialog = take.dialog
    assert dialog.focusWidget() is dialog.arrived  # the time goes where the cursor is
    qtbot.keyClicks(dialog.arrived, "9:20")
    qtbot.keyClick(dialog.arrived, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: take.dialog is None)
    assert table.currentIndex().row() == 2

    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(take.dialog, TimesDialog) and take.dialog.isVisible())
    dialog = take.dialog
    assert dialog.focusWidget() is dialog.departed
    qtbot.keyClicks(dialog.departed, "11:30")
    qtbot.keyClick(dialog.departed, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: take.dialog is None)

    rows = attendance.session_attendance(actor, clinic.session.id).rows
    assert [r.status for r in rows] == [
        "present", "late", "left_early", "present", "present", "absent_excused",
    ]  # fmt: skip
    assert (rows[1].arrived_at, rows[1].minutes_attended) == (dt.time(9, 20), 160)
    assert (rows[2].departed_at, rows[2].minutes_attended) == (dt.time(11, 30), 150)
    assert shown_letters(screen) == ["P", "L", "E", "P", "P", "X"]
    assert "without" not in take.view.header.counts.text()


def test_another_letter_or_delete_drops_a_waiting_mark(qtbot, screen, clinic, actor):
    take = screen.take
    table = take.view.table
    qtbot.keyClicks(table, "LE")
    table.move_to_row(0)
    qtbot.keyClick(table, "p")  # changed their mind: present after all
    table.move_to_row(1)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert shown_letters(screen)[:2] == ["P", "–"]
    assert take.marking.waiting_here() == {}
    assert [r.status for r in attendance.session_attendance(actor, clinic.session.id).rows][:2] == [
        "present",
        "not_recorded",
    ]


def test_the_key_legend_says_what_each_key_asks():
    text = attendance_screen.take.keys_text()
    for part in ("P Present", "L Late", "E Left early", "X Absent (excused)", "Del clear"):
        assert part in text
    assert "L and E mark at once and ask nothing during the roll call" in text
    assert "Enter (or T) on the row asks for the arrival or departure time" in text
