"""Enrolling with the guards a busy day needs, by keys: the picker offers only clients the group can
take (and says who it left out), people waiting in line are pointed out before anyone jumps it, a
refusal says its date as the screens do and wraps instead of being cut off; and the roster has the
room at 1280×800 (issue 19, items 8 and 10)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from iopdesk.domain.enrollment.enrollment import enroll
from iopdesk.domain.enrollment.waitlist import add_to_waitlist
from iopdesk.domain.overviews.rosters import group_roster
from iopdesk.ui.kit.feedback import DONE
from iopdesk.ui.main_window import MainWindow
from iopdesk.ui.views import groups as groups_screen
from tests.support.roster_helpers import TODAY, make_client, make_group
from tests.support.roster_support import ScriptedPrompts, click, open_view, pinned  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def prompts(qtbot):
    return ScriptedPrompts(qtbot)


def pick_group(v, name):  # type: ignore[no-untyped-def]
    v.view.filter_edit.setText(name)
    assert v.roster is not None and v.roster.group.name == name


def test_the_picker_offers_only_who_can_join_and_warns_of_the_wait_list(
    qtbot, actor, pinned, prompts  # noqa: F811
):
    group = make_group(actor, "Evening IOP", max_size=4)
    member = make_client(actor, "Mona", "Lane")
    enroll(actor, member.id, group.id, TODAY, today=TODAY)
    make_client(actor, "Mark", "Lane")
    make_client(actor, "Milo", "Lane", date_of_birth=TODAY - dt.timedelta(days=16 * 365))
    add_to_waitlist(actor, make_client(actor, "Wanda", "First").id, group.id, today=TODAY)
    v = open_view(qtbot, groups_screen.build, actor, prompts)
    pick_group(v, "Evening IOP")
    prompts.answers.append(True)  # "Enroll Mark Lane ahead of them?" — yes, the team agreed

    def fill(dialog):  # type: ignore[no-untyped-def]
        assert dialog.waiting_note.isVisible()
        assert "Wanda First is waiting for Evening IOP (since" in dialog.waiting_note.text()
        assert "Enroll from wait list (Ctrl+L)" in dialog.waiting_note.text()
        qtbot.keyClicks(dialog.picker.search_edit, "lane")
        qtbot.waitUntil(lambda: dialog.picker.current() is not None)
        assert [c.display_name for c in dialog.picker.model.rows] == ["Mark Lane"]
        assert dialog.left_out.text() == (
            "Not listed: 1 already in this group; 1 adolescent (under 18): this is an adult group."
        )
        qtbot.keyClick(dialog.picker.search_edit, Qt.Key.Key_Return)  # picks Mark; the start date next
        assert dialog.focusWidget() is dialog.start
        qtbot.keyClick(dialog.start, Qt.Key.Key_Return)  # Enter presses Enroll

    prompts.steps.append(fill)
    with qtbot.waitSignal(v.roster_changed):
        qtbot.keyClick(v.view.groups_table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert "Wanda First is waiting" in prompts.questions[0] and "ahead of them?" in prompts.questions[0]
    assert sorted(m.display_name for m in group_roster(actor, group.id).members) == ["Mark Lane", "Mona Lane"]
    assert v.view.notice.kind == "done" and v.view.notice.objectName() == DONE


def test_saying_no_to_jumping_the_line_enrolls_no_one(qtbot, actor, pinned, prompts):  # noqa: F811
    group = make_group(actor, "Day IOP")
    make_client(actor, "Nora", "Next")
    add_to_waitlist(actor, make_client(actor, "Olga", "Older").id, group.id, today=TODAY)
    v = open_view(qtbot, groups_screen.build, actor, prompts)
    pick_group(v, "Day IOP")
    prompts.answers.append(False)

    def fill(dialog):  # type: ignore[no-untyped-def]
        qtbot.keyClicks(dialog.picker.search_edit, "nora")
        qtbot.waitUntil(lambda: dialog.picker.current() is not None)
        click(qtbot, dialog.ok_button)
        assert dialog.isVisible()  # still open: nothing saved, nothing lost
        prompts.answers.append(True)  # the client chosen goes: "Close and lose it"
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert "not saved" in prompts.questions[-1] and not dialog.isVisible()

    prompts.steps.append(fill)
    qtbot.keyClick(v.view.groups_table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert group_roster(actor, group.id).members == ()


def test_an_overlap_refusal_reads_its_date_and_wraps(qtbot, actor, pinned, prompts):  # noqa: F811
    here = make_group(actor, "Here")
    there = make_group(actor, "There")
    client = make_client(actor, "Ola", "Overlap")
    enroll(actor, client.id, here.id, TODAY, today=TODAY)
    enroll(actor, client.id, there.id, TODAY, today=TODAY)
    v = open_view(qtbot, groups_screen.build, actor, prompts)
    pick_group(v, "Here")
    v.view.members_table.setCurrentIndex(v.view.members_proxy.index(0, 0))
    shown: list[str] = []

    def fill(dialog):  # type: ignore[no-untyped-def]
        assert dialog.target.currentText().startswith("There")
        qtbot.keyClick(dialog.target, Qt.Key.Key_Return)
        error = dialog.field_errors["start_date"]
        qtbot.waitUntil(error.isVisible)
        shown.append(error.text())
        assert error.wordWrap()
        qtbot.waitUntil(lambda: error.height() >= error.heightForWidth(error.width()))  # every line shows
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    prompts.steps.append(fill)
    qtbot.keyClick(v.view.members_table, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert "already in There from Mar 3, 2025" in shown[0] and "2025-03-03" not in shown[0]


def test_the_roster_shows_twelve_members_and_more_at_1280_by_800(qtbot, actor, pinned, tmp_path):  # noqa: F811
    group = make_group(actor, "Big Group", max_size=15)
    for n in range(13):
        enroll(actor, make_client(actor, f"Member{n:02d}", "Many").id, group.id, TODAY, today=TODAY)
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    window = MainWindow(actor, "/tmp/clinic.sqlite3", settings)
    qtbot.addWidget(window)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    groups = window.views["groups"]
    pick_group(groups, "Big Group")
    table = groups.view.members_table
    qtbot.waitUntil(lambda: table.viewport().height() > 0)
    whole_rows = table.viewport().height() // table.rowHeight(0)
    assert whole_rows >= 12, whole_rows
    groups_visible = groups.view.groups_table.viewport().height() // groups.view.groups_table.rowHeight(0)
    assert groups_visible >= 2  # the list of groups keeps a few rows above
