"""The Clients view: search as you type, add and edit with field errors, the client's page."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from iopdesk.domain.clients.clients import search_clients
from iopdesk.domain.enrollment.enrollment import enroll
from iopdesk.domain.enrollment.keep_apart import add_keep_apart
from iopdesk.ui.kit.check_list import CheckListModel
from iopdesk.ui.views import clients as clients_screen
from tests.support.roster_helpers import TODAY, make_client, make_group
from tests.support.roster_support import ScriptedPrompts, cancel, click, open_view, pinned  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def prompts(qtbot):
    return ScriptedPrompts(qtbot)


@pytest.fixture
def view(qtbot, actor, pinned, prompts):  # noqa: F811
    def build():
        return open_view(qtbot, clients_screen.build, actor, prompts)

    return build


def listed(v):
    return [c.display_name for c in v.view.picker.model.rows]


def test_search_filters_as_you_type(qtbot, actor, view):
    make_client(actor, "Maria", "Lopez", preferred_name="Mari", chart_number="MRN-77")
    make_client(actor, "Mark", "Stone")
    make_client(actor, "John", "Smith")
    v = view()
    assert len(listed(v)) == 3  # an empty search lists everyone (up to the cap)
    assert v.view.picker.search_edit.hasFocus()
    qtbot.keyClicks(v.view.picker.search_edit, "mar")
    qtbot.waitUntil(lambda: len(listed(v)) == 2)
    assert sorted(listed(v)) == ["Maria (Mari) Lopez", "Mark Stone"]
    qtbot.keyClicks(v.view.picker.search_edit, "i")
    qtbot.waitUntil(lambda: listed(v) == ["Maria (Mari) Lopez"])
    assert v.client is not None and v.client.chart_number == "MRN-77"
    assert v.view.panel.name.text() == "Maria (Mari) Lopez"
    v.view.picker.search_edit.clear()
    qtbot.keyClicks(v.view.picker.search_edit, "mrn-77")
    qtbot.waitUntil(lambda: listed(v) == ["Maria (Mari) Lopez"])
    v.view.picker.search_edit.clear()
    qtbot.keyClicks(v.view.picker.search_edit, "zz")
    qtbot.waitUntil(lambda: listed(v) == [])
    assert "No client matches" in v.view.count_label.text()
    assert not v.view.panel.page.isVisible()


def test_add_client_shows_errors_next_to_fields(qtbot, actor, view, prompts):
    make_client(actor, "Taken", "Chart", chart_number="C-9")
    v = view()

    def fill(dialog):
        qtbot.keyClicks(dialog.legal_first, "Rosa")
        click(qtbot, dialog.ok_button)
        assert dialog.field_errors["legal_last"].isVisible() and dialog.legal_last.hasFocus()
        qtbot.keyClicks(dialog.legal_last, "Diaz")
        qtbot.keyClicks(dialog.dob.edit, "31/31/1980")
        click(qtbot, dialog.ok_button)
        assert dialog.field_errors["date_of_birth"].isVisible()
        assert not dialog.field_errors["legal_last"].isVisible()
        dialog.dob.edit.setText("3/14/1985")
        assert dialog.dob.hint.text() == "Thursday, March 14, 1985"
        qtbot.keyClicks(dialog.chart, "c-9")
        click(qtbot, dialog.ok_button)
        assert "already belongs" in dialog.field_errors["chart_number"].text()
        dialog.chart.clear()  # blank: IOPdesk makes a number
        qtbot.keyClicks(dialog.preferred, "Ro")
        click(qtbot, dialog.ok_button)

    prompts.steps.append(fill)
    with qtbot.waitSignal(v.client_changed):
        qtbot.keyClick(v.view.picker.search_edit, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    (rosa,) = search_clients(actor, "rosa")
    assert rosa.date_of_birth == dt.date(1985, 3, 14) and rosa.chart_number.startswith("C-")
    assert v.client.id == rosa.id
    assert "Rosa (Ro) Diaz added" in v.view.notice.text()


def test_edit_with_f2_from_the_list(qtbot, actor, view, prompts):
    """Editing is its own action (F2); Enter on a result opens the client's page instead."""
    make_client(actor, "Leo", "Ortiz")
    v = view()
    qtbot.keyClicks(v.view.picker.search_edit, "leo")
    qtbot.waitUntil(lambda: listed(v) == ["Leo Ortiz"] and v.client is not None)

    def fill(dialog):
        assert dialog.legal_first.text() == "Leo"
        # Discharging is done in the chart (it ends the episode, groups and team), not by a status edit.
        assert dialog.status.findData("discharged") == -1
        assert "use Discharge in their chart" in dialog.status_hint.text()
        assert not dialog.discharge.isVisible()
        dialog.status.setCurrentIndex(dialog.status.findData("on_hold"))
        qtbot.keyClicks(dialog.phone, "555-0100")
        click(qtbot, dialog.ok_button)

    prompts.steps.append(fill)
    with qtbot.waitSignal(v.client_changed):
        qtbot.keyClick(v.view.picker.search_edit, Qt.Key.Key_F2)
    assert v.client.status == "on_hold" and v.client.phone == "555-0100"
    assert v.view.panel.detail_labels["phone"].text() == "555-0100"


def test_client_page_lists_groups_keep_apart_and_hours(qtbot, qtmodeltester, actor, view, prompts):
    group = make_group(actor, "Morning Process")
    sam = make_client(actor, "Sam", "Reyes")
    ana = make_client(actor, "Ana", "Reyes")
    enroll(actor, sam.id, group.id, TODAY, today=TODAY)
    add_keep_apart(actor, sam.id, ana.id, "relatives")
    v = view()
    qtbot.keyClicks(v.view.picker.search_edit, "sam")
    qtbot.waitUntil(lambda: listed(v) == ["Sam Reyes"])
    panel = v.view.panel
    assert [g.group_name for g in panel.groups_model.rows] == ["Morning Process"]
    assert panel.groups_model.index(0, 2).data() == "Mar 3, 2025"
    assert [k.other_name for k in panel.keep_model.rows] == ["Ana Reyes"]
    assert "Week of Mon Mar 3" in panel.hours.text()

    third = make_client(actor, "Cy", "Reyes")

    def fill(dialog):
        qtbot.keyClicks(dialog.picker.search_edit, "cy")
        qtbot.waitUntil(lambda: dialog.picker.model.rowCount() == 1)
        dialog.reason.setCurrentIndex(dialog.reason.findData("codefendants"))
        click(qtbot, dialog.ok_button)

    prompts.steps.append(fill)
    with qtbot.waitSignal(v.client_changed):
        v.a_keep.trigger()
    assert sorted(k.other_name for k in panel.keep_model.rows) == ["Ana Reyes", "Cy Reyes"]
    assert third.id in {k.other_client_id for k in panel.keep_model.rows}

    panel.keep_table.selectRow(0)
    prompts.answers.append(True)
    with qtbot.waitSignal(v.client_changed):
        v.a_unkeep.trigger()
    assert len(panel.keep_model.rows) == 1

    for model in (v.view.picker.model, panel.groups_model, panel.keep_model):
        qtmodeltester.check(model)
    checks = CheckListModel([(1, "One"), (2, "Two")])
    checks.set_checked([2])
    qtmodeltester.check(checks)
