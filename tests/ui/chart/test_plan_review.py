"""A plan review by keys: progress on each objective, a comment, the summary; saved, signed with
Enter, the next review's date shown; Escape keeps what was changed."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from iopdesk.domain.care import reviews
from iopdesk.ui.kit.formatting import date_text
from iopdesk.ui.views.chart.plan_review import PlanReviewDialog
from iopdesk.ui.views.chart.plan_sign import SignDialog
from tests.support import care_factories as cf
from tests.support import plan_support as ps
from tests.support.factories import TODAY
from tests.support.plan_support import key, type_text

pytestmark = [
    pytest.mark.qt_log_ignore("does not support propagateSizeHints"),
    pytest.mark.usefixtures("today"),  # TODAY (tests/support/factories.py) whatever the calendar says
]

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def setting(actor):  # type: ignore[no-untyped-def]
    setting = ps.admitted_client(actor)
    setting.plan = cf.signed_plan(setting.counselor, setting.client.id, goals=2)  # type: ignore[attr-defined]
    return setting


def open_review(qtbot, window, who, client_id, prompts) -> PlanReviewDialog:  # type: ignore[no-untyped-def]
    dialog = PlanReviewDialog(window, who, client_id, prompts)
    ps.show(qtbot, dialog)
    return dialog


def test_progress_per_objective_by_keys_saved_then_signed_with_enter(qtbot, window, setting, prompts):
    who = setting.counselor
    dialog = open_review(qtbot, window, who, setting.client.id, prompts)
    assert [x.label.text() for x in dialog.lines] == [
        "Objective 1: 30 days abstinent, confirmed by weekly tests.",
        "Objective 2: 30 days abstinent, confirmed by weekly tests.",
    ]
    assert "Not reviewed yet" in dialog.subtitle.text()
    assert dialog.window().focusWidget() is dialog.lines[0].progress
    type_text(qtbot, dialog, "a")  # Achieved
    key(qtbot, dialog, Qt.Key.Key_Tab)
    type_text(qtbot, dialog, "Tests clean for 30 days")
    key(qtbot, dialog, Qt.Key.Key_Tab)
    type_text(qtbot, dialog, "p")  # Progressing
    key(qtbot, dialog, Qt.Key.Key_Tab)
    key(qtbot, dialog, Qt.Key.Key_Tab)
    assert dialog.window().focusWidget() is dialog.summary
    type_text(qtbot, dialog, "Steady progress; the client agrees with the next steps.")
    key(qtbot, dialog, Qt.Key.Key_S, CTRL)
    assert dialog.feedback.kind == "done"
    (draft,) = reviews.plan_reviews(who, setting.plan.id)
    assert draft.status == "draft" and draft.reviewed_on == TODAY
    assert [(p.progress, p.note) for p in draft.progress] == [
        ("achieved", "Tests clean for 30 days"),
        ("progressing", ""),
    ]
    assert draft.summary == "Steady progress; the client agrees with the next steps."

    dialog.lines[1].comment.setFocus()
    type_text(qtbot, dialog, "Goes to every group")
    key(qtbot, dialog, Qt.Key.Key_Return)  # Enter in a line saves, too
    assert reviews.plan_reviews(who, setting.plan.id)[0].progress[1].note == "Goes to every group"

    prompts.steps.append(lambda sign: (isinstance(sign, SignDialog), key(qtbot, sign, Qt.Key.Key_Return)))
    key(qtbot, dialog, Qt.Key.Key_Return, CTRL)
    (signed,) = reviews.plan_reviews(who, setting.plan.id)
    assert signed.status == "signed" and signed.content_hash
    due = TODAY + dt.timedelta(days=30)
    assert dialog.feedback.message() == f"Signed. The next review is due {date_text(due)}."
    assert not dialog.save_button.isVisible() and dialog.summary.isReadOnly()


def test_the_next_review_date_follows_the_review_date_typed(qtbot, window, setting, prompts):
    dialog = open_review(qtbot, window, setting.counselor, setting.client.id, prompts)
    later = TODAY + dt.timedelta(days=30)
    assert dialog.next_due.text() == f"Once signed, the next review is due {date_text(later)}."
    dialog.date.edit.selectAll()
    dialog.date.setFocus()
    type_text(qtbot, dialog, (TODAY + dt.timedelta(days=2)).isoformat())
    assert "next review is due " + date_text(later + dt.timedelta(days=2)) in dialog.next_due.text()
    key(qtbot, dialog, Qt.Key.Key_Return)
    assert "cannot be dated in the future" in dialog.feedback.message()
    assert reviews.plan_reviews(setting.counselor, setting.plan.id) == ()


def test_escape_keeps_what_was_changed_and_reopening_continues_the_draft(qtbot, window, setting, prompts):
    who = setting.counselor
    dialog = open_review(qtbot, window, who, setting.client.id, prompts)
    type_text(qtbot, dialog, "n")  # from "Not started", "n" goes on to "No progress"
    chosen = dialog.lines[0].progress.currentData()
    assert chosen == "no_progress"
    key(qtbot, dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    (draft,) = reviews.plan_reviews(who, setting.plan.id)
    assert draft.progress[0].progress == chosen

    again = open_review(qtbot, window, who, setting.client.id, prompts)
    assert again.review is not None and again.review.id == draft.id
    assert again.lines[0].progress.currentData() == chosen


def test_without_a_plan_in_force_there_is_nothing_to_review(qtbot, window, actor, prompts):
    setting = ps.admitted_client(actor)
    dialog = open_review(qtbot, window, setting.counselor, setting.client.id, prompts)
    assert "no signed treatment plan in force" in dialog.feedback.message()
    assert not dialog.save_button.isVisible() and not dialog.sign_button.isVisible()
    key(qtbot, dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_the_plan_editor_opens_the_review_of_the_plan_in_force(qtbot, window, setting, prompts):
    from iopdesk.ui.views.chart.plan_editor import PlanEditorDialog

    editor = PlanEditorDialog(window, setting.counselor, setting.client.id, prompts)
    ps.show(qtbot, editor)
    assert editor.ops.review_button.isVisible()
    assert "Next review due " + date_text(TODAY + dt.timedelta(days=30)) in editor.status.text()

    def review(dialog) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(dialog, PlanReviewDialog) and dialog.plan.id == setting.plan.id
        type_text(qtbot, dialog, "a")
        key(qtbot, dialog, Qt.Key.Key_Escape)  # saves what was changed, then closes

    prompts.steps.append(review)
    key(qtbot, editor.tree, Qt.Key.Key_R, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert not prompts.steps
    (draft,) = reviews.plan_reviews(setting.counselor, setting.plan.id)
    assert draft.progress[0].progress == "achieved"
