"""Enter on a search result opens the client's page (editing is F2, its own action); the page leads to
that client's sessions: Enter opens one in Attendance, Ctrl+Shift+N this client's note for it."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from iopdesk.domain.attendance import marking as attendance
from iopdesk.ui.main_window import MainWindow
from iopdesk.ui.views import clients as clients_screen
from tests.support import attendance_data
from tests.support import factories as f
from tests.support.roster_support import ScriptedPrompts, open_view

pytestmark = pytest.mark.qt_log_ignore("does not support (propagateSizeHints|raise|grabbing)")

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def clinic(actor, monkeypatch):
    return attendance_data.build(actor, monkeypatch, size=3)


def test_enter_opens_the_client_and_their_session(qtbot, actor, clinic):
    prompts = ScriptedPrompts(qtbot)  # no step scripted: a dialog opening would fail the test
    screen = open_view(qtbot, clients_screen.build, actor, prompts)
    search = screen.view.picker.search_edit
    qtbot.keyClicks(search, clinic.members[1].chart_number.lower())  # Blair
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert screen.client is not None and screen.client.legal_first == "Blair", screen.view.notice.text()
    assert prompts.dialogs == []  # Enter did not open the edit form
    panel = screen.view.panel
    assert panel.page.isVisible() and QApplication.focusWidget() is panel.sessions_table
    session = panel.current_session()
    assert session is not None and session.session_id == clinic.session.id
    assert "Not recorded" in panel.sessions_model.index(0, 2).data()
    with qtbot.waitSignal(screen.session_opened) as opened:
        qtbot.keyClick(panel.sessions_table, Qt.Key.Key_Return)
    assert opened.args == [clinic.session.id]
    with qtbot.waitSignal(screen.note_requested) as asked:
        screen.buttons["note"].click()
    assert asked.args == [clinic.session.id, screen.client.id]


def test_ctrl_shift_n_on_the_client_page_opens_their_part_of_the_note(qtbot, actor, clinic, tmp_path):
    for member in clinic.members:
        attendance.mark(actor, clinic.session.id, member.id, "present")  # each gets a part of the note
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    window = MainWindow(actor, "/tmp/clinic.sqlite3", settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "clients"
    clients = window.views["clients"]
    qtbot.keyClicks(clients.view.picker.search_edit, clinic.members[2].chart_number)  # Casey
    qtbot.keyClick(clients.view.picker.search_edit, Qt.Key.Key_Return)
    casey = clinic.members[2]
    assert clients.client is not None and clients.client.id == casey.id

    qtbot.keyClick(clients.view.panel.sessions_table, Qt.Key.Key_N, CTRL_SHIFT)
    assert window.current_key() == "notes"
    editor = window.views["notes"].editor
    qtbot.waitUntil(lambda: editor.open_note.session_id == clinic.session.id)
    row = editor.current_row()
    assert row is not None and row.client_id == casey.id

    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(clients.view.panel.sessions_table, Qt.Key.Key_Return)  # and on to the attendance
    assert window.current_key() == "attendance"
    assert window.views["attendance"].current_session_id() == clinic.session.id


def test_the_hours_say_the_programs_shortfall_instead_of_blaming_the_client(qtbot, actor, clinic):
    # Issue 17: a holiday week (the program offered 6 h of the 9 h floor) is the program's
    # shortfall; a week with 9 h offered and 6 h attended is the client's.
    alex, group = clinic.members[0], clinic.group
    for monday, cancelled in ((dt.date(2025, 2, 24), 2), (dt.date(2025, 3, 3), None)):
        for day in range(3):
            status = "cancelled" if day == cancelled else "scheduled"
            session = f.session(actor, group, monday + dt.timedelta(days=day), status=status)
            if day < 2:
                f.attend(actor, session, alex, "present")
    screen = open_view(qtbot, clients_screen.build, actor, ScriptedPrompts(qtbot))
    search = screen.view.picker.search_edit
    qtbot.keyClicks(search, alex.chart_number.lower())
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert screen.client is not None and screen.client.id == alex.id
    lines = screen.view.panel.hours.text().splitlines()
    assert lines[1] == "Week of Mon Mar 3: 6 h of 9 h — below the weekly floor"
    assert lines[2] == "Week of Mon Feb 24: 6 h of 9 h — the program offered only 6 h this week"
    assert lines[0] == "Week of Mon Mar 10: 0 min of 9 h (so far) — the program offered only 3 h this week"
