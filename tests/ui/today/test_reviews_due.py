"""Today lists the counselor's plan reviews due (only when there are some); Enter opens the review."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from iopdesk.domain.care import plans, reviews
from iopdesk.ui.kit.formatting import date_text
from iopdesk.ui.views import today as today_screen
from iopdesk.ui.views.chart.plan_review import PlanReviewDialog
from tests.support import care_factories as cf
from tests.support import factories as f
from tests.support.factories import TODAY
from tests.support.roster_support import ScriptedPrompts

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

DAY = dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def today(monkeypatch):  # type: ignore[no-untyped-def]
    return f.pin_today(monkeypatch)


@pytest.fixture
def counselor(actor):  # type: ignore[no-untyped-def]
    return cf.clinician(actor, "Casey Counselor")


def plan_signed(actor, counselor, first: str, signed_on: dt.date):  # type: ignore[no-untyped-def]
    """A client of the counselor's with a plan signed on ``signed_on`` (reviews every 30 days)."""
    person = cf.person(actor, first, "River")
    cf.admitted(actor, person.id, on=signed_on - 5 * DAY, counselor=counselor)
    draft = plans.start_plan(counselor, person.id)
    plans.save_plan(
        counselor,
        draft.id,
        cf.whole_plan(counselor.staff_id, target=TODAY + 40 * DAY),
        client_agreed=True,
        client_agreement="Signed it.",
    )
    return person, plans.sign_plan(counselor, draft.id, True, today=signed_on)


def open_today(qtbot, who):  # type: ignore[no-untyped-def]
    screen = today_screen.build(who)
    qtbot.addWidget(screen.view)
    screen.view.resize(1280, 800)
    screen.view.show()
    qtbot.waitExposed(screen.view)
    screen.view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is screen.view)
    screen.activated()
    return screen


def test_no_review_due_no_section(qtbot, actor, counselor):
    plan_signed(actor, counselor, "Robin", TODAY - 2 * DAY)  # due in 28 days
    screen = open_today(qtbot, counselor)
    assert screen.view.reviews.rowCount() == 0
    assert not screen.view.review_table.isVisible() and not screen.view.reviews_title.isVisible()


def test_a_due_review_is_listed_and_enter_opens_it(qtbot, actor, counselor):
    overdue, overdue_plan = plan_signed(actor, counselor, "Robin", TODAY - 33 * DAY)
    soon, _plan = plan_signed(actor, counselor, "Sky", TODAY - 25 * DAY)
    plan_signed(actor, counselor, "Lee", TODAY - 2 * DAY)  # not due yet: not listed
    screen = open_today(qtbot, counselor)
    v = screen.view
    assert v.review_table.isVisible() and v.reviews_title.text() == "Plan reviews due (2)"
    cell = [[v.reviews.data(v.reviews.index(r, c)) for c in range(4)] for r in range(2)]
    assert cell[0][0] == "Robin R." and cell[0][2] == date_text(TODAY - 3 * DAY)
    assert cell[0][3] == "3 days overdue" and cell[1][3] == "in 5 days"
    assert v.reviews.data(v.reviews.index(0, 3), Qt.ItemDataRole.BackgroundRole) is not None

    prompts = ScriptedPrompts(qtbot)
    screen.prompts = prompts

    def review(dialog) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(dialog, PlanReviewDialog) and dialog.plan.id == overdue_plan.id
        assert "(3 days overdue)" in dialog.subtitle.text()
        dialog.summary.setFocus()
        qtbot.keyClicks(dialog.summary, "Reviewed with the client.")
        qtbot.keyClick(dialog.summary, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    prompts.steps.append(review)
    prompts.steps.append(lambda sign: qtbot.keyClick(sign.ok_button, Qt.Key.Key_Return))
    v.review_table.setFocus()
    qtbot.keyClick(v.review_table, Qt.Key.Key_Return)
    assert not prompts.steps
    (signed,) = reviews.plan_reviews(counselor, overdue_plan.id)
    assert signed.status == "signed" and signed.reviewed_on == TODAY
    assert v.reviews.rowCount() == 1 and v.reviews.data(v.reviews.index(0, 0)) == "Sky R."
    assert v.reviews_title.text() == "Plan reviews due (1)"


def test_another_day_or_a_front_desk_shows_no_reviews(qtbot, actor, counselor):
    plan_signed(actor, counselor, "Robin", TODAY - 33 * DAY)
    screen = open_today(qtbot, counselor)
    assert screen.view.reviews.rowCount() == 1
    with qtbot.waitSignal(screen.view.picker.day_changed):
        qtbot.keyClick(screen.view.session_table, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert screen.view.reviews.rowCount() == 0 and not screen.view.review_table.isVisible()
    desk = f.actor_as(actor, f.staff(actor, role="frontdesk", name="Frankie Desk"))
    assert open_today(qtbot, desk).view.reviews.rowCount() == 0
