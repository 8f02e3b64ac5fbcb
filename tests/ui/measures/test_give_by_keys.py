"""A counselor gives a PHQ-9 from the keyboard: nine number keys and Enter (counted, not timed); the
total, band and safety alert show as the answers come; the alert prompt follows the save at once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from iopdesk.domain.measures import alerts, results
from iopdesk.store.measures_models import MeasureResult
from iopdesk.ui.views.measures.alert_dialogs import FollowUpDialog, SafetyAlertDialog
from iopdesk.ui.views.measures.give_dialog import GiveInstrumentDialog, give_instrument
from tests.support.roster_support import ScriptedPrompts

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


class Keys:
    """Presses keys on a widget and counts them."""

    def __init__(self, qtbot) -> None:  # type: ignore[no-untyped-def]
        self.qtbot = qtbot
        self.count = 0

    def press(self, widget, *keys) -> None:  # type: ignore[no-untyped-def]
        for key in keys:
            key, modifier = key if isinstance(key, tuple) else (key, Qt.KeyboardModifier.NoModifier)
            self.qtbot.keyClick(widget, key, modifier)
            self.count += 1


def focused(dialog):  # type: ignore[no-untyped-def]
    """Where the dialog's keyboard focus is: what a person's key presses reach."""
    return QApplication.focusWidget() or dialog.focusWidget()


def test_a_phq9_is_nine_number_keys_and_enter(qtbot, host, load) -> None:  # type: ignore[no-untyped-def]
    dialog = give_instrument(host, load.counselor, load.client_id, "phq9", client_name="Robin R.")
    qtbot.waitExposed(dialog)
    keys = Keys(qtbot)
    assert focused(dialog) is dialog.pad
    assert "Item 1 of 10" in dialog.pad.item_label.text() and "0 Not at all" in dialog.pad.keys_label.text()
    for digit in "212210110":
        keys.press(focused(dialog), getattr(Qt.Key, f"Key_{digit}"))
    assert dialog.score.text() == "Total 10 of 27: Moderate (10-14)"
    assert dialog.safety.isHidden()  # item 9 answered 0
    with qtbot.waitSignal(dialog.given, timeout=2000) as saved:
        keys.press(focused(dialog), Qt.Key.Key_Return)
    assert keys.count == 10  # nine answers and Enter: well under a minute by hand
    given = saved.args[0]
    assert (given.result.total, given.result.band, given.alert_id) == (10, "moderate", None)
    assert MeasureResult.select().count() == 1


def dialogs_of(kind):  # type: ignore[no-untyped-def]
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


def active(qtbot, dialog):  # type: ignore[no-untyped-def]
    """The dialog as the window a person types into (offscreen windows are not activated by themselves)."""
    qtbot.waitUntil(dialog.isVisible)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def test_the_safety_alert_shows_the_moment_item_9_is_above_0_and_the_prompt_follows_the_save(
    qtbot, host, load
) -> None:  # type: ignore[no-untyped-def]
    dialog = give_instrument(host, load.counselor, load.client_id, "phq9")
    qtbot.waitExposed(dialog)
    keys = Keys(qtbot)
    keys.press(focused(dialog), Qt.Key.Key_End)  # straight to the last item: the difficulty question
    keys.press(focused(dialog), Qt.Key.Key_Up)  # item 9
    assert dialog.safety.isHidden()
    keys.press(focused(dialog), Qt.Key.Key_1)
    assert not dialog.safety.isHidden() and "item 9" in dialog.safety.text()  # before anything is saved
    assert not dialog.save_button.isEnabled()  # items 1-8 are not answered yet
    keys.press(focused(dialog), Qt.Key.Key_Return)
    assert dialog.feedback.message() == "Not answered yet: item 1, 2, 3, 4, 5, 6, 7, 8."
    assert dialog.pad.current == 0 and MeasureResult.select().count() == 0
    for _ in range(8):
        keys.press(focused(dialog), Qt.Key.Key_0)
    assert dialog.score.text() == "Total 1 of 27: Minimal (0-4)"
    with qtbot.waitSignal(dialog.given, timeout=2000) as saved:
        keys.press(focused(dialog), Qt.Key.Key_Return)
    assert saved.args[0].alert_id is not None
    qtbot.waitUntil(lambda: bool(dialogs_of(SafetyAlertDialog)), timeout=2000)
    (prompt,) = dialogs_of(SafetyAlertDialog)
    assert "item 9 answered 1" in prompt.findChild(type(dialog.safety), "safetyAlert").text()
    keys.press(prompt, Qt.Key.Key_Return)  # "Record follow-up…" is the main button
    qtbot.waitUntil(lambda: bool(dialogs_of(FollowUpDialog)), timeout=2000)
    (form,) = dialogs_of(FollowUpDialog)
    active(qtbot, form)
    assert focused(form) is form.outcome
    keys.press(focused(form), Qt.Key.Key_Down)  # the first outcome: no current risk
    keys.press(focused(form), Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(form), "Called the client at once; no plan or intent; crisis line given.")
    with qtbot.waitSignal(form.followed_up, timeout=2000) as closed:
        keys.press(focused(form), (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier))
    assert not closed.args[0].open and closed.args[0].outcome == "no_current_risk"
    assert alerts.open_alerts(load.counselor) == ()


def test_only_answers_on_the_items_scale_are_taken(qtbot, host, load) -> None:  # type: ignore[no-untyped-def]
    dast = give_instrument(host, load.counselor, load.client_id, "dast10")
    qtbot.waitExposed(dast)
    keys = Keys(qtbot)
    keys.press(focused(dast), Qt.Key.Key_5)  # a yes/no item takes Y/N (or 1/0), not 5
    assert dast.pad.answers() == {} and "not an answer" in dast.pad.keys_label.text()
    for key in "YYNNNNNNNN":
        keys.press(focused(dast), getattr(Qt.Key, f"Key_{key}"))
    assert dast.score.text() == "Total 3 of 10: Moderate (3-5)"  # item 3's "no" counts
    dast.prompts = ScriptedPrompts(qtbot)
    dast.prompts.answers.append(True)  # "Close and lose it"
    dast.reject()
    audit = give_instrument(host, load.counselor, load.client_id, "audit")
    qtbot.waitExposed(audit)
    for key in "00000000":
        keys.press(focused(audit), getattr(Qt.Key, f"Key_{key}"))
    keys.press(focused(audit), Qt.Key.Key_3)  # items 9-10 take 0, 2 or 4
    assert "q9" not in audit.pad.answers() and audit.pad.current == 8
    keys.press(focused(audit), Qt.Key.Key_4)
    assert audit.pad.answers()["q9"] == 4


def test_a_result_is_corrected_with_its_reason(qtbot, host, load) -> None:  # type: ignore[no-untyped-def]
    from iopdesk.ui.views.measures.give_dialog import correct_result

    first = results.give(
        load.counselor, load.client_id, "gad7", dict.fromkeys([f"q{n}" for n in range(1, 8)], 1)
    )
    dialog = correct_result(host, load.counselor, first.result)
    qtbot.waitExposed(dialog)
    assert dialog.score.text() == "Total 7 of 21: Mild (5-9)"
    keys = Keys(qtbot)
    keys.press(dialog.pad, Qt.Key.Key_Home)
    keys.press(dialog.pad, Qt.Key.Key_3)
    keys.press(dialog.pad, Qt.Key.Key_Return)
    assert "reason" in dialog.feedback.message()
    qtbot.keyClicks(dialog.reason, "Item 1 was 3 on the paper form.")
    with qtbot.waitSignal(dialog.given, timeout=2000) as saved:
        keys.press(dialog.reason, Qt.Key.Key_Return)
    assert (saved.args[0].result.total, saved.args[0].result.supersedes_id) == (9, first.result.id)
    assert isinstance(dialog, GiveInstrumentDialog)


def test_a_number_key_on_a_yes_no_item_is_the_answer_with_that_score(qtbot, host, load) -> None:  # type: ignore[no-untyped-def]
    # The keys shown for DAST-10 item 3 are "Y Yes (0) · N No (1)": 1 must record the "no" that
    # scores 1, not a "yes" that scores 0. BAM item 14 shows "Y Yes (4) · N No (0)": 4 says yes.
    dast = give_instrument(host, load.counselor, load.client_id, "dast10")
    qtbot.waitExposed(dast)
    keys = Keys(qtbot)
    keys.press(focused(dast), Qt.Key.Key_1, Qt.Key.Key_0)  # items 1 and 2: yes (1), no (0)
    assert dast.pad.keys_label.text() == "Y Yes (0) · N No (1)"
    keys.press(focused(dast), Qt.Key.Key_1)  # item 3: the answer that scores 1 is "no"
    assert dast.pad.answers() == {"q1": True, "q2": False, "q3": False}
    keys.press(focused(dast), *([Qt.Key.Key_0] * 7))
    assert dast.score.text() == "Total 2 of 10: Low (1-2)"
    dast.prompts = ScriptedPrompts(qtbot)
    dast.prompts.answers.append(True)  # "Close and lose it"
    dast.reject()
    bam = give_instrument(host, load.counselor, load.client_id, "bam")
    qtbot.waitExposed(bam)
    bam.pad.go_to(19)  # item 14: enough legal income
    assert bam.pad.current_item.number == "14"
    keys.press(focused(bam), Qt.Key.Key_1)  # not a score on this item: refused, saying which are
    assert "q14" not in bam.pad.answers() and "1 is not an answer here" in bam.pad.keys_label.text()
    keys.press(focused(bam), Qt.Key.Key_4)
    assert bam.pad.answers() == {"q14": True}


def test_the_bam_keys_say_what_each_score_stands_for(qtbot, host, load) -> None:  # type: ignore[no-untyped-def]
    # Bare "0 1 2 3 4" invites a 3 for 3 days, which the BAM scores as 9-15 days.
    bam = give_instrument(host, load.counselor, load.client_id, "bam")
    qtbot.waitExposed(bam)
    assert bam.pad.keys_label.text().startswith("0 Excellent")  # item 1: physical health
    Keys(qtbot).press(focused(bam), Qt.Key.Key_Down)  # item 2, a count of nights
    assert "1 1-3 days   2 4-8 days   3 9-15 days" in bam.pad.keys_label.text()
    Keys(qtbot).press(focused(bam), Qt.Key.Key_2)
    assert bam.pad.model.index(1, 2).data() == "2 · 4-8 days"


def test_a_correction_saves_the_sex_the_form_shows(qtbot, host, load) -> None:  # type: ignore[no-untyped-def]
    from iopdesk.ui.views.measures.give_dialog import correct_result

    first = results.give(load.counselor, load.client_id, "auditc", {"q1": 1, "q2": 1, "q3": 1}, sex="male")
    assert first.result.band == "negative"  # 3 is under the men's cut-off of 4
    dialog = correct_result(host, load.counselor, first.result)
    qtbot.waitExposed(dialog)
    dialog.sex.setCurrentIndex(dialog.sex.findData(""))  # "Not given": the lower cut-off, 3
    assert dialog.score.text().startswith("Total 3 of 12: Positive screen")
    qtbot.keyClicks(dialog.reason, "Sex was not asked.")
    with qtbot.waitSignal(dialog.given, timeout=2000) as saved:
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert (saved.args[0].result.band, saved.args[0].result.sex) == ("positive", "")


def test_a_follow_up_recorded_in_the_minute_the_answers_were_saved_is_taken(
    qtbot, host, load, frozen_clock
) -> None:  # type: ignore[no-untyped-def]
    # The form's time is to the minute: 17:00, for answers saved at 17:00:40. That is not "before".
    import datetime as dt

    from iopdesk.ui.views.measures.alert_dialogs import record_follow_up
    from tests.support.measures_factories import NOON, phq9

    frozen_clock.set(NOON + dt.timedelta(seconds=40))
    alert_id = results.give(load.counselor, load.client_id, "phq9", phq9(*[0] * 8, 1)).alert_id
    form = record_follow_up(host, load.counselor, alert_id)
    assert isinstance(form, FollowUpDialog)
    active(qtbot, form)
    qtbot.keyClick(form.outcome, Qt.Key.Key_Down)
    qtbot.keyClicks(form.done_text, "Asked at once in the session; no plan or intent.")
    with qtbot.waitSignal(form.followed_up, timeout=2000) as closed:
        qtbot.keyClick(form.done_text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert closed.args[0].checked_at == NOON


def test_escape_after_answers_asks_before_they_go(qtbot, host, load) -> None:  # type: ignore[no-untyped-def]
    """Nine answers, item 9 above 0 among them, and Escape: "Close and lose it?" (it once closed at
    once, the answers and the safety alert gone); "Keep typing", the default, keeps them."""
    dialog = active(qtbot, give_instrument(host, load.counselor, load.client_id, "phq9"))
    dialog.prompts = prompts = ScriptedPrompts(qtbot)
    keys = Keys(qtbot)
    for digit in "000000002":
        keys.press(focused(dialog), getattr(Qt.Key, f"Key_{digit}"))
    assert dialog.safety.isVisible()
    prompts.answers.append(False)  # "Keep typing"
    keys.press(focused(dialog), Qt.Key.Key_Escape)
    assert prompts.questions == ["What you typed here is not saved. Close and lose it?"]
    assert dialog.isVisible() and len(dialog.pad.answers()) == 9 and focused(dialog) is dialog.pad
    prompts.answers.append(True)  # "Close and lose it"
    keys.press(focused(dialog), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert MeasureResult.select().count() == 0 and alerts.open_alerts(load.counselor) == ()


def test_escape_before_any_answer_closes_at_once(qtbot, host, load) -> None:  # type: ignore[no-untyped-def]
    dialog = active(qtbot, give_instrument(host, load.counselor, load.client_id, "gad7"))
    dialog.prompts = prompts = ScriptedPrompts(qtbot)
    qtbot.keyClick(focused(dialog), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert not prompts.questions
