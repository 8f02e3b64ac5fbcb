"""The group dialog's start date, end date and description; Enroll off for a closed group under way."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from iopdesk.domain.groups.groups import get_group
from iopdesk.ui.views import groups as groups_screen
from tests.support.roster_helpers import TODAY, make_group
from tests.support.roster_support import ScriptedPrompts, click, open_view, pinned  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def prompts(qtbot):
    return ScriptedPrompts(qtbot)


@pytest.fixture
def view(qtbot, actor, pinned, prompts):  # noqa: F811
    def build():
        return open_view(qtbot, groups_screen.build, actor, prompts)

    return build


def pick_group(v, name):
    v.view.filter_edit.setText(name)
    assert v.roster is not None and v.roster.group.name == name


def type_date(qtbot, field, text):
    field.edit.clear()
    qtbot.keyClicks(field.edit, text)


def test_start_end_and_description_are_edited_with_messages_beside_the_dates(qtbot, actor, view, prompts):
    group = make_group(actor, "Evening Process")
    v = view()
    pick_group(v, "Evening Process")

    def fill(dialog):
        assert dialog.start.edit.text() == "" and dialog.end.edit.text() == ""
        type_date(qtbot, dialog.start, "2025-03-10")
        type_date(qtbot, dialog.end, "2025-03-01")  # before the start: the domain refuses
        dialog.description.setPlainText("Evening group for clients who work days.")
        click(qtbot, dialog.ok_button)
        assert dialog.isVisible()
        assert dialog.field_errors["end_date"].isVisible()
        assert "end date is before its start date" in dialog.field_errors["end_date"].text()
        assert dialog.end.edit.hasFocus()
        type_date(qtbot, dialog.end, "not a day")
        click(qtbot, dialog.ok_button)
        assert dialog.field_errors["end_date"].isVisible() and dialog.isVisible()
        type_date(qtbot, dialog.end, "2025-06-30")
        click(qtbot, dialog.ok_button)

    prompts.steps.append(fill)
    with qtbot.waitSignal(v.roster_changed):
        v.a_edit.trigger()
    saved = get_group(actor, group.id, today=TODAY)
    assert saved.start_date == dt.date(2025, 3, 10)
    assert saved.end_date == dt.date(2025, 6, 30)
    assert saved.description == "Evening group for clients who work days."
    assert saved.active

    def check_filled(dialog):
        assert dialog.start.date_or_none() == dt.date(2025, 3, 10)
        assert dialog.description.toPlainText() == "Evening group for clients who work days."
        dialog.reject()

    prompts.steps.append(check_filled)
    v.a_edit.trigger()


def test_finishing_a_group_fills_in_today_as_its_end(qtbot, actor, view, prompts):
    group = make_group(actor, "Short Course")
    v = view()
    pick_group(v, "Short Course")

    def fill(dialog):
        dialog.active.setChecked(False)
        assert dialog.end.date_or_none() == TODAY
        click(qtbot, dialog.ok_button)

    prompts.steps.append(fill)
    with qtbot.waitSignal(v.roster_changed):
        v.a_edit.trigger()
    saved = get_group(actor, group.id, today=TODAY)
    assert not saved.active and saved.end_date == TODAY


def test_enroll_is_off_for_a_closed_group_that_has_started(qtbot, actor, view, prompts):
    make_group(actor, "Closed Cohort", enrollment_mode="closed", start_date=dt.date(2025, 2, 3))
    make_group(actor, "Closed Next Run", enrollment_mode="closed", start_date=dt.date(2025, 4, 7))
    make_group(actor, "Open Rolling")
    v = view()
    enroll_button = v.buttons["enroll"]

    pick_group(v, "Closed Cohort")
    assert v.roster.closed_and_started
    assert not v.a_enroll.isEnabled() and not enroll_button.isEnabled()
    assert "already started" in enroll_button.toolTip()
    assert "no new members" in v.view.group_details.text()
    qtbot.keyClick(v.view.groups_table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)  # nothing opens
    assert not prompts.dialogs

    pick_group(v, "Closed Next Run")
    assert v.a_enroll.isEnabled() and enroll_button.isEnabled()
    assert "already started" not in enroll_button.toolTip()

    pick_group(v, "Open Rolling")
    assert v.a_enroll.isEnabled()
