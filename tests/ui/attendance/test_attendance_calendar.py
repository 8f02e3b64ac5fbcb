"""Scheduling individual and family sessions, and site holidays, from the attendance screen."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QWidget

from iopdesk.domain.calendar import client_sessions, holidays, sessions
from iopdesk.ui.kit.day_picker import to_qdate
from iopdesk.ui.views import attendance as attendance_screen
from iopdesk.ui.views.attendance.client_session_dialog import ClientSessionDialog
from iopdesk.ui.views.attendance.family_members import COL_NAME, COL_RELATIONSHIP, FamilyMembersDialog
from iopdesk.ui.views.attendance.holidays_dialog import HolidaysDialog
from iopdesk.ui.views.attendance.session_dialogs import AddSessionDialog
from tests.support import attendance_data
from tests.support import factories as f
from tests.support.attendance_view import shown_screen
from tests.support.enter_keys import ENTERS, focused, press_enter, tab_to
from tests.support.roster_support import ScriptedPrompts

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
TODAY = attendance_data.TODAY


@pytest.fixture
def clinic(actor, monkeypatch):
    return attendance_data.build(actor, monkeypatch, size=3)


def make_view(qtbot, actor, clinic):  # type: ignore[no-untyped-def]
    return shown_screen(qtbot, actor, clinic.session.id)


@pytest.fixture
def view(qtbot, actor, clinic):
    return make_view(qtbot, actor, clinic)


def wait_for_dialog(qtbot, view, kind):
    qtbot.waitUntil(lambda: isinstance(view.take.dialog, kind) and view.take.dialog.isVisible())
    return view.take.dialog


def choose_client(qtbot, dialog, client) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(dialog.picker.search_edit, client.chart_number)
    with qtbot.waitSignal(dialog.picker.results_shown):
        pass
    assert dialog.picker.current() is not None


def test_the_schedule_menu_offers_the_calendar_actions(view):
    actions = [a.text() for a in view.take.view.add_button.menu().actions() if not a.isSeparator()]
    assert actions == ["Extra &group session…", "&Individual or family session…", "&Holidays…"]


def test_schedule_an_individual_session_and_take_its_attendance(qtbot, view, clinic, actor):
    view.take.view.client_session_action.trigger()
    dialog = wait_for_dialog(qtbot, view, ClientSessionDialog)
    assert not dialog.family.isVisibleTo(dialog)
    assert dialog.staff.row_at(dialog.staff.index(dialog.facilitator.currentIndex(), 0)).id == actor.staff_id
    choose_client(qtbot, dialog, clinic.members[1])
    qtbot.keyClicks(dialog.start, "2:30 pm")
    dialog.minutes.setValue(50)
    dialog.modality.setCurrentIndex(dialog.modality.findData("telehealth"))
    dialog.topic.setText("Relapse plan review")
    dialog.accept()
    qtbot.waitUntil(lambda: view.take.dialog is None)
    opened = view.take.marking.session
    assert opened is not None and opened.kind == "individual"
    assert opened.client_id == clinic.members[1].id and opened.facilitator_id == actor.staff_id
    assert (opened.date, opened.start_time, opened.duration_minutes) == (TODAY, dt.time(14, 30), 50)
    assert opened.modality == "telehealth" and opened.topic == "Relapse plan review"
    assert view.take.view.sessions.rowCount() == 2  # in the day's list, opened for attendance
    assert [r.client_id for r in view.take.view.model.rows] == [clinic.members[1].id]
    qtbot.keyClick(view.take.view.table, "p")
    assert view.take.view.model.rows[0].status == "present"
    assert not view.take.view.family_button.isVisibleTo(view.view)


def test_a_family_session_lists_who_came_and_can_change_it(qtbot, view, clinic, actor):
    view.take.calendar.schedule_client_session()
    dialog = wait_for_dialog(qtbot, view, ClientSessionDialog)
    choose_client(qtbot, dialog, clinic.members[0])
    dialog.kind.setCurrentIndex(dialog.kind.findData("family"))
    assert dialog.family.isVisibleTo(dialog)
    model = dialog.family.model
    qtbot.mouseClick(dialog.family.add_button, Qt.MouseButton.LeftButton)
    model.setData(model.index(0, COL_NAME), "Maria Testperson")
    model.setData(model.index(0, COL_RELATIONSHIP), "Mother")
    dialog.family.add_person()
    dialog.family.add_person()  # left empty: ignored
    model.setData(model.index(1, COL_NAME), "Joe Testperson")
    qtbot.keyClicks(dialog.start, "5 pm")
    dialog.accept()
    assert dialog.isVisible() and "relationship" in dialog.message.text()  # Joe has none: refused
    model.setData(model.index(1, COL_RELATIONSHIP), "Brother")
    dialog.accept()
    qtbot.waitUntil(lambda: view.take.dialog is None)
    opened = view.take.marking.session
    assert opened is not None and opened.kind == "family"
    found = client_sessions.family_members(actor, opened.id)
    assert [(m.name, m.relationship) for m in found] == [
        ("Maria Testperson", "Mother"),
        ("Joe Testperson", "Brother"),
    ]
    assert view.take.view.family_button.isVisibleTo(view.view)

    view.take.view.family_button.click()
    edit = wait_for_dialog(qtbot, view, FamilyMembersDialog)
    assert edit.editor.model.pairs() == [("Maria Testperson", "Mother"), ("Joe Testperson", "Brother")]
    edit.editor.table.setCurrentIndex(edit.editor.model.index(1, 0))
    edit.editor.remove_person()
    edit.accept()
    qtbot.waitUntil(lambda: view.take.dialog is None)
    assert [m.name for m in client_sessions.family_members(actor, opened.id)] == ["Maria Testperson"]


def lose_the_typing(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    """Cancel after typing asks "Close and lose it?"; the answer is yes."""
    dialog.prompts = ScriptedPrompts(qtbot)
    dialog.prompts.answers.append(True)
    dialog.reject()
    assert dialog.prompts.questions and not dialog.isVisible()


def test_the_client_session_dialog_refuses_calmly(qtbot, view, clinic, actor):
    view.take.calendar.schedule_client_session()
    dialog = wait_for_dialog(qtbot, view, ClientSessionDialog)
    dialog.accept()
    assert dialog.isVisible() and dialog.message.text() == "Find and choose the client first."
    choose_client(qtbot, dialog, clinic.members[2])
    dialog.accept()
    assert dialog.isVisible() and "start time" in dialog.message.text()
    holidays.add_holiday(actor, TODAY + dt.timedelta(days=1), "Founders Day")
    dialog.date.setDate(to_qdate(TODAY + dt.timedelta(days=1)))
    qtbot.keyClicks(dialog.start, "10:00")
    dialog.accept()
    assert dialog.isVisible() and "holiday" in dialog.message.text()
    lose_the_typing(qtbot, dialog)


def test_add_and_remove_a_holiday(qtbot, view, clinic, actor, qtmodeltester):
    other = f.session(actor, clinic.group, TODAY, start=dt.time(18, 0))
    f.attend(actor, other, clinic.members[0], "present")
    view.take.view.holidays_action.trigger()
    dialog = wait_for_dialog(qtbot, view, HolidaysDialog)
    assert dialog.model.rowCount() == 0
    qtbot.keyClicks(dialog.reason, "Staff training day")
    with qtbot.waitSignal(dialog.calendar_changed):
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    text = dialog.message.text()
    assert dialog.message.objectName() == "notice"  # what it did, not an alarm
    assert "1 session(s) cancelled" in text
    assert "Kept because attendance was already recorded or a note signed: Relapse Prevention 6:00 pm" in text
    assert dialog.model.rowCount() == 1 and dialog.model.rows[0].reason == "Staff training day"
    qtmodeltester.check(dialog.model)
    assert sessions.get_session(actor, clinic.session.id).cancelled
    qtbot.waitUntil(lambda: view.take.marking.session is not None and view.take.marking.session.cancelled)

    dialog.table.selectRow(0)
    with qtbot.waitSignal(dialog.calendar_changed):
        dialog.remove_button.click()
    assert "1 session(s) scheduled again" in dialog.message.text()
    assert dialog.model.rowCount() == 0
    assert not sessions.get_session(actor, clinic.session.id).cancelled
    dialog.reject()
    qtbot.waitUntil(lambda: view.take.dialog is None)


def test_holidays_are_refused_to_a_counselor_with_the_message(qtbot, actor, clinic):
    counselor = f.actor_as(actor, f.staff(actor, "counselor"))
    view = make_view(qtbot, counselor, clinic)
    view.take.calendar.show_holidays()
    dialog = wait_for_dialog(qtbot, view, HolidaysDialog)
    qtbot.keyClicks(dialog.reason, "Snow day")
    dialog.add_button.click()
    assert dialog.message.isVisibleTo(dialog) and "holidays" in dialog.message.text()
    assert dialog.message.objectName() == "alertBadge" and dialog.model.rowCount() == 0
    assert not sessions.get_session(actor, clinic.session.id).cancelled
    dialog.reject()


def test_family_members_model_passes_the_model_tester(qtbot, view, qtmodeltester):
    view.take.calendar.schedule_client_session()
    dialog = wait_for_dialog(qtbot, view, ClientSessionDialog)
    dialog.family.add_person()
    dialog.family.model.setData(dialog.family.model.index(0, COL_NAME), "Ana")
    qtmodeltester.check(dialog.family.model)
    lose_the_typing(qtbot, dialog)


def test_an_extra_session_starts_from_the_group_on_screen_and_its_usual_length(qtbot, actor, monkeypatch):
    """Schedule → Extra group session: the group on screen, its usual start and length, and a
    facilitator (the acting counselor who leads it), so the session shows in someone's lists."""
    clinic = attendance_data.build(actor, monkeypatch, size=2)
    other = f.group(actor, "Another Group")
    f.schedule(actor, clinic.group, attendance_data.TODAY.weekday(), start=dt.time(18, 0), minutes=120)
    f.schedule(actor, other, attendance_data.TODAY.weekday(), start=dt.time(10, 0), minutes=60)
    screen = attendance_screen.build(actor)
    qtbot.addWidget(screen.view)
    screen.view.show()
    qtbot.waitExposed(screen.view)
    screen.open_session(clinic.session.id)
    screen.take.calendar.add_session()
    qtbot.waitUntil(lambda: isinstance(screen.take.dialog, AddSessionDialog))
    qtbot.waitUntil(screen.take.dialog.isVisible)
    dialog = screen.take.dialog
    assert dialog.group.currentText() == "Relapse Prevention"  # the group on screen, not the first listed
    assert (dialog.start.text(), dialog.minutes.value()) == ("6:00 pm", 120)
    assert dialog.facilitator_id() == actor.staff_id
    assert dialog.facilitator.currentText() == "tester"  # by name, found in the list of clinical staff
    qtbot.keyClick(dialog.group, Qt.Key.Key_Up)  # another group: its own usual time and length
    assert dialog.group.currentText() == "Another Group"
    assert (dialog.start.text(), dialog.minutes.value()) == ("10:00 am", 60)
    qtbot.keyClick(dialog.group, Qt.Key.Key_Down)
    dialog.start.setFocus()
    qtbot.keyClick(dialog.start, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.start, "7:15 pm")
    qtbot.keyClick(dialog.start, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.take.dialog is None)
    opened = screen.take.marking.session
    assert opened is not None and opened.id != clinic.session.id
    assert (opened.start_time, opened.duration_minutes, opened.facilitator_id) == (
        dt.time(19, 15),
        120,
        actor.staff_id,
    )


def test_the_holidays_say_upfront_who_may_change_them(qtbot, actor, clinic):
    desk = f.actor_as(actor, f.staff(actor, "frontdesk"))
    view = make_view(qtbot, desk, clinic)
    view.take.calendar.show_holidays()
    dialog = wait_for_dialog(qtbot, view, HolidaysDialog)
    assert dialog.message.isVisibleTo(dialog)
    assert dialog.message.text() == "Your account (Front desk) cannot change the clinic's holidays."
    dialog.reject()


def holiday_added_with_enter(qtbot, view, key, modifier) -> HolidaysDialog:  # type: ignore[no-untyped-def]
    """The holidays dialog, opened from the menu, with "Staff training day" typed in its name field
    and added by Enter there."""
    view.take.view.holidays_action.trigger()
    dialog = wait_for_dialog(qtbot, view, HolidaysDialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.date.hasFocus)
    tab_to(qtbot, dialog.reason)
    qtbot.keyClicks(dialog.reason, "Staff training day")
    with qtbot.waitSignal(dialog.calendar_changed):
        press_enter(qtbot, key, modifier)
    return dialog


@ENTERS
def test_enter_in_the_holiday_fields_adds_and_on_remove_or_close_presses_that(qtbot, view, key, modifier):  # type: ignore[no-untyped-def]
    dialog = holiday_added_with_enter(qtbot, view, key, modifier)  # in a field, Enter adds (as before)
    assert [h.reason for h in dialog.model.rows] == ["Staff training day"]
    tab_to(qtbot, dialog.remove_button)  # Tab passing Add and Close leaves Add the default
    with qtbot.waitSignal(dialog.calendar_changed):
        press_enter(qtbot, key, modifier)  # on Remove: removed (it used to press Add instead)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 0)
    assert "scheduled again" in dialog.message.text()
    close = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    tab_to(qtbot, close)
    with qtbot.waitSignal(dialog.finished):
        press_enter(qtbot, key, modifier)
    qtbot.waitUntil(lambda: view.take.dialog is None)
    assert dialog.model.rowCount() == 0  # nothing added on the way out


@ENTERS
def test_enter_on_add_or_remove_a_person_presses_it_and_enter_in_the_list_saves(qtbot, key, modifier):  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    saved: list[list[tuple[str, str]]] = []
    dialog = FamilyMembersDialog(
        parent, "Family session", [("Maria Testperson", "Mother"), ("Joe Testperson", "Brother")],
        lambda pairs: saved.append(pairs),
    )  # fmt: skip
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    table = dialog.editor.table
    qtbot.waitUntil(table.hasFocus)
    table.setCurrentIndex(dialog.editor.model.index(0, COL_NAME))
    qtbot.keyClick(table, Qt.Key.Key_Down)  # Joe
    tab_to(qtbot, dialog.editor.remove_button)
    press_enter(qtbot, key, modifier)  # Remove, not Save
    qtbot.waitUntil(lambda: dialog.editor.model.pairs() == [("Maria Testperson", "Mother")])
    assert dialog.isVisible() and not saved
    tab_to(qtbot, dialog.editor.add_button, back=True)
    press_enter(qtbot, key, modifier)  # Add a person: a new row, its name cell open for typing
    qtbot.waitUntil(lambda: dialog.editor.model.rowCount() == 2 and table.viewport().isAncestorOf(focused()))
    assert not saved
    qtbot.keyClicks(focused(), "Ana Testperson")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)  # Tab keeps the name and moves on
    qtbot.keyClicks(focused(), "Aunt")
    press_enter(qtbot, key, modifier)  # in a cell Enter keeps it…
    qtbot.waitUntil(table.hasFocus)
    assert dialog.isVisible() and not saved
    with qtbot.waitSignal(dialog.finished):
        press_enter(qtbot, key, modifier)  # …and in the list it saves, as before
    assert saved == [[("Maria Testperson", "Mother"), ("Ana Testperson", "Aunt")]]


@ENTERS
def test_enter_in_the_holiday_list_adds_nothing(qtbot, view, key, modifier):  # type: ignore[no-untyped-def]
    dialog = holiday_added_with_enter(qtbot, view, key, modifier)
    # What the fields hold when the person goes to the list: another day, a name begun.
    dialog.date.setDate(dialog.date.date().addDays(1))
    dialog.reason.setText("Half-typed name")
    dialog.table.setFocus()
    dialog.table.selectRow(0)
    with qtbot.assertNotEmitted(dialog.calendar_changed):
        press_enter(qtbot, key, modifier)  # on a chosen holiday: nothing (it used to press Add)
    assert [h.reason for h in dialog.model.rows] == ["Staff training day"]
    assert dialog.isVisible() and dialog.reason.text() == "Half-typed name"
    dialog.reject()
