"""The Groups view through its real widgets: enroll, end, wait list, keep-apart, new group, sign-in PDF."""

import datetime as dt
import uuid

import pytest
from PySide6.QtCore import QDate, Qt

from iopdesk.domain.calendar.sessions import sessions_between
from iopdesk.domain.enrollment.enrollment import enroll
from iopdesk.domain.enrollment.keep_apart import add_keep_apart
from iopdesk.domain.enrollment.waitlist import add_to_waitlist
from iopdesk.domain.overviews.rosters import client_groups, group_roster
from iopdesk.render.sign_in_pdf import sheet_lines
from iopdesk.ui.views import groups as groups_screen
from tests.support.roster_helpers import TODAY, make_client, make_group
from tests.support.roster_support import ScriptedPrompts, cancel, click, open_view, pinned  # noqa: F401

# The offscreen platform says this whenever a top-level window or dialog is sized; it is harmless.
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


def pick_member(v, name):
    for row in range(v.view.members_proxy.rowCount()):
        index = v.view.members_proxy.index(row, 0)
        if index.data() == name:
            v.view.members_table.setCurrentIndex(index)
            return
    raise AssertionError(f"{name} is not listed")


def member_names(v):
    return [v.view.members_proxy.index(r, 0).data() for r in range(v.view.members_proxy.rowCount())]


def test_enroll_a_client_then_end_the_enrollment(qtbot, actor, view, prompts):
    group = make_group(actor, "Morning Process")
    make_client(actor, "Samuel", "Reyes", preferred_name="Sam")
    make_client(actor, "Ana", "Diaz")
    v = view()
    pick_group(v, "Morning Process")
    assert v.view.members_empty.isVisible() and not v.view.members_table.isVisible()

    def fill_enroll(dialog):
        qtbot.keyClicks(dialog.picker.search_edit, "sam")
        qtbot.waitUntil(lambda: dialog.picker.model.rowCount() == 1 and dialog.picker.current() is not None)
        qtbot.keyClick(dialog.picker.search_edit, Qt.Key.Key_Return)  # picks Sam, does not press OK
        assert dialog.isVisible() and dialog.start.hasFocus()
        assert dialog.start.date() == QDate(2025, 3, 3)  # the group's next meeting
        assert not dialog.full_note.isVisible()
        click(qtbot, dialog.ok_button)

    prompts.steps.append(fill_enroll)
    with qtbot.waitSignal(v.roster_changed) as changed:
        click(qtbot, v.buttons["enroll"])
    assert changed.args == [group.id]
    assert member_names(v) == ["Samuel (Sam) Reyes"]
    assert "enrolled in Morning Process" in v.view.notice.text()

    pick_member(v, "Samuel (Sam) Reyes")

    def fill_end(dialog):
        dialog.reason.setCurrentIndex(dialog.reason.findData("withdrawn"))
        qtbot.keyClicks(dialog.comment, "Moved out of state")
        dialog.end_date.setDate(QDate(2025, 3, 5))
        click(qtbot, dialog.ok_button)

    prompts.steps.append(fill_end)
    with qtbot.waitSignal(v.roster_changed):
        click(qtbot, v.buttons["end"])
    (line,) = client_groups(actor, group_roster(actor, group.id).members[0].client_id)
    assert (line.status, line.end_date, line.end_reason) == ("withdrawn", dt.date(2025, 3, 5), "withdrawn")
    assert "Withdrawn, until Mar 5, 2025" in [v.view.members_proxy.index(0, 1).data()]


def test_end_date_refusal_is_shown_in_the_dialog(qtbot, actor, view, prompts):
    group = make_group(actor, "Evening")
    client = make_client(actor, "Leo", "Ortiz")
    enroll(actor, client.id, group.id, TODAY, today=TODAY)
    v = view()
    pick_group(v, "Evening")
    pick_member(v, "Leo Ortiz")
    shown = []

    def fill_end(dialog):
        dialog.end_date.setMinimumDate(QDate(2000, 1, 1))
        dialog.end_date.setDate(QDate(2025, 3, 1))  # before the start: the domain refuses
        click(qtbot, dialog.ok_button)
        shown.extend(dialog.shown_errors())
        assert dialog.isVisible()
        prompts.answers.append(True)  # the date typed goes: "Close and lose it"
        cancel(dialog)
        assert "not saved" in prompts.questions[-1] and not dialog.isVisible()

    prompts.steps.append(fill_end)
    v.a_end.trigger()
    assert shown and "before the enrollment's start date" in shown[0]
    assert member_names(v) == ["Leo Ortiz"]


def test_full_group_wait_list_reorder_and_enroll_from_it(qtbot, actor, view, prompts):
    group = make_group(actor, "Tiny", max_size=1)
    first = make_client(actor, "Uma", "Park")
    enroll(actor, first.id, group.id, TODAY, today=TODAY)
    waiting = [make_client(actor, name, "Stone") for name in ("Vic", "Wes")]
    add_to_waitlist(actor, waiting[0].id, group.id, today=TODAY)
    v = view()
    pick_group(v, "Tiny")
    assert v.view.waitlist_model.rowCount() == 1

    def fill_enroll(dialog):
        assert dialog.full_note.isVisible() and "Tiny is full (1 of 1" in dialog.full_note.text()
        qtbot.keyClicks(dialog.picker.search_edit, "wes")
        qtbot.waitUntil(lambda: dialog.picker.model.rowCount() == 1 and dialog.picker.current() is not None)
        click(qtbot, dialog.ok_button)  # no reason given: the client joins the wait list

    prompts.steps.append(fill_enroll)
    with qtbot.waitSignal(v.roster_changed):
        v.a_enroll.trigger()
    assert "#2 on the wait list" in v.view.notice.text()
    assert [e.client_name for e in v.view.waitlist_model.rows] == ["Vic Stone", "Wes Stone"]

    v.view.waitlist_table.setFocus()
    v.view.waitlist_table.selectRow(1)
    with qtbot.waitSignal(v.roster_changed):
        qtbot.keyClick(v.view.waitlist_table, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [e.client_name for e in v.view.waitlist_model.rows] == ["Wes Stone", "Vic Stone"]
    assert v.current_waiting().client_name == "Wes Stone"

    pick_member(v, "Uma Park")
    prompts.steps.append(lambda d: (d.end_date.setDate(QDate(2025, 3, 3)), click(qtbot, d.ok_button)))
    v.a_end.trigger()

    v.view.waitlist_table.selectRow(0)
    errors = []

    def fill_from_waitlist(dialog):
        assert dialog.start.date() == QDate(2025, 3, 3)
        click(qtbot, dialog.ok_button)  # Uma still holds the place today
        errors.extend(dialog.shown_errors())
        dialog.start.setDate(QDate(2025, 3, 5))
        click(qtbot, dialog.ok_button)

    prompts.steps.append(fill_from_waitlist)
    with qtbot.waitSignal(v.roster_changed):
        qtbot.keyClick(v.view.waitlist_table, Qt.Key.Key_Return)  # Enter on the wait list enrolls
    assert errors and "full" in errors[0]
    assert "Wes Stone enrolled in Tiny from Mar 5, 2025" in v.view.notice.text()
    assert [e.client_name for e in v.view.waitlist_model.rows] == ["Vic Stone"]


def test_keep_apart_warning_asks_before_enrolling(qtbot, actor, view, prompts):
    group = make_group(actor, "Process")
    sam = make_client(actor, "Sam", "Reyes")
    ana = make_client(actor, "Ana", "Reyes")
    enroll(actor, sam.id, group.id, TODAY, today=TODAY)
    add_keep_apart(actor, sam.id, ana.id, "relatives", "Siblings")
    v = view()
    pick_group(v, "Process")
    prompts.answers += [False, True]

    def fill(dialog):
        qtbot.keyClicks(dialog.picker.search_edit, "ana")
        qtbot.waitUntil(lambda: dialog.picker.model.rowCount() == 1 and dialog.picker.current() is not None)
        click(qtbot, dialog.ok_button)
        assert dialog.isVisible()  # declined: still open, nothing saved
        assert len(group_roster(actor, group.id).members) == 1
        click(qtbot, dialog.ok_button)  # asked again, and this time the team agreed

    prompts.steps.append(fill)
    with qtbot.waitSignal(v.roster_changed):
        v.a_enroll.trigger()
    assert "Sam Reyes — Relatives (Siblings)" in prompts.questions[0]
    assert sorted(member_names(v)) == ["Ana Reyes", "Sam Reyes"]


def test_new_group_with_schedule_and_field_error(qtbot, actor, view, prompts):
    v = view()
    assert v.view.empty.isVisible()

    def fill(dialog):
        click(qtbot, dialog.ok_button)  # no name yet
        assert dialog.field_errors["name"].isVisible() and dialog.name.hasFocus()
        qtbot.keyClicks(dialog.name, "Relapse Prevention")
        dialog.kind.setCurrentIndex(dialog.kind.findData("relapse_prevention"))
        for day in (0, 2, 4):
            dialog.schedule.days[day].setChecked(True)
        dialog.max_size.setValue(10)
        click(qtbot, dialog.ok_button)

    prompts.steps.append(fill)
    with qtbot.waitSignal(v.roster_changed):
        qtbot.keyClick(v.view.groups_table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    overview = v.current_overview()
    assert overview.group.name == "Relapse Prevention"
    assert v.view.groups_proxy.index(0, 3).data() == "Mon Wed Fri 9:00 am–12:00 pm"
    sessions = sessions_between(actor, TODAY, TODAY + dt.timedelta(days=6), group_id=overview.group.id)
    assert [s.date.weekday() for s in sessions] == [0, 2, 4]


def test_print_sign_in_sheet_as_pdf(qtbot, actor, view, prompts, tmp_path):
    group = make_group(actor, "Morning Skills")
    for first, last, preferred in (("Samuel", "Reyes", "Sam"), ("Ana", "Diaz", "")):
        client = make_client(actor, first, last, preferred_name=preferred)
        enroll(actor, client.id, group.id, TODAY, today=TODAY)
    v = view()
    pick_group(v, "Morning Skills")
    target = tmp_path / "sheet.pdf"
    prompts.paths.append(str(target))

    def fill(dialog):
        assert "(today)" in dialog.session.currentText()
        click(qtbot, dialog.ok_button)

    prompts.steps.append(fill)
    v.a_print.trigger()
    assert target.read_bytes().startswith(b"%PDF")
    assert str(target) in v.view.notice.text()


def test_sheet_lines_are_first_name_and_initial_plus_walk_ins(actor, pinned):  # noqa: F811
    from iopdesk.domain.overviews.rosters import sign_in_sheet

    group = make_group(actor, "Lines")
    client = make_client(actor, "Samuel", "Reyes", preferred_name="Sam")
    enroll(actor, client.id, group.id, TODAY, today=TODAY)
    from iopdesk.domain.calendar.sessions import sessions_on

    (session,) = sessions_on(actor, TODAY)
    lines = sheet_lines(sign_in_sheet(actor, session.id), walk_ins=2)
    assert [(line.number, line.name) for line in lines] == [(1, "Sam R."), (2, ""), (3, "")]


def test_long_sheet_runs_to_a_second_page(qtbot, tmp_path):
    from iopdesk.domain.overviews.rosters import SignInLine, SignInSheet
    from iopdesk.render.sign_in_pdf import write_sign_in_pdf

    lines = tuple(SignInLine(uuid.uuid4(), f"Member{n} X.") for n in range(30))
    sheet = SignInSheet(
        uuid.uuid4(), "Big Group", TODAY, dt.time(9), dt.time(12), "Main site", "Hall", ("A", "B"), lines
    )
    pages = write_sign_in_pdf(sheet, str(tmp_path / "big.pdf"), clinic_name="Clinic", walk_ins=2)
    assert pages == 2
    with pytest.raises(OSError):
        write_sign_in_pdf(sheet, str(tmp_path / "missing" / "big.pdf"), clinic_name="Clinic")


def test_filter_and_models(qtbot, qtmodeltester, actor, view):
    group = make_group(actor, "Alpha Process")
    make_group(actor, "Beta Skills", kind="skills")
    client = make_client(actor, "Ana", "Diaz")
    enroll(actor, client.id, group.id, TODAY, today=TODAY)
    add_to_waitlist(actor, make_client(actor, "Bo", "Lee").id, group.id, today=TODAY)
    v = view()
    assert v.view.groups_proxy.rowCount() == 2
    qtbot.keyClicks(v.view.filter_edit, "skill")
    assert v.view.groups_proxy.rowCount() == 1
    assert v.roster.group.name == "Beta Skills"
    v.view.filter_edit.clear()
    pick_group(v, "Alpha Process")
    for model in (v.view.groups_model, v.view.groups_proxy, v.view.members_model, v.view.waitlist_model):
        qtmodeltester.check(model)


def test_move_member_and_take_someone_off_the_wait_list(qtbot, actor, view, prompts):
    here = make_group(actor, "Here")
    there = make_group(actor, "There")
    client = make_client(actor, "Moe", "Vance")
    enroll(actor, client.id, here.id, TODAY, today=TODAY)
    waiting = make_client(actor, "Wai", "Ting")
    add_to_waitlist(actor, waiting.id, here.id, today=TODAY)
    v = view()
    pick_group(v, "Here")
    pick_member(v, "Moe Vance")

    def fill_move(dialog):
        assert dialog.target.currentText().startswith("There")
        dialog.start.setDate(QDate(2025, 3, 5))
        click(qtbot, dialog.ok_button)

    prompts.steps.append(fill_move)
    with qtbot.waitSignal(v.roster_changed):
        qtbot.keyClick(v.view.members_table, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert "Moe Vance moves to There from Mar 5, 2025" in v.view.notice.text()
    lines = {g.group_name: g for g in client_groups(actor, client.id)}
    assert lines["Here"].status == "transferred" and lines["Here"].end_date == dt.date(2025, 3, 4)
    assert lines["There"].start_date == dt.date(2025, 3, 5)
    assert there.id == lines["There"].group_id

    v.view.waitlist_table.selectRow(0)

    def fill_leave(dialog):
        dialog.reason.setCurrentIndex(dialog.reason.findData("other"))
        qtbot.keyClicks(dialog.comment, "Found a program nearer home")
        click(qtbot, dialog.ok_button)

    prompts.steps.append(fill_leave)
    with qtbot.waitSignal(v.roster_changed):
        click(qtbot, v.buttons["leave"])
    assert v.view.waitlist_model.rowCount() == 0 and v.view.waitlist_empty.isVisible()
    assert "off the wait list" in v.view.notice.text()


def test_the_printed_sheet_carries_the_clinics_part2_notice(actor, pinned, monkeypatch, tmp_path):  # noqa: F811
    """It names the members and its printing is recorded as a disclosure: the notice goes with it."""
    from iopdesk.domain.kernel import settings
    from iopdesk.domain.overviews.rosters import sign_in_sheet
    from iopdesk.render import sign_in_pdf

    notice = "This record is protected by Federal confidentiality rules (42 CFR part 2). Clinic wording."
    settings.set_value(actor, "part2_notice", notice)
    group = make_group(actor, "Notice Group")
    enroll(actor, make_client(actor, "Samuel", "Reyes").id, group.id, TODAY, today=TODAY)
    from iopdesk.domain.calendar.sessions import sessions_on

    (session,) = sessions_on(actor, TODAY)
    sheet = sign_in_sheet(actor, session.id)
    assert sheet.part2_notice == notice
    drawn: list[str] = []
    footer = sign_in_pdf._draw_footer
    monkeypatch.setattr(sign_in_pdf, "_draw_footer", lambda *args: (drawn.append(args[5]), footer(*args))[1])
    pages = sign_in_pdf.write_sign_in_pdf(sheet, str(tmp_path / "sheet.pdf"), clinic_name="Clinic")
    assert drawn == [notice] * pages
