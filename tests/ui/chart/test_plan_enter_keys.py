"""The plan editor and the plan review, Enter by Enter: in the tree Enter edits the chosen item and in
a review's lines it saves, as before; on a button Tab reached, Return or the keypad's Enter presses
that button (Delete deletes, Sign signs, Close closes), where before it edited, saved or nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from iopdesk.domain.care import plans, reviews
from iopdesk.ui.views.chart.plan_editor import PlanEditorDialog
from iopdesk.ui.views.chart.plan_item_forms import PlanItemForm
from iopdesk.ui.views.chart.plan_review import PlanReviewDialog
from iopdesk.ui.views.chart.plan_sign import SignDialog
from tests.support import care_factories as cf
from tests.support import plan_support as ps
from tests.support.enter_keys import ENTERS, focused, press_enter, tab_to

pytestmark = pytest.mark.usefixtures("today")  # TODAY (tests/support/factories.py) whatever the calendar says


def _goals(who, plan_id) -> list[str]:  # type: ignore[no-untyped-def]
    return [g.text for _p, g in plans.get_plan(who, plan_id).content.goals()]


@ENTERS
def test_plan_editor_enter_in_the_tree_edits_and_on_delete_or_close_presses_it(
    qtbot, window, setting, prompts, key, modifier
) -> None:  # type: ignore[no-untyped-def]
    who = setting.counselor
    draft = plans.start_plan(who, setting.client.id)
    plans.save_plan(who, draft.id, cf.whole_plan(who.staff_id, goals=2))
    editor = ps.show(qtbot, PlanEditorDialog(window, who, setting.client.id, prompts))
    goals = [g.id for _p, g in editor.shown.content.goals()]
    editor.tree.setFocus()
    qtbot.waitUntil(editor.tree.hasFocus)
    editor.tree.setCurrentIndex(editor.model.index_of(goals[1]))

    def revise(form) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(form, PlanItemForm)
        qtbot.keyClick(focused(), Qt.Key.Key_End)
        qtbot.keyClicks(focused(), " (revised)")
        qtbot.keyClick(focused(), Qt.Key.Key_Return)

    prompts.steps.append(revise)
    press_enter(qtbot, key, modifier)  # in the tree: edits the chosen goal (the keypad's Enter too)
    assert _goals(who, draft.id)[1].endswith("(revised)") and not prompts.steps
    editor.tree.setCurrentIndex(editor.model.index_of(goals[1]))
    tab_to(qtbot, editor.ops.delete_button)
    prompts.answers.append(True)  # "Delete goal 2 and the 2 items under it?" Yes.
    press_enter(qtbot, key, modifier)  # on Delete: deleted (before, nothing happened)
    qtbot.waitUntil(lambda: len(_goals(who, draft.id)) == 1)
    assert "items under it" in prompts.questions[-1] and editor.isVisible()
    tab_to(qtbot, editor.close_button)
    with qtbot.waitSignal(editor.finished):
        press_enter(qtbot, key, modifier)


@ENTERS
def test_plan_review_enter_in_a_line_saves_and_on_sign_or_close_presses_it(
    qtbot, window, setting, prompts, key, modifier
) -> None:  # type: ignore[no-untyped-def]
    who = setting.counselor
    plan = cf.signed_plan(who, setting.client.id, goals=2)
    dialog = ps.show(qtbot, PlanReviewDialog(window, who, setting.client.id, prompts))
    qtbot.waitUntil(dialog.lines[0].progress.hasFocus)
    qtbot.keyClicks(focused(), "a")  # Achieved
    press_enter(qtbot, key, modifier)  # in a line: saves the draft, as before
    (draft,) = reviews.plan_reviews(who, plan.id)
    assert draft.status == "draft" and draft.progress[0].progress == "achieved"
    tab_to(qtbot, dialog.summary)
    qtbot.keyClicks(focused(), "Steady progress.")
    tab_to(qtbot, dialog.sign_button)
    signing: list[object] = []
    prompts.steps.append(lambda sign: (signing.append(sign), qtbot.keyClick(focused(), Qt.Key.Key_Return)))
    press_enter(qtbot, key, modifier)  # on Sign: the signing (before, Enter there only saved)
    qtbot.waitUntil(lambda: reviews.plan_reviews(who, plan.id)[0].status == "signed")
    assert len(signing) == 1 and isinstance(signing[0], SignDialog)
    assert reviews.plan_reviews(who, plan.id)[0].summary == "Steady progress."
    tab_to(qtbot, dialog.close_button)  # read-only now: Close is the one button
    with qtbot.waitSignal(dialog.finished):
        press_enter(qtbot, key, modifier)


@ENTERS
def test_plan_review_enter_on_close_closes_and_keeps_what_was_changed(
    qtbot, window, setting, prompts, key, modifier
) -> None:  # type: ignore[no-untyped-def]
    who = setting.counselor
    plan = cf.signed_plan(who, setting.client.id, goals=1)
    dialog = ps.show(qtbot, PlanReviewDialog(window, who, setting.client.id, prompts))
    qtbot.waitUntil(dialog.lines[0].progress.hasFocus)
    qtbot.keyClicks(focused(), "p")  # Progressing
    tab_to(qtbot, dialog.close_button)
    with qtbot.waitSignal(dialog.finished):
        press_enter(qtbot, key, modifier)  # before, Enter on Close saved and the dialog stayed
    (draft,) = reviews.plan_reviews(who, plan.id)
    assert draft.progress[0].progress == "progressing"
