"""Starting a discharge by keys (Ctrl+Shift+D): a wrong date is said under it and the dialog stays;
Escape starts nothing; Tab goes reason, date, then the buttons."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from iopdesk.domain.care import discharge, episodes
from iopdesk.ui.views import chart as chart_screen
from iopdesk.ui.views.chart.discharge_dialogs import StartDischargeDialog
from tests.support.care_factories import admitted
from tests.support.factories import TODAY
from tests.support.roster_support import open_view
from tests.ui.chart.keys import CTRL_SHIFT, focused, open_client, press, tab, type_text

ADMITTED = TODAY - dt.timedelta(days=30)


def chart_of_robin(qtbot, clinic, prompts):  # type: ignore[no-untyped-def]
    admitted(clinic.casey, clinic.robin.id, on=ADMITTED)
    screen = open_view(qtbot, chart_screen.build, clinic.casey, prompts)
    open_client(qtbot, screen, "river")
    return screen


def no_discharge_started(clinic) -> bool:  # type: ignore[no-untyped-def]
    (episode,) = episodes.episodes(clinic.casey, clinic.robin.id)
    return episode.discharged_on is None and discharge.get_discharge(clinic.casey, episode.id) is None


def test_tab_order_and_a_wrong_date_said_under_it(qtbot, clinic, prompts):
    chart_of_robin(qtbot, clinic, prompts)
    seen: dict[str, object] = {}

    def wrong_then_escape(dialog: QDialog) -> None:
        assert isinstance(dialog, StartDischargeDialog)
        assert focused() is dialog.reason
        tab(qtbot)
        assert focused() is dialog.date.edit
        tab(qtbot)
        assert focused() is dialog.ok_button
        tab(qtbot)
        assert focused() is dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        tab(qtbot)
        assert focused() is dialog.reason  # round again: Cancel never became what Enter presses
        tab(qtbot)
        focused().selectAll()  # type: ignore[attr-defined]
        type_text(qtbot, "13/45/2026")
        press(qtbot, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
        assert dialog.isVisible(), "Enter with a wrong date closed the dialog"
        error = dialog.field_errors["discharged_on"]
        seen["error"] = error.text()
        assert error.isVisibleTo(dialog) and focused() is dialog.date.edit
        assert dialog.date.edit.text() == "13/45/2026"  # the typing stays to be corrected
        focused().selectAll()  # type: ignore[attr-defined]
        type_text(qtbot, (ADMITTED - dt.timedelta(days=3)).isoformat())  # before the admission
        press(qtbot, Qt.Key.Key_Return)
        assert dialog.isVisible() and dialog.shown_errors()
        seen["before"] = dialog.shown_errors()
        prompts.answers.append(True)  # the typed date goes: "Close and lose it"
        press(qtbot, Qt.Key.Key_Escape)
        assert "not saved" in prompts.questions[-1]
        assert dialog.result() == QDialog.DialogCode.Rejected

    prompts.steps.append(wrong_then_escape)
    press(qtbot, Qt.Key.Key_D, CTRL_SHIFT)
    assert not prompts.steps
    assert "date" in str(seen["error"]).lower()
    assert no_discharge_started(clinic)


def test_escape_right_away_starts_nothing(qtbot, clinic, prompts):
    chart_of_robin(qtbot, clinic, prompts)

    def escape(dialog: QDialog) -> None:
        assert isinstance(dialog, StartDischargeDialog)
        press(qtbot, "d")  # a reason chosen by its first letter…
        press(qtbot, Qt.Key.Key_Escape)  # …and then not
        assert dialog.result() == QDialog.DialogCode.Rejected

    prompts.steps.append(escape)
    press(qtbot, Qt.Key.Key_D, CTRL_SHIFT)
    assert not prompts.steps and no_discharge_started(clinic)
