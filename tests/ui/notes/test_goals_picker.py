"""A member's part ticks the plan goals it addressed, by keys; the tick is stored at once without
upsetting the autosave of the text; the plan then shows the note under the goal."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from iopdesk.domain import notes
from iopdesk.domain.care import note_goals
from iopdesk.ui.views.chart.plan_editor import PlanEditorDialog
from iopdesk.ui.views.notes.goals_picker import GoalsPicker
from iopdesk.ui.views.notes.open_note import AUTOSAVE_MS
from tests.support import care_factories as cf
from tests.support import factories as f
from tests.support import note_factories as nf
from tests.support import notes_support as ns
from tests.support import plan_support as ps
from tests.support.factories import TODAY

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

DAY = dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def today(monkeypatch):  # type: ignore[no-untyped-def]
    return f.pin_today(monkeypatch)


@pytest.fixture
def clinic(actor):  # type: ignore[no-untyped-def]
    """A group of three; the first member admitted (their counselor writes the note) with a signed
    two-goal plan."""
    built = ns.build(actor, size=3)
    member = built.setup.members[0]
    cf.admitted(actor, member.id, on=TODAY - 20 * DAY, counselor=built.counselor)
    built.plan = cf.signed_plan(built.counselor, member.id, goals=2)  # type: ignore[attr-defined]
    return built


@pytest.fixture
def screen(qtbot, clinic):  # type: ignore[no-untyped-def]
    screen = ns.make_view(qtbot, clinic.counselor)
    screen.open_session(clinic.session_id)
    return screen


def picker_of(screen) -> GoalsPicker | None:  # type: ignore[no-untyped-def]
    part = screen.editor.current_part()
    return part.findChild(GoalsPicker) if part is not None else None


def test_a_part_ticks_a_goal_by_keys_and_the_plan_shows_the_note_under_it(qtbot, screen, clinic):
    editor = screen.editor
    assert picker_of(screen) is None  # the shared part addresses no goal
    member = clinic.setup.members[0]
    editor.select_client(member.id)
    picker = picker_of(screen)
    assert picker is not None
    model = picker.model
    goals = [g for _p, g in clinic.plan.content.goals()]
    assert [model.data(model.index(r)) for r in range(model.rowCount())] == [
        f"{g.text} — “{g.client_words}”" for g in goals
    ]
    assert picker.title.text() == "Goals addressed (treatment plan, version 1)"

    part = editor.current_part()
    edit = part.edits["data"]
    edit.setFocus()
    qtbot.keyClicks(edit, "Named two coping skills.")
    assert editor.open_note.dirty()
    for _ in range(len(part.edits) + 1):  # Tab through the fields to the goals
        if picker.list.hasFocus():
            break
        qtbot.keyClick(part.window().focusWidget(), Qt.Key.Key_Tab)
    assert picker.list.hasFocus()
    qtbot.keyClick(picker.list, Qt.Key.Key_Down)
    qtbot.keyClick(picker.list, Qt.Key.Key_Space)

    note_id = part.note.id
    chosen = note_goals.goals_for_note(clinic.counselor, note_id)
    assert [c.chosen for c in chosen.choices] == [False, True]
    assert not editor.open_note.dirty()  # the text went first
    assert ns.body_of(clinic.counselor, clinic.session_id, "Alex R.")["data"] == "Named two coping skills."

    # The autosave carries on from the version the tick left: no conflict.
    edit.setFocus()
    with qtbot.waitSignal(editor.open_note.saved, timeout=AUTOSAVE_MS + 3000):
        qtbot.keyClicks(edit, " Practised urge surfing.")
    assert not editor.open_note.held
    assert ns.body_of(clinic.counselor, clinic.session_id, "Alex R.")["data"].endswith("urge surfing.")

    # Space again unticks; the plan lists the note under the goal it addressed.
    picker.list.setFocus()
    qtbot.keyClick(picker.list, Qt.Key.Key_Space)
    assert not any(c.chosen for c in note_goals.goals_for_note(clinic.counselor, note_id).choices)
    qtbot.keyClick(picker.list, Qt.Key.Key_Space)

    plan = PlanEditorDialog(editor.view, clinic.counselor, member.id)
    ps.show(qtbot, plan)
    plan.tree.setCurrentIndex(plan.model.index_of(goals[1].id))
    assert plan.notes.rowCount() == 1
    assert plan.notes.data(plan.notes.index(0, 1)) == "Relapse Prevention"
    assert plan.notes_title.text() == "Notes that addressed this goal (1)"
    plan.tree.setCurrentIndex(plan.model.index_of(goals[0].id))
    assert plan.notes.rowCount() == 0 and plan.notes_title.text() == "No note has addressed this goal yet."
    assert plan.model.data(plan.model.index_of(goals[1].id, 2)) == "1 note"
    plan.close()


def test_a_signed_part_shows_its_goals_unchangeable(qtbot, actor, clinic):
    member = clinic.setup.members[0]
    view = notes.open_session_note(clinic.counselor, clinic.session_id)
    part = view.part(member.id).note
    goal = next(clinic.plan.content.goals())[1]
    note_goals.set_goals_addressed(clinic.counselor, part.id, [goal.id])
    nf.fill_required(clinic.counselor, part.id)
    row = notes.open_session_note(clinic.counselor, clinic.session_id).part(member.id).note
    notes.save_draft(clinic.counselor, row.id, {"data": "Talked about work."}, row.version)
    notes.sign_note(clinic.counselor, part.id, True)

    screen = ns.make_view(qtbot, clinic.counselor)
    screen.open_session(clinic.session_id, member.id)
    picker = picker_of(screen)
    assert picker is not None and picker.model.checked_ids() == [goal.id]
    picker.list.setFocus()
    qtbot.keyClick(picker.list, Qt.Key.Key_Space)
    assert picker.model.checked_ids() == [goal.id]
    assert not picker.model.flags(picker.model.index(0)) & Qt.ItemFlag.ItemIsUserCheckable


def test_without_a_plan_the_part_says_there_is_nothing_to_choose(qtbot, clinic):
    screen = ns.make_view(qtbot, clinic.counselor)
    screen.open_session(clinic.session_id, clinic.setup.members[1].id)  # not admitted, no plan
    picker = picker_of(screen)
    assert picker is not None and picker.model.rowCount() == 0 and not picker.list.isVisibleTo(picker)
    assert "no signed treatment plan yet" in picker.hint.text()
