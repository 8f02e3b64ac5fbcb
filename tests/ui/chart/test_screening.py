"""Screening a new client by keys, end to end: the criteria answered with notes, the six ASAM dimensions
rated with reasons, the program's recommendation shown as it comes, an override refused until it says
why, and signing with the password and Enter (issue 15)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from iopdesk.domain.care import screening
from iopdesk.ui.views import chart as chart_screen
from iopdesk.ui.views.chart.screening_dialog import ScreeningDialog
from iopdesk.ui.views.chart.sign_dialog import CareSignDialog
from tests.support.roster_support import open_view
from tests.support.signin_support import PASSWORD
from tests.ui.chart.keys import ALT, CTRL_SHIFT, focused, open_client, press, tab, type_text

RATINGS = "212221"  # one digit a dimension: the highest is 2, so the program says IOP


def test_a_counselor_screens_a_new_client_by_keys(qtbot, clinic, prompts):
    screen = open_view(qtbot, chart_screen.build, clinic.casey, prompts)
    open_client(qtbot, screen, "river")
    # A new client is in no one's caseload yet: the chart says so, and intake stays open.
    assert screen.view.body.currentWidget() is screen.view.refused
    assert "not in your caseload" in screen.view.refusal.text()
    assert screen.commands.a_screen.isEnabled() and not screen.commands.a_print.isEnabled()

    def screen_by_keys(dialog):  # type: ignore[no-untyped-def]
        assert isinstance(dialog, ScreeningDialog)
        assert "not a diagnosis" in dialog.notice.text()
        assert "once every criterion is answered" in dialog.computed.text()
        for _key in dialog.answers:
            press(qtbot, "m")  # Met
            tab(qtbot)
            type_text(qtbot, "Talked it through at intake.")
            tab(qtbot)
        for digit in RATINGS:
            press(qtbot, digit)
            tab(qtbot)
            type_text(qtbot, "From the intake interview.")
            tab(qtbot)
        assert [c.currentData() for c, _n in dialog.answers.values()] == ["yes"] * len(dialog.answers)
        assert [c.currentData() for c, _r in dialog.ratings.values()] == [int(d) for d in RATINGS]
        assert dialog.computed.text() == "The program recommends: Intensive outpatient (IOP)"
        assert focused() is dialog.choice
        press(qtbot, "a")  # "A higher level of care": the clinician overrides …
        assert dialog.choice.currentData() == "higher" and dialog.reason.isEnabled()
        press(qtbot, Qt.Key.Key_S, ALT)  # … and tries to sign without saying why
        qtbot.waitUntil(lambda: "Say why the recommendation differs" in dialog.message.text())
        assert prompts.steps, "no signing dialog may open while something is missing"
        dialog.reason.setFocus()
        type_text(qtbot, "Lives with a partner who uses; needs a structured setting first.")
        press(qtbot, Qt.Key.Key_S, ALT)  # a mnemonic clicks a moment later, as it shows
        qtbot.waitUntil(lambda: dialog.signed is not None)

    def sign_with_enter(dialog):  # type: ignore[no-untyped-def]
        assert isinstance(dialog, CareSignDialog)
        assert dialog.statement.text() == "I, Casey Counselor, sign this screening."
        assert QApplication.focusWidget() is dialog.password
        type_text(qtbot, PASSWORD)
        press(qtbot, Qt.Key.Key_Return)

    prompts.steps += [screen_by_keys, sign_with_enter]
    press(qtbot, Qt.Key.Key_S, CTRL_SHIFT)
    assert not prompts.steps
    (signed,) = screening.screenings(clinic.casey, clinic.robin.id)
    assert signed.status == "signed" and signed.computed == "iop" and signed.recommendation == "higher"
    assert signed.override_reason.startswith("Lives with a partner")
    assert all(a.answer == "yes" and a.note for a in signed.answers)
    assert [r.rating for r in signed.ratings] == [int(d) for d in RATINGS]
    # The screener is in the client's caseload now: the chart opens, at the screening.
    assert screen.view.body.currentWidget() is screen.view.tabs
    assert screen.view.section_key() == "screening"
    assert screen.view.notice.message() == "Screening signed: A higher level of care."
    assert [s.id for s in screen.view.screening.model.rows] == [signed.id]
    assert "(overridden)" in screen.view.screening.model.index(0, 2).data()
    assert "not a diagnosis" in screen.view.screening.notice.text()
    assert "Lives with a partner" in screen.view.screening.detail.toPlainText()


def test_a_wrong_password_signs_nothing_and_cancelling_keeps_a_draft(qtbot, clinic, prompts):
    screen = open_view(qtbot, chart_screen.build, clinic.casey, prompts)
    open_client(qtbot, screen, "river")

    def answer_all(dialog):  # type: ignore[no-untyped-def]
        for combo, note in dialog.answers.values():
            combo.setCurrentIndex(combo.findData("yes"))
            note.setText("Fine.")
        for combo, reason in dialog.ratings.values():
            combo.setCurrentIndex(combo.findData(1))
            reason.setText("Mild.")
        assert dialog.computed.text() == "The program recommends: Standard outpatient"
        dialog.sign_button.click()

    def wrong_then_cancel(dialog):  # type: ignore[no-untyped-def]
        type_text(qtbot, "not my password")
        press(qtbot, Qt.Key.Key_Return)
        assert dialog.isVisible() and "password" in dialog.message.text().lower()
        press(qtbot, Qt.Key.Key_Escape)

    prompts.steps += [answer_all, wrong_then_cancel]
    press(qtbot, Qt.Key.Key_S, CTRL_SHIFT)
    (kept,) = screening.screenings(clinic.casey, clinic.robin.id)
    assert kept.status == "draft" and kept.computed == "outpatient"
    # Signing saved what was typed first; closing the screening afterwards keeps that draft.
    assert screen.view.notice.message().startswith("The new screening was kept as a draft")

    def continue_and_escape(dialog):  # type: ignore[no-untyped-def]
        assert all(c.currentData() == "yes" for c, _n in dialog.answers.values())  # the draft, reopened
        press(qtbot, Qt.Key.Key_Escape)

    prompts.steps.append(continue_and_escape)
    assert screen.view.section_key() == "screening"
    assert screen.commands.a_continue.isEnabled()
    screen.view.screening.table.setFocus()
    press(qtbot, Qt.Key.Key_Return)  # Enter on one's own draft continues it
    assert not prompts.steps
