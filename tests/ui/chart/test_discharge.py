"""Discharging by keys: the reason and the date, the summary the program assembled edited, aftercare
added, signed with the password; the client's groups and team end from that date only. A re-admission
starts a new episode and the old one stays readable (issue 15)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from iopdesk.domain.care import discharge, episodes, team
from iopdesk.domain.clients.clients import get_client
from iopdesk.domain.enrollment.enrollment import enroll
from iopdesk.store.models import Enrollment
from iopdesk.ui.views import chart as chart_screen
from iopdesk.ui.views.chart.admission_dialogs import AdmitDialog
from iopdesk.ui.views.chart.discharge_dialogs import AftercareDialog, DischargeDialog, StartDischargeDialog
from iopdesk.ui.views.chart.sign_dialog import CareSignDialog
from tests.support.care_factories import admitted
from tests.support.factories import TODAY
from tests.support.roster_helpers import make_group
from tests.support.roster_support import open_view
from tests.support.signin_support import PASSWORD
from tests.ui.chart.keys import ALT, CTRL_SHIFT, focused, open_client, press, tab, type_text

ADMITTED = TODAY - dt.timedelta(days=30)
LEFT = TODAY - dt.timedelta(days=5)


def test_discharge_with_the_summary_edited_aftercare_and_signing_then_readmit(qtbot, clinic, prompts):
    admitted(clinic.casey, clinic.robin.id, on=ADMITTED)
    team.add_team_member(clinic.casey, clinic.robin.id, clinic.sam.staff_id, "supervisor", ADMITTED)
    group = make_group(clinic.admin, "Evening IOP")
    enroll(clinic.admin, clinic.robin.id, group.id, ADMITTED, today=ADMITTED)
    screen = open_view(qtbot, chart_screen.build, clinic.casey, prompts)
    open_client(qtbot, screen, "river")

    def why_and_when(dialog):  # type: ignore[no-untyped-def]
        assert isinstance(dialog, StartDischargeDialog)
        assert focused() is dialog.reason and dialog.reason.currentData() == "completed"
        tab(qtbot)
        assert focused() is dialog.date.edit
        focused().selectAll()  # type: ignore[attr-defined]
        type_text(qtbot, LEFT.isoformat())
        press(qtbot, Qt.Key.Key_Return)

    def write_and_sign(dialog):  # type: ignore[no-untyped-def]
        assert isinstance(dialog, DischargeDialog)
        assembled = dialog.texts["stay"].toPlainText()
        assert assembled.startswith(f"Admitted on {ADMITTED:%Y-%m-%d}") and "discharged on" in assembled
        dialog.texts["stay"].setFocus()
        dialog.texts["stay"].moveCursor(dialog.texts["stay"].textCursor().MoveOperation.End)
        type_text(qtbot, " Came to every group in the last month.")
        tab(qtbot, 4)  # attendance, goals, instruments, then the counselor's own parts
        assert focused() is dialog.texts["condition"]
        type_text(qtbot, "Abstinent for 28 days; mood stable.")
        tab(qtbot)
        type_text(qtbot, "Continue in the alumni group; see the prescriber monthly.")
        press(qtbot, Qt.Key.Key_S, ALT)
        qtbot.waitUntil(lambda: "Add the aftercare plan" in dialog.message.text())
        press(qtbot, Qt.Key.Key_I, ALT)  # Add item… (a mnemonic clicks a moment later)
        qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
        press(qtbot, Qt.Key.Key_S, ALT)
        qtbot.waitUntil(lambda: dialog.signed is not None)

    def aftercare(dialog):  # type: ignore[no-untyped-def]
        assert isinstance(dialog, AftercareDialog)
        assert focused() is dialog.kind
        press(qtbot, "m")  # Mutual-help meeting
        tab(qtbot)
        type_text(qtbot, "SMART Recovery, Thursdays 7 pm")
        press(qtbot, Qt.Key.Key_Return)

    def sign(dialog):  # type: ignore[no-untyped-def]
        assert isinstance(dialog, CareSignDialog)
        assert "discharges Robin River from" in dialog.form.itemAt(1).widget().text()
        type_text(qtbot, PASSWORD)
        press(qtbot, Qt.Key.Key_Return)

    prompts.steps += [why_and_when, write_and_sign, aftercare, sign]
    press(qtbot, Qt.Key.Key_D, CTRL_SHIFT)
    assert not prompts.steps
    (first,) = episodes.episodes(clinic.casey, clinic.robin.id)
    assert first.discharged_on == LEFT and first.discharge_reason == "completed"
    done = discharge.get_discharge(clinic.casey, first.id)
    assert done is not None and done.status == "signed"
    summary = {key: text for key, _title, text in done.summary}
    assert summary["stay"].endswith("Came to every group in the last month.")
    assert summary["condition"] == "Abstinent for 28 days; mood stable."
    assert [(a.kind, a.what) for a in done.aftercare] == [("meeting", "SMART Recovery, Thursdays 7 pm")]
    # From that date forward only: the enrollment and the team places end on it, the past stays.
    row = Enrollment.get(Enrollment.client == clinic.robin.id)
    assert row.start_date == ADMITTED and row.end_date == LEFT and row.status == "completed"
    places = team.team(clinic.casey, clinic.robin.id).past
    assert {(m.name, m.start_on, m.end_on) for m in places} == {
        ("Casey Counselor", ADMITTED, LEFT),
        ("Sam Supervisor", ADMITTED, LEFT),
    }
    assert get_client(clinic.casey, clinic.robin.id).status == "discharged"
    assert screen.view.section_key() == "discharge"
    assert (
        screen.view.notice.message()
        == f"Discharged from {LEFT:%b} {LEFT.day}, {LEFT.year}: Completed the program."
    )
    assert "SMART Recovery" in screen.view.discharge.detail.toPlainText()
    assert screen.commands.a_admit.isEnabled() and screen.commands.a_admit.text() == "Re-&admit…"

    def readmit(dialog):  # type: ignore[no-untyped-def]
        assert isinstance(dialog, AdmitDialog) and dialog.windowTitle() == "Re-admit"  # no name: kit/about.py
        assert "Robin River" in [label.text() for label in dialog.findChildren(QLabel)]
        press(qtbot, Qt.Key.Key_Return)

    prompts.steps.append(readmit)
    press(qtbot, Qt.Key.Key_A, CTRL_SHIFT)
    old, new = episodes.episodes(clinic.casey, clinic.robin.id)
    assert (old.number, old.discharged_on, new.number, new.admitted_on) == (1, LEFT, 2, TODAY)
    assert screen.episode is not None and screen.episode.id == new.id
    assert get_client(clinic.casey, clinic.robin.id).status == "active"
    # The old episode stays readable: choose it, and its discharge is there as it was.
    combo = screen.view.episode
    assert combo.isEnabled() and combo.count() == 2
    combo.setFocus()
    press(qtbot, Qt.Key.Key_Down)  # newest first: down to episode 1
    assert screen.episode is not None and screen.episode.id == old.id
    press(qtbot, Qt.Key.Key_7, ALT)
    assert "SMART Recovery" in screen.view.discharge.detail.toPlainText()
    assert not screen.commands.a_discharge.isEnabled()  # an ended episode changes no more
    press(qtbot, Qt.Key.Key_1, ALT)
    assert screen.view.overview.values["discharged"].text().endswith("(Completed the program)")
