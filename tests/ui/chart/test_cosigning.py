"""A trainee's screening waits for the supervisor's co-signature: the supervisor co-signs it from the
chart with the password, or returns it with what needs to change (issue 15)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from iopdesk.domain.care import screening
from iopdesk.store.models import Staff
from iopdesk.ui.views import chart as chart_screen
from iopdesk.ui.views.chart.sign_dialog import CareSignDialog, ReturnDialog
from tests.support.care_factories import screened
from tests.support.roster_support import open_view
from tests.support.signin_support import PASSWORD
from tests.ui.chart.keys import ALT, open_client, press, type_text


def a_trainees_screening(clinic):  # type: ignore[no-untyped-def]
    Staff.update(needs_cosign=True, supervisor=clinic.sam.staff_id).where(
        Staff.id == clinic.casey.staff_id
    ).execute()
    waiting = screened(clinic.casey, clinic.robin.id)
    assert waiting.status == "pending_cosign"
    return waiting


def test_the_supervisor_co_signs_a_trainees_screening(qtbot, clinic, prompts):
    waiting = a_trainees_screening(clinic)
    casey = open_view(qtbot, chart_screen.build, clinic.casey, prompts)
    open_client(qtbot, casey, "river")
    press(qtbot, Qt.Key.Key_2, ALT)
    assert not casey.commands.a_cosign_s.isEnabled()  # not one's own
    assert not casey.commands.a_continue.isEnabled()  # locked while it waits
    casey.view.close()

    sam = open_view(qtbot, chart_screen.build, clinic.sam, prompts)
    open_client(qtbot, sam, "river")
    press(qtbot, Qt.Key.Key_2, ALT)
    assert sam.current_screening() is not None and sam.commands.a_cosign_s.isEnabled()

    def cosign(dialog):  # type: ignore[no-untyped-def]
        assert isinstance(dialog, CareSignDialog)
        assert dialog.statement.text() == "I, Sam Supervisor, co-sign the screening by Casey Counselor."
        type_text(qtbot, PASSWORD)
        press(qtbot, Qt.Key.Key_Return)

    prompts.steps.append(cosign)
    press(qtbot, Qt.Key.Key_O, ALT)  # C&o-sign…
    qtbot.waitUntil(lambda: not prompts.steps)
    qtbot.waitUntil(lambda: sam.view.notice.message() == "Screening co-signed.")
    (done,) = screening.screenings(clinic.sam, clinic.robin.id)
    assert done.id == waiting.id and done.status == "signed" and done.cosigned_by_name == "Sam Supervisor"


def test_the_supervisor_returns_it_and_the_author_can_change_it_again(qtbot, clinic, prompts):
    a_trainees_screening(clinic)
    sam = open_view(qtbot, chart_screen.build, clinic.sam, prompts)
    open_client(qtbot, sam, "river")
    press(qtbot, Qt.Key.Key_2, ALT)

    def give_back(dialog):  # type: ignore[no-untyped-def]
        assert isinstance(dialog, ReturnDialog)
        type_text(qtbot, "Say more about the home environment.")
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    prompts.steps.append(give_back)
    press(qtbot, Qt.Key.Key_R, ALT)  # &Return for changes…
    qtbot.waitUntil(lambda: not prompts.steps)
    (back,) = screening.screenings(clinic.sam, clinic.robin.id)
    assert back.status == "returned" and back.return_comment == "Say more about the home environment."
    assert "Returned for changes: Say more" in sam.view.screening.detail.toPlainText()
    sam.view.close()

    casey = open_view(qtbot, chart_screen.build, clinic.casey, prompts)
    open_client(qtbot, casey, "river")
    press(qtbot, Qt.Key.Key_2, ALT)
    assert casey.commands.a_continue.isEnabled()

    def see_why(dialog):  # type: ignore[no-untyped-def]
        shown = [label.text() for label in dialog.findChildren(QLabel) if label.objectName() == "alertBadge"]
        assert "Returned for changes: Say more about the home environment." in shown
        press(qtbot, Qt.Key.Key_Escape)

    prompts.steps.append(see_why)
    casey.commands.a_continue.trigger()
    assert not prompts.steps
