"""Clinic settings… (issue 17): reached from the Clinic menu by the roles that may, driven by keys.

Each value shows what it allows; Enter saves, and a value the clinic's rules refuse says why under
its field and keeps nothing; Escape closes without saving; the sign-in and lock settings are the
administrator's; the two lists have their own small editors.
"""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMenu, QWidget

from iopdesk.domain.care import suitability
from iopdesk.domain.care.common import levels
from iopdesk.domain.kernel import settings
from iopdesk.store.models import AuditEvent
from iopdesk.ui.main_window import MainWindow
from iopdesk.ui.views.settings.dialog import ClinicSettingsDialog
from iopdesk.ui.views.settings.lists import ListDialog
from tests.support import factories as f
from tests.support.enter_keys import ENTERS, press_enter, tab_to
from tests.support.roster_support import ScriptedPrompts

pytestmark = pytest.mark.qt_log_ignore("does not support (propagateSizeHints|raise|grabbing)")

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def window_for(qtbot, actor, role: str, tmp_path) -> MainWindow:
    acting = f.actor_as(actor, f.staff(actor, role, name=f"Pat {role.title()}"))
    window = MainWindow(
        acting, "/tmp/clinic.sqlite3", QSettings(str(tmp_path / f"{role}.ini"), QSettings.Format.IniFormat)
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def open_clinic_menu(qtbot, window) -> QMenu:
    qtbot.keyClick(window, Qt.Key.Key_I, ALT)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu) and menu is window.clinic_menu.menu
    return menu


def window_for_dialog(qtbot) -> QWidget:
    """A parent for a dialog opened on its own."""
    parent = QWidget()
    qtbot.addWidget(parent)
    return parent


def shown(qtbot, dialog):
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def retype(qtbot, widget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(widget, text)


@pytest.mark.parametrize("role", ["counselor", "frontdesk", "auditor"])
def test_roles_that_may_not_see_the_entry_unavailable_with_the_reason(qtbot, actor, role, tmp_path):
    window = window_for(qtbot, actor, role, tmp_path)
    menu = open_clinic_menu(qtbot, window)
    action = window.clinic_menu.settings_action
    assert [a.text() for a in menu.actions()] == ["Clinic &settings…"]
    assert not action.isEnabled()
    assert action.toolTip().startswith(
        f"Your account ({role.title() if role != 'frontdesk' else 'Front desk'}"
    )
    assert action.toolTip().endswith("cannot change clinic settings.")
    qtbot.keyClick(menu, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
    window.clinic_menu.open_settings()  # even asked for directly, nothing opens
    assert window.clinic_menu.dialog is None


def test_a_supervisor_changes_floors_by_keys_and_a_refused_value_says_why(qtbot, actor, tmp_path):
    window = window_for(qtbot, actor, "supervisor", tmp_path)
    menu = open_clinic_menu(qtbot, window)
    qtbot.keyClick(menu, Qt.Key.Key_S)  # Clinic settings…
    qtbot.waitUntil(lambda: window.clinic_menu.dialog is not None and window.clinic_menu.dialog.isVisible())
    dialog = window.clinic_menu.dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    adult = dialog.fields["adult_weekly_floor_minutes"]
    assert adult.editor.hasFocus()  # the first value of the first tab
    assert adult.allowed.text() == "Allowed: a whole number from 60 to 1140. Default: 540 (9 h)."

    retype(qtbot, adult.editor, "2000")
    assert adult.hint.text() == "= 33 h 20 min"
    qtbot.keyClick(adult.editor, Qt.Key.Key_Tab)
    retype(qtbot, dialog.fields["adolescent_weekly_floor_minutes"].editor, "420")
    qtbot.keyClick(dialog.fields["adolescent_weekly_floor_minutes"].editor, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.errors() == {
        "adult_weekly_floor_minutes": "Adult IOP weekly floor (minutes) must be a whole number from 60 to "
        "1140; 2000 is out of range."
    }
    assert adult.editor.hasFocus() and dialog.message.text().startswith("Nothing was saved")
    assert settings.values("adult_weekly_floor_minutes", "adolescent_weekly_floor_minutes") == {
        "adult_weekly_floor_minutes": 540,
        "adolescent_weekly_floor_minutes": 360,
    }

    retype(qtbot, adult.editor, "600")
    assert not adult.error_text()  # what was wrong was about the value before
    with qtbot.waitSignal(dialog.saved) as saved:
        qtbot.keyClick(adult.editor, Qt.Key.Key_Return)
    assert sorted(saved.args[0]) == ["adolescent_weekly_floor_minutes", "adult_weekly_floor_minutes"]
    qtbot.waitUntil(lambda: window.clinic_menu.dialog is None)
    assert settings.get("adult_weekly_floor_minutes") == 600
    assert settings.get("adolescent_weekly_floor_minutes") == 420
    audited = AuditEvent.select().where(AuditEvent.record_id == "adult_weekly_floor_minutes").get()
    assert json.loads(audited.changes) == {"adult_weekly_floor_minutes": [540, 600]}
    assert "Clinic settings saved (2 changes)." in window.statusBar().currentMessage()


def test_the_php_figure_and_a_floor_lowered_together_escape_keeps_nothing(qtbot, actor):
    settings.set_value(actor, "adult_weekly_floor_minutes", 1140)
    window = window_for_dialog(qtbot)
    dialog = shown(qtbot, ClinicSettingsDialog(window, actor))
    retype(qtbot, dialog.fields["php_weekly_minutes"].editor, "1000")
    qtbot.keyClick(dialog.fields["php_weekly_minutes"].editor, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and settings.get("php_weekly_minutes") == 1200

    dialog = shown(qtbot, ClinicSettingsDialog(window, actor))
    retype(qtbot, dialog.fields["php_weekly_minutes"].editor, "1000")
    qtbot.keyClick(dialog.fields["php_weekly_minutes"].editor, Qt.Key.Key_Return)
    assert (
        "must keep Adult IOP weekly floor (minutes) below Partial-hospitalization intensity"
        in (dialog.errors()["php_weekly_minutes"])
    )
    retype(qtbot, dialog.fields["adult_weekly_floor_minutes"].editor, "900")
    qtbot.keyClick(dialog.fields["adult_weekly_floor_minutes"].editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert settings.values("adult_weekly_floor_minutes", "php_weekly_minutes") == {
        "adult_weekly_floor_minutes": 900,
        "php_weekly_minutes": 1000,
    }


def test_sign_in_settings_are_the_administrators(qtbot, actor):
    parent = window_for_dialog(qtbot)
    supervisor = shown(qtbot, ClinicSettingsDialog(parent, actor))
    lock = supervisor.fields["lockout_attempts"]
    assert not lock.editor.isEnabled()
    assert lock.editor.toolTip() == "Your account (Supervisor) cannot change sign-in and lock settings."
    qtbot.keyClick(supervisor.tabs, Qt.Key.Key_L, ALT)  # Sign-in and lock
    assert supervisor.tabs.currentIndex() == supervisor.tab_of["lockout_attempts"]
    supervisor.reject()

    admin = f.actor_as(actor, f.staff(actor, "administrator", name="Ada Admin"))
    dialog = shown(qtbot, ClinicSettingsDialog(parent, admin))
    qtbot.keyClick(dialog.tabs, Qt.Key.Key_L, ALT)
    field = dialog.fields["lockout_attempts"]
    assert field.editor.isEnabled()
    retype(qtbot, field.editor, "4")
    qtbot.keyClick(field.editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert settings.get("lockout_attempts") == 4


def test_a_blank_part2_notice_is_refused_under_its_field_on_its_tab(qtbot, actor):
    parent = window_for_dialog(qtbot)
    dialog = shown(qtbot, ClinicSettingsDialog(parent, actor))
    notice = dialog.fields["part2_notice"]
    notice.editor.setPlainText("Please keep this private.")
    qtbot.keyClick(dialog.tabs, Qt.Key.Key_C, ALT)  # another tab on screen when Save is pressed
    qtbot.keyClick(dialog.fields["adolescent_age_cutoff"].editor, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.tabs.currentIndex() == dialog.tab_of["part2_notice"]
    assert notice.editor.hasFocus()
    assert dialog.errors()["part2_notice"].startswith(
        "42 CFR Part 2 notice on disclosures must name 42 CFR part 2"
    )
    assert settings.get("part2_notice") == settings.PART2_NOTICE
    qtbot.mouseClick(notice.restore, Qt.MouseButton.LeftButton)  # the shipped text back
    assert notice.value() == settings.PART2_NOTICE and not notice.is_changed()


def test_the_lists_have_their_own_editors(qtbot, actor):
    prompts = ScriptedPrompts(qtbot)
    parent = window_for_dialog(qtbot)
    dialog = shown(qtbot, ClinicSettingsDialog(parent, actor, prompts))
    qtbot.keyClick(dialog.tabs, Qt.Key.Key_C, ALT)  # Care
    assert dialog.fields["levels_of_care"].summary.text() == "3 entries: 1; 2.1; 2.5"

    def add_a_criterion(lists: ListDialog) -> None:
        assert lists.table.hasFocus() and lists.model.rowCount() == 5
        qtbot.keyClick(lists.table, Qt.Key.Key_A, ALT)  # Add: the new line's wording is open for typing
        qtbot.waitUntil(lambda: lists.table.state() == QAbstractItemView.State.EditingState)  # a moment later
        assert lists.model.rowCount() == 6 and lists.table.currentIndex().row() == 5
        qtbot.keyClicks(QApplication.focusWidget(), "Has transport to the sessions")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # Enter keeps the cell's text
        qtbot.waitUntil(lambda: lists.table.state() != QAbstractItemView.State.EditingState)
        assert lists.isVisible() and lists.model.entries()[-1] == ("", "Has transport to the sessions")
        qtbot.keyClick(lists.table, Qt.Key.Key_Return)  # and Enter again saves the list
        qtbot.waitUntil(lambda: not lists.isVisible())

    prompts.steps.append(add_a_criterion)
    with qtbot.waitSignal(dialog.saved):
        qtbot.keyClick(dialog.fields["screening_criteria"].editor, Qt.Key.Key_E, ALT)
    assert suitability.criteria()[-1] == suitability.Criterion(
        "has_transport_to_the_sessions", "Has transport to the sessions"
    )
    assert dialog.fields["screening_criteria"].summary.text().startswith("6 entries:")

    def remove_every_level(lists: ListDialog) -> None:
        for left in (2, 1, 0):
            qtbot.keyClick(lists.table, Qt.Key.Key_R, ALT)  # Remove
            qtbot.waitUntil(lambda left=left: lists.model.rowCount() == left)
        qtbot.keyClick(lists.table, Qt.Key.Key_Return)
        assert lists.isVisible() and lists.message.text() == "Keep at least one level of care."
        prompts.answers.append(True)  # the list was changed: "Close and lose it?" Yes
        qtbot.keyClick(lists.table, Qt.Key.Key_Escape)
        assert prompts.questions[-1] == "What you typed here is not saved. Close and lose it?"

    prompts.steps.append(remove_every_level)
    qtbot.keyClick(dialog.fields["levels_of_care"].editor, Qt.Key.Key_V, ALT)  # Edit le&vels…
    qtbot.waitUntil(lambda: not prompts.steps)
    assert list(levels()) == ["1", "2.1", "2.5"]
    assert dialog.isVisible() and not prompts.steps


@ENTERS
def test_enter_on_use_the_shipped_text_restores_it_and_in_a_field_saves(qtbot, actor, key, modifier):
    parent = window_for_dialog(qtbot)
    dialog = shown(qtbot, ClinicSettingsDialog(parent, actor))
    notice = dialog.fields["part2_notice"]
    dialog.tabs.setCurrentIndex(dialog.tab_of["part2_notice"])
    notice.editor.setFocus()
    qtbot.waitUntil(notice.editor.hasFocus)
    qtbot.keyClick(notice.editor, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(notice.editor, "Please keep this private.")
    tab_to(qtbot, notice.restore)
    press_enter(qtbot, key, modifier)  # the shipped text back (before, Enter here pressed Save)
    qtbot.waitUntil(lambda: notice.value() == settings.PART2_NOTICE)
    assert dialog.isVisible() and not notice.is_changed() and dialog.errors() == {}
    retype(qtbot, dialog.fields["adolescent_age_cutoff"].editor, "17")
    with qtbot.waitSignal(dialog.finished):
        press_enter(qtbot, key, modifier)  # in a field Enter saves, as before
    assert settings.get("adolescent_age_cutoff") == 17
    assert settings.get("part2_notice") == settings.PART2_NOTICE


def test_a_setting_changed_meanwhile_at_another_workstation_is_said_and_the_typing_kept(qtbot, actor):
    other = f.actor_as(actor, f.staff(actor, "administrator", name="Alex Admin"))
    window = window_for_dialog(qtbot)
    at_b = ClinicSettingsDialog(window, other)  # B opens the window first …
    at_a = shown(qtbot, ClinicSettingsDialog(window, actor))  # … then A, who saves first
    retype(qtbot, at_a.fields["absence_limit"].editor, "8")
    qtbot.keyClick(at_a.fields["absence_limit"].editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not at_a.isVisible())
    shown(qtbot, at_b)
    retype(qtbot, at_b.fields["absence_limit"].editor, "9")
    qtbot.keyClick(at_b.fields["absence_limit"].editor, Qt.Key.Key_Return)
    assert "changed at another workstation a moment ago (it is now 8)" in at_b.errors()["absence_limit"]
    assert at_b.isVisible() and settings.get("absence_limit") == 8
    assert at_b.fields["absence_limit"].value() == 9  # what B typed is still there
    qtbot.keyClick(at_b.fields["absence_limit"].editor, Qt.Key.Key_Return)  # seen: B saves theirs
    qtbot.waitUntil(lambda: not at_b.isVisible())
    assert settings.get("absence_limit") == 9
