"""What the chart changes around it: the client form no longer discharges (the chart does, and
re-admits), and enrolling someone in a group kept for the other population asks first, naming any
keep-apart partner in the same question (issue 15)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from iopdesk.domain.enrollment.enrollment import enroll
from iopdesk.domain.enrollment.keep_apart import add_keep_apart
from iopdesk.domain.enrollment.waitlist import add_to_waitlist, waitlist
from iopdesk.domain.overviews.rosters import group_roster
from iopdesk.store.models import AuditEvent
from iopdesk.ui.views import clients as clients_screen
from iopdesk.ui.views import groups as groups_screen
from iopdesk.ui.views.clients.client_dialog import ClientDialog
from tests.support.roster_helpers import TODAY, make_client, make_group
from tests.support.roster_support import ScriptedPrompts, open_view, pinned  # noqa: F401


def test_a_discharged_client_keeps_that_status_in_the_form_and_is_pointed_to_the_chart(
    qtbot,
    actor,
    pinned,  # noqa: F811
):
    from iopdesk.domain.clients.clients import update_client

    leo = make_client(actor, "Leo", "Ortiz")
    leo = update_client(
        actor, leo.id, status="discharged", discharge_date=TODAY, expected_version=leo.version
    )
    prompts = ScriptedPrompts(qtbot)
    screen = open_view(qtbot, clients_screen.build, actor, prompts)
    screen.open_client(leo.id)

    def look(dialog):  # type: ignore[no-untyped-def]
        assert isinstance(dialog, ClientDialog)
        assert [dialog.status.itemData(i) for i in range(dialog.status.count())] == ["discharged"]
        assert not dialog.status.isEnabled() and dialog.discharge.isVisible()
        assert "Re-admit the client from their chart" in dialog.status_hint.text()
        qtbot.keyClicks(dialog.phone, "555-0199")
        dialog.try_accept()

    prompts.steps.append(look)
    with qtbot.waitSignal(screen.client_changed):
        qtbot.keyClick(screen.view.picker.search_edit, Qt.Key.Key_F2)
    assert screen.client is not None and screen.client.status == "discharged"
    assert screen.client.phone == "555-0199" and screen.client.discharge_date == TODAY

    def add(dialog):  # type: ignore[no-untyped-def]
        keys = [dialog.status.itemData(i) for i in range(dialog.status.count())]
        assert keys == ["referred", "active", "on_hold"]
        dialog.reject()

    prompts.steps.append(add)
    qtbot.keyClick(screen.view.picker.search_edit, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert not prompts.steps


def test_enrolling_into_a_group_for_the_other_population_asks_and_names_keep_apart_partners(
    qtbot,
    actor,
    pinned,  # noqa: F811
):
    group = make_group(actor, "Adult Evening IOP", population="adult")
    member = make_client(actor, "Mona", "Lane")
    enroll(actor, member.id, group.id, TODAY, today=TODAY)
    teen = make_client(actor, "Toby", "Teen", date_of_birth=TODAY - dt.timedelta(days=16 * 365))
    add_keep_apart(actor, teen.id, member.id, "relatives")
    add_to_waitlist(actor, teen.id, group.id, today=TODAY)  # the line takes anyone; joining asks
    prompts = ScriptedPrompts(qtbot)
    screen = open_view(qtbot, groups_screen.build, actor, prompts)
    screen.view.filter_edit.setText("Adult Evening")
    assert screen.roster is not None and screen.view.waitlist_model.rowCount() == 1

    def enter(dialog):  # type: ignore[no-untyped-def]
        qtbot.keyClick(dialog.start, Qt.Key.Key_Return)

    prompts.steps.append(enter)
    prompts.answers.append(False)  # the team has not agreed: nothing changes
    screen.view.waitlist_table.setFocus()
    screen.view.waitlist_table.selectRow(0)
    qtbot.keyClick(screen.view.waitlist_table, Qt.Key.Key_Return)
    question = prompts.questions[-1]
    assert "Adult Evening IOP is a group for adults, and this client is treated as an adolescent" in question
    assert "kept apart from" in question and "Mona Lane — " in question
    assert [m.display_name for m in group_roster(actor, group.id).members] == ["Mona Lane"]
    assert [e.client_name for e in waitlist(actor, group.id)] == ["Toby Teen"]

    prompts.steps.append(enter)
    prompts.answers.append(True)  # agreed: enrolled, and the trail keeps that the warning was passed
    with qtbot.waitSignal(screen.roster_changed):
        qtbot.keyClick(screen.view.waitlist_table, Qt.Key.Key_Return)
    assert sorted(m.display_name for m in group_roster(actor, group.id).members) == ["Mona Lane", "Toby Teen"]
    passed = AuditEvent.select().where(AuditEvent.changes.contains("population_warning")).count()
    assert passed == 1
