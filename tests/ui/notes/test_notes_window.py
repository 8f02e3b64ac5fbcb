"""From a session on screen (Attendance, Today) to its note: Ctrl+Shift+N in the main window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from iopdesk.ui.main_window import MainWindow
from tests.support import notes_support as ns

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def test_write_note_for_the_session_taken_in_attendance(qtbot, actor, tmp_path):
    clinic = ns.build(actor, 3)
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    window = MainWindow(clinic.counselor, "/tmp/clinic.sqlite3", settings)
    qtbot.addWidget(window)
    window.setMinimumSize(1200, 760)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.open_session(clinic.session_id)  # as Today's Enter does
    assert window.current_key() == "attendance"
    with qtbot.waitSignal(window.view_changed) as changed:
        qtbot.keyClick(
            window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        )
    assert changed.args == ["notes"]
    notes = window.views["notes"]
    assert notes.view.tabs.currentWidget() is notes.view.editor
    assert notes.editor.open_note.session_id == clinic.session_id
    assert notes.editor.current_row().is_shared
    window.close()  # closing flushes every built view's drafts (save_state)
