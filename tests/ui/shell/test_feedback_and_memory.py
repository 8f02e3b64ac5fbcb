"""Feedback a tired person reads at a glance, and a window that remembers each person's own place
(issue 19, item 10): success is not the warning's amber, the DEMO badge stays in the status bar, the
last view is kept per staff member, files are offered in the documents folder, labels show no "&"."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QFormLayout, QLabel, QLineEdit, QWidget

from iopdesk.domain.clinic.setup import DEMO_FLAG
from iopdesk.paths import resource
from iopdesk.store.models import Setting
from iopdesk.ui.kit import prompts
from iopdesk.ui.kit.feedback import DONE, PROBLEM, FeedbackLine
from iopdesk.ui.kit.sections import buddy_label
from iopdesk.ui.look import style_sheet
from iopdesk.ui.main_window import MainWindow, view_key
from iopdesk.ui.views import today as today_screen
from tests.support import attendance_data
from tests.support import factories as f

pytestmark = pytest.mark.qt_log_ignore("does not support (propagateSizeHints|raise|grabbing)")


def shown_window(qtbot, actor, settings: QSettings) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(actor, "/tmp/clinic.sqlite3", settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def test_success_and_problem_look_different_and_say_so_in_words(qtbot):
    line = FeedbackLine()
    qtbot.addWidget(line)
    line.done("Signed 8 parts.")
    assert (line.kind, line.objectName(), line.text()) == ("done", DONE, "✓ Signed 8 parts.")
    assert line.message() == "Signed 8 parts."
    line.problem("That password is not right.")
    assert (line.kind, line.objectName()) == ("problem", PROBLEM)
    line.clear()
    assert line.kind == "" and line.isHidden()
    sheet = style_sheet(resource("style.qss").read_text(encoding="utf-8"), "light", 1.0)  # colours filled in
    done_rule = sheet.split("#doneNote {", 1)[1].split("}", 1)[0]
    alert_rule = sheet.split("#alertBadge {", 1)[1].split("}", 1)[0]
    assert "#b5651d" in alert_rule and "#b5651d" not in done_rule and "46, 125, 50" in done_rule


def test_a_status_message_leaves_the_demo_badge_in_sight(qtbot, actor, tmp_path):
    Setting.create(key=DEMO_FLAG, value="1")
    window = shown_window(qtbot, actor, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    badge = window.demo_badge
    assert badge is not None and badge.isVisible() and badge.text() == "DEMO data"
    window.statusBar().showMessage("✓ Roster saved: /tmp/roster.csv", 8000)
    assert window.statusBar().currentMessage().startswith("✓") and badge.isVisible()


def test_the_last_view_is_remembered_per_staff_member(qtbot, actor, tmp_path):
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    counselor = f.actor_as(actor, f.staff(actor, "counselor", "Cara Counselor"))
    window = shown_window(qtbot, counselor, settings)
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "clients"
    window.close()

    supervisor = shown_window(qtbot, actor, settings)  # signs in next on this computer
    assert supervisor.current_key() == "today"  # not where the counselor left off
    qtbot.keyClick(supervisor, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    supervisor.close()

    again = shown_window(qtbot, counselor, settings)
    assert again.current_key() == "clients"
    settings.sync()
    stored = Path(settings.fileName()).read_text(encoding="utf-8")
    assert "Cara" not in stored and counselor.staff_id.hex in stored  # an id, never a name
    assert settings.value(view_key(actor)) == "attendance"


def test_files_are_offered_in_the_documents_folder(monkeypatch, tmp_path):
    monkeypatch.setattr(prompts, "documents_folder", lambda: str(tmp_path / "Documents"))
    assert prompts.in_documents("Roster All clients 2025-03-03.csv") == str(
        tmp_path / "Documents" / "Roster All clients 2025-03-03.csv"
    )
    assert prompts.in_documents("/srv/share/x.csv") == "/srv/share/x.csv"  # a folder named is kept
    assert prompts.in_documents("") == ""


def test_a_label_for_a_row_of_fields_shows_no_ampersand_and_its_key_works(qtbot):
    holder = QWidget()
    qtbot.addWidget(holder)
    form = QFormLayout(holder)
    first = QLineEdit()
    label = buddy_label("&Dates:", first)
    form.addRow(label, QLineEdit())
    assert label.buddy() is first  # Alt+D goes to the first field; Qt then draws no "&"
    holder.show()
    qtbot.waitExposed(holder)
    assert isinstance(form.labelForField(form.itemAt(0, QFormLayout.ItemRole.FieldRole).widget()), QLabel)


def test_today_writes_its_date_as_words_without_padding(qtbot, actor, monkeypatch, tmp_path):
    attendance_data.build(actor, monkeypatch, size=1)
    screen = today_screen.build(actor)
    qtbot.addWidget(screen.view)
    screen.view.picker.set_day(dt.date(2025, 3, 3))
    screen.reload()
    assert screen.view.subtitle.text().startswith("Monday, March 3, 2025 ·")
