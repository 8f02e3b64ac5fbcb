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


class Keys:
    """Presses keys on a widget and counts them."""

    def __init__(self, qtbot) -> None:  # type: ignore[no-untyped-def]
        self.qtbot = qtbot
        self.count = 0

    def press(self, widget, *keys) -> None:  # type: ignore[no-untyped-def]
        for key in keys:
            self.qtbot.keyClick(widget, key)
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
