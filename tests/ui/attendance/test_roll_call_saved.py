"""The roll call never keeps a mark only in memory (issue 12).

Before: L and E marked a member "late · time?" on screen only, until the time was typed; closing
the program first lost the mark, and a database that failed during the roll call reached the
crash path. Now L and E are saved at once without their time (counted as minutes not known), the
time typed afterwards updates the same mark, and a mark that could not be saved says why and
waits on its row for the same key again.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from iopdesk.domain.attendance import marking as attendance
from iopdesk.domain.attendance.days import client_days
from iopdesk.store.models import Attendance
from iopdesk.ui.views.attendance.dialogs import CommentDialog, TimesDialog
from iopdesk.ui.views.attendance.roster_table import COL_ARRIVED, COL_STATUS
from tests.support import attendance_data
from tests.support.attendance_view import shown_screen

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def clinic(actor, monkeypatch):
    return attendance_data.build(actor, monkeypatch, size=3)


def open_screen(qtbot, actor, clinic):  # type: ignore[no-untyped-def]
    return shown_screen(qtbot, actor, clinic.session.id, active=True)


def stored(clinic, member):  # type: ignore[no-untyped-def]
    """The member's mark as the database holds it (read without a transaction), or None."""
    where = (Attendance.session == clinic.session.id) & (Attendance.client == member.id)
    return Attendance.get_or_none(where)


def test_l_is_in_the_database_at_once_and_survives_closing(qtbot, actor, clinic):
    screen = open_screen(qtbot, actor, clinic)
    table = screen.take.view.table
    table.setFocus()
    qtbot.keyClick(table, "l")
    mark = stored(clinic, clinic.members[0])
    assert mark is not None and mark.status == "late"
    assert (mark.arrived_at, mark.minutes_attended) == (None, None)  # never guessed
    day = client_days([clinic.members[0].id], attendance_data.TODAY, attendance_data.TODAY)
    assert day[clinic.members[0].id][attendance_data.TODAY].unknown == 1  # "minutes not known"
    version = mark.version

    screen.view.close()  # the program closes before the time is typed
    again = open_screen(qtbot, actor, clinic)
    take = again.take
    assert take.view.model.index(0, COL_STATUS).data() == "L  Late · time?"
    assert take.view.model.index(0, COL_ARRIVED).data() == "? (Enter)"
    assert "1 late or left-early mark is saved without its time" in take.view.header.counts.text()

    table = take.view.table
    table.setFocus()
    table.move_to_row(0)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(take.dialog, TimesDialog) and take.dialog.isVisible())
    qtbot.keyClicks(take.dialog.arrived, "9:40")
    qtbot.keyClick(take.dialog.arrived, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: take.dialog is None)
    mark = stored(clinic, clinic.members[0])
    assert (mark.status, mark.arrived_at, mark.minutes_attended) == ("late", dt.time(9, 40), 140)
    assert mark.version == version + 1  # the same mark, updated
    assert "without" not in take.view.header.counts.text()


def test_a_mark_the_database_refuses_says_why_and_waits_for_the_same_key(qtbot, actor, clinic, store_faults):
    screen = open_screen(qtbot, actor, clinic)
    take = screen.take
    table = take.view.table
    table.setFocus()
    store_faults.fail("busy", times=1000)
    qtbot.keyClick(table, "e")
    assert "Not saved" in take.view.message.text() and "busy" in take.view.message.text()
    assert take.view.message.kind == "problem"
    assert table.currentIndex().row() == 0  # not moved on: this member is not marked
    assert stored(clinic, clinic.members[0]) is None
    store_faults.clear()
    qtbot.keyClick(table, "e")
    assert stored(clinic, clinic.members[0]).status == "left_early"
    assert table.currentIndex().row() == 1 and take.view.message.text() == ""


def test_a_comment_that_cannot_be_saved_stays_in_its_dialog(qtbot, actor, clinic, store_faults):
    screen = open_screen(qtbot, actor, clinic)
    take = screen.take
    table = take.view.table
    table.setFocus()
    qtbot.keyClick(table, "p")
    table.move_to_row(0)
    qtbot.keyClick(table, "m")
    qtbot.waitUntil(lambda: isinstance(take.dialog, CommentDialog) and take.dialog.isVisible())
    dialog = take.dialog
    qtbot.keyClicks(dialog.text, "Bus was late; called ahead.")
    store_faults.fail("full", at="commit", times=1000)
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return)
    assert dialog.isVisible() and "The disk is full" in dialog.message.text()
    assert dialog.text.text() == "Bus was late; called ahead."  # nothing typed is lost
    store_faults.clear()
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: take.dialog is None)
    assert stored(clinic, clinic.members[0]).comment == "Bus was late; called ahead."
    rows = attendance.session_attendance(actor, clinic.session.id).rows
    assert rows[0].comment == "Bus was late; called ahead."
