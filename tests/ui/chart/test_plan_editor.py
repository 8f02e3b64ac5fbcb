"""The treatment-plan editor, by keys: a plan built item by item, signed with Enter, a new version
that leaves the signed one as it was; deleting, moving, read-only signed versions."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import Qt

from iopdesk.domain.care import plans
from iopdesk.domain.care.plan_content import Goal, Intervention, Objective, Problem
from iopdesk.store.models import Staff
from iopdesk.ui.views.chart import plan_edits as edits
from iopdesk.ui.views.chart.plan_editor import PlanEditorDialog
from iopdesk.ui.views.chart.plan_item_forms import PlanItemForm
from iopdesk.ui.views.chart.plan_sign import SignDialog
from tests.support import care_factories as cf
from tests.support import factories as f
from tests.support import plan_support as ps
from tests.support.factories import TODAY
from tests.support.plan_support import key, type_text
from tests.support.signin_support import PASSWORD, add_staff

pytestmark = [
    pytest.mark.qt_log_ignore("does not support propagateSizeHints"),
    pytest.mark.usefixtures("today"),  # TODAY (tests/support/factories.py) whatever the calendar says
]

CTRL, SHIFT, ALT = (
    Qt.KeyboardModifier.ControlModifier,
    Qt.KeyboardModifier.ShiftModifier,
    Qt.KeyboardModifier.AltModifier,
)
TARGET = TODAY + dt.timedelta(days=60)


def open_editor(qtbot, window, setting, prompts) -> PlanEditorDialog:  # type: ignore[no-untyped-def]
    dialog = PlanEditorDialog(window, setting.counselor, setting.client.id, prompts)
    ps.show(qtbot, dialog)
    return dialog


def fill(qtbot, *steps):  # type: ignore[no-untyped-def]
    """A scripted form: each step is text to type, or a key; Tab between fields, Enter at the end."""

    def run(dialog) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(dialog, (PlanItemForm, SignDialog)), type(dialog)
        for step in steps:
            if isinstance(step, str):
                type_text(qtbot, dialog, step)
            else:
                key(qtbot, dialog, step)
        assert dialog.result() or not dialog.message.text(), dialog.message.text()

    return run


def test_a_plan_built_by_keys_signed_with_enter_then_a_new_version(
    qtbot, window, setting, prompts, qtmodeltester
):
    editor = open_editor(qtbot, window, setting, prompts)
    assert editor.shown is None and "No treatment plan yet" in editor.status.text()
    assert editor.ops.new_button.isVisible() and editor.ops.new_button.text() == "Start the plan"
    key(qtbot, editor, Qt.Key.Key_V, CTRL | SHIFT)
    assert editor.shown is not None and editor.shown.number == 1 and editor.shown.status == "draft"

    prompts.steps.append(fill(qtbot, "Alcohol use disorder, moderate", Qt.Key.Key_Return))
    key(qtbot, editor.tree, Qt.Key.Key_Insert)
    prompts.steps.append(
        fill(qtbot, "Stay abstinent", Qt.Key.Key_Tab, "I want my weekends back", Qt.Key.Key_Return)
    )
    key(qtbot, editor.tree, Qt.Key.Key_N, CTRL)  # Ctrl+N: a goal under the problem
    prompts.steps.append(
        fill(
            qtbot,
            "30 days abstinent, confirmed by weekly tests",
            Qt.Key.Key_Tab,
            TARGET.isoformat(),
            Qt.Key.Key_Return,
        )
    )
    key(qtbot, editor.tree, Qt.Key.Key_Insert)
    prompts.steps.append(
        fill(
            qtbot,
            Qt.Key.Key_Tab,  # the service stays "Group counseling"; on to the kind of group
            "r",  # Relapse prevention
            Qt.Key.Key_Tab,
            "4 times a week",
            Qt.Key.Key_Tab,
            Qt.Key.Key_Down,  # the first one on the team
            Qt.Key.Key_Return,
        )
    )
    key(qtbot, editor.tree, Qt.Key.Key_Insert)
    assert not prompts.steps

    qtmodeltester.check(editor.model)
    content = plans.get_plan(setting.counselor, editor.shown.id).content
    problem = content.problems[0]
    goal = problem.goals[0]
    objective = goal.objectives[0]
    intervention = objective.interventions[0]
    assert problem.text == "Alcohol use disorder, moderate"
    assert (goal.text, goal.client_words) == ("Stay abstinent", "I want my weekends back")
    assert (objective.text, objective.target_date) == ("30 days abstinent, confirmed by weekly tests", TARGET)
    assert (intervention.service, intervention.group_kind, intervention.frequency) == (
        "group",
        "relapse_prevention",
        "4 times a week",
    )
    assert intervention.responsible_id == setting.counselor.staff_id
    assert intervention.responsible_name == "Casey Counselor"
    current = editor.model.item_at(editor.tree.currentIndex())
    assert isinstance(current, Intervention)  # the keyboard stays on what was just added
    assert editor.model.rowCount() == 1

    # Signing: the client's agreement (Space ticks it), how, then Enter signs.
    prompts.steps.append(
        fill(
            qtbot,
            Qt.Key.Key_Space,
            Qt.Key.Key_Tab,
            "Read it together; the client signed it.",
            Qt.Key.Key_Return,
        )
    )
    key(qtbot, editor.tree, Qt.Key.Key_Return, CTRL)
    signed = plans.get_plan(setting.counselor, editor.shown.id)
    assert (signed.status, signed.in_force, signed.client_agreed) == ("signed", True, True)
    assert signed.client_agreement == "Read it together; the client signed it."
    assert editor.feedback.kind == "done" and "version 1 is in force" in editor.feedback.message()
    assert "next review is due" in editor.feedback.message()
    assert not editor.ops.edit_button.isVisible() and not editor.ops.sign_button.isVisible()
    assert "Signed by Casey Counselor" in editor.status.text()

    # A signed version is read-only: Enter explains how to change it.
    key(qtbot, editor.tree, Qt.Key.Key_Return)
    assert "press Ctrl+Shift+V for a new version" in editor.feedback.message()

    # A new version starts as a copy; changing it leaves the signed one as it was.
    key(qtbot, editor.tree, Qt.Key.Key_V, CTRL | SHIFT)
    draft = editor.shown
    assert draft is not None and (draft.number, draft.status, draft.based_on_id) == (2, "draft", signed.id)
    assert "stays in force" in editor.feedback.message()
    editor.tree.setCurrentIndex(editor.model.index_of(goal.id))
    prompts.steps.append(fill(qtbot, Qt.Key.Key_End, " from alcohol", Qt.Key.Key_Return))
    key(qtbot, editor.tree, Qt.Key.Key_F2)
    assert (
        plans.get_plan(setting.counselor, draft.id).content.goal(goal.id).text
        == "Stay abstinent from alcohol"
    )
    assert plans.get_plan(setting.counselor, signed.id).content.goal(goal.id).text == "Stay abstinent"
    assert plans.verify_plan(setting.counselor, signed.id)
    assert editor.version_box.count() == 2 and editor.version_box.currentText() == "Version 2 · Draft"


def test_enter_edits_delete_asks_when_items_lie_under_and_alt_arrows_move(qtbot, window, setting, prompts):
    who = setting.counselor
    draft = plans.start_plan(who, setting.client.id)
    plans.save_plan(who, draft.id, cf.whole_plan(who.staff_id, goals=3))
    editor = open_editor(qtbot, window, setting, prompts)
    goals = [g.id for _p, g in editor.shown.content.goals()]
    editor.tree.setCurrentIndex(editor.model.index_of(goals[2]))

    key(qtbot, editor.tree, Qt.Key.Key_Up, ALT)
    assert [g.id for _p, g in plans.get_plan(who, draft.id).content.goals()] == [goals[0], goals[2], goals[1]]
    assert editor.model.item_at(editor.tree.currentIndex()).id == goals[2]

    prompts.steps.append(fill(qtbot, Qt.Key.Key_End, " (revised)", Qt.Key.Key_Return))
    key(qtbot, editor.tree, Qt.Key.Key_Return)  # Enter edits, as F2 does
    assert plans.get_plan(who, draft.id).content.goal(goals[2]).text.endswith("(revised)")

    prompts.answers.append(False)  # "Delete goal 2 and the 2 items under it?" No.
    key(qtbot, editor.tree, Qt.Key.Key_Delete)
    assert "2 items under it" in prompts.questions[-1]
    assert len(plans.get_plan(who, draft.id).content.problems[0].goals) == 3
    prompts.answers.append(True)
    key(qtbot, editor.tree, Qt.Key.Key_Delete)
    assert [g.id for _p, g in plans.get_plan(who, draft.id).content.goals()] == [goals[0], goals[1]]
    assert editor.feedback.message() == "Deleted goal."

    # A leaf goes without a question; Ctrl+Shift+N adds beside, with the form's Escape adding nothing.
    objective = plans.get_plan(who, draft.id).content.problems[0].goals[0].objectives[0]
    editor.tree.setCurrentIndex(editor.model.index_of(objective.interventions[0].id))
    asked = len(prompts.questions)
    key(qtbot, editor.tree, Qt.Key.Key_Delete)
    assert len(prompts.questions) == asked
    assert plans.get_plan(who, draft.id).content.problems[0].goals[0].objectives[0].interventions == ()
    prompts.steps.append(fill(qtbot, "never added", Qt.Key.Key_Escape))
    prompts.answers.append(True)  # Escape after typing asks: "Close and lose it"
    key(qtbot, editor.tree, Qt.Key.Key_N, CTRL | SHIFT)
    assert "not saved" in prompts.questions[-1]
    assert len(plans.get_plan(who, draft.id).content.problems[0].goals) == 2


def test_what_stops_signing_is_said_before_the_password_and_the_item_is_chosen(
    qtbot, window, setting, prompts
):
    who = setting.counselor
    draft = plans.start_plan(who, setting.client.id)
    content = cf.whole_plan(who.staff_id)
    goal = content.problems[0].goals[0]
    missing = Objective("Attend every group session", None)  # no target date
    content = content.__class__((Problem(content.problems[0].text, (Goal(goal.text, "", (missing,)),)),))
    plans.save_plan(who, draft.id, content)
    editor = open_editor(qtbot, window, setting, prompts)
    editor.tree.setCurrentIndex(editor.model.index(0, 0))

    key(qtbot, editor.tree, Qt.Key.Key_Return, CTRL)  # no dialog is scripted: none may open
    assert editor.feedback.kind == "problem"
    assert "Problem 1, goal 1, objective 1: give it a target date." in editor.feedback.message()
    assert editor.model.item_at(editor.tree.currentIndex()).id == missing.id
    assert plans.get_plan(who, draft.id).status == "draft"


def test_the_client_agreement_is_required_and_a_wrong_password_signs_nothing(qtbot, window, admin, prompts):
    supervisor = add_staff(admin, "sam", "supervisor", name="Sam Supervisor")
    who = add_staff(admin, "casey", "counselor", name="Casey Counselor")
    person = cf.person(supervisor)
    cf.admitted(supervisor, person.id, on=TODAY - 7 * ps.DAY, counselor=who)
    draft = plans.start_plan(who, person.id)
    plans.save_plan(who, draft.id, cf.whole_plan(who.staff_id))
    editor = open_editor(qtbot, window, ps.Setting(who, person), prompts)

    def attempts(dialog) -> None:  # type: ignore[no-untyped-def]
        assert dialog.password.isVisibleTo(dialog)
        key(qtbot, dialog, Qt.Key.Key_Return)  # nothing filled in
        assert "Say how the client gave their agreement" in dialog.message.text()
        assert dialog.window().focusWidget() is dialog.how
        type_text(qtbot, dialog, "Agreed verbally; did not want to sign.")
        key(qtbot, dialog, Qt.Key.Key_Return)
        assert dialog.message.text() == "Type your password to sign."
        type_text(qtbot, dialog, "not the password")
        key(qtbot, dialog, Qt.Key.Key_Return)
        assert "not right" in dialog.message.text() and dialog.password.text() == ""
        assert plans.get_plan(who, draft.id).status == "draft"
        type_text(qtbot, dialog, PASSWORD)
        key(qtbot, dialog, Qt.Key.Key_Return)

    prompts.steps.append(attempts)
    key(qtbot, editor.tree, Qt.Key.Key_Return, CTRL)
    signed = plans.get_plan(who, draft.id)
    assert signed.status == "signed" and not signed.client_agreed
    assert signed.client_agreement == "Agreed verbally; did not want to sign."


def test_a_trainee_signs_and_the_supervisor_co_signs(qtbot, window, actor, prompts):
    supervisor_row = Staff.get_by_id(actor.staff_id)
    trainee = cf.clinician(actor, "Tam Trainee", needs_cosign=True, supervisor=supervisor_row)
    person = cf.person(actor)
    cf.admitted(actor, person.id, on=TODAY - 7 * ps.DAY, counselor=trainee)
    draft = plans.start_plan(trainee, person.id)
    plans.save_plan(
        trainee, draft.id, cf.whole_plan(trainee.staff_id), client_agreed=True, client_agreement="Signed."
    )
    plans.sign_plan(trainee, draft.id, True, today=TODAY)

    editor = PlanEditorDialog(window, actor, person.id, prompts)
    ps.show(qtbot, editor)
    assert editor.shown.status == "pending_cosign" and "Waiting for a supervisor" in editor.status.text()
    assert editor.ops.cosign_button.isVisible() and editor.ops.return_button.isVisible()
    prompts.steps.append(fill(qtbot, Qt.Key.Key_Return))
    editor.ops.cosign_button.click()
    assert plans.get_plan(actor, draft.id).status == "signed"
    assert editor.feedback.message() == "Co-signed." and not editor.ops.cosign_button.isVisible()


def test_editing_an_intervention_keeps_who_is_responsible(qtbot, window, actor, setting, prompts):
    who = setting.counselor
    gone = f.staff(actor, name="Gale Gone")  # never on this client's team
    content = cf.whole_plan(who.staff_id, goals=2)
    second = content.problems[0].goals[1].objectives[0]
    moved = dataclasses.replace(second.interventions[0], responsible_id=gone.id)
    content = edits.replace_item(content, dataclasses.replace(second, interventions=(moved,)))
    draft = plans.start_plan(who, setting.client.id)
    plans.save_plan(who, draft.id, content)
    editor = open_editor(qtbot, window, setting, prompts)

    def frequency(text: str, responsible: str):  # type: ignore[no-untyped-def]
        def run(dialog) -> None:  # type: ignore[no-untyped-def]
            assert dialog.responsible.currentText() == responsible
            key(qtbot, dialog, Qt.Key.Key_Tab)  # the kind of group
            key(qtbot, dialog, Qt.Key.Key_Tab)  # how often
            key(qtbot, dialog, Qt.Key.Key_A, CTRL)
            type_text(qtbot, dialog, text)
            key(qtbot, dialog, Qt.Key.Key_Return)

        return run

    first = content.problems[0].goals[0].objectives[0].interventions[0]
    editor.tree.setCurrentIndex(editor.model.index_of(first.id))
    prompts.steps.append(frequency("weekly", "Casey Counselor (primary counselor)"))
    key(qtbot, editor.tree, Qt.Key.Key_F2)
    editor.tree.setCurrentIndex(editor.model.index_of(moved.id))
    prompts.steps.append(frequency("twice a week", "Gale Gone (no longer on the team)"))
    key(qtbot, editor.tree, Qt.Key.Key_Return)
    saved = list(plans.get_plan(who, draft.id).content.interventions())
    assert [(i.frequency, i.responsible_id) for i in saved] == [
        ("weekly", who.staff_id),
        ("twice a week", gone.id),
    ]


def test_a_client_not_admitted_has_no_plan_to_start(qtbot, window, actor, prompts):
    other = cf.person(actor, "Noel", "North")  # never admitted; the supervisor may read the chart
    editor = open_editor(qtbot, window, ps.Setting(actor, other), prompts)
    assert editor.status.text() == "The client is not admitted: a treatment plan belongs to an admission."
    assert editor.feedback.kind == ""
    assert not editor.ops.new_button.isVisible() and not editor.ops.add_button.isVisible()
    key(qtbot, editor.tree, Qt.Key.Key_Insert)
    assert editor.model.rowCount() == 0 and "no plan yet" in editor.feedback.message()
