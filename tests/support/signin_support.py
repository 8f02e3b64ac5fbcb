"""Shared pieces of the sign-in, lock and account tests: a clinic with passwords, and scripted dialogs."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QDialog

from iopdesk.domain.access.accounts import change_password, first_run_setup, sign_in
from iopdesk.domain.access.staff_accounts import create_staff
from iopdesk.domain.kernel.actor import Actor
from iopdesk.ui.signin.flow import StartOptions

ADMIN_PASSWORD = "admin password for tests"
PASSWORD = "counselor's own pass phrase"
TEMPORARY = "temporary pass phrase"
NEW_ADMIN_PASSWORD = "a long new admin phrase"


def add_staff(admin: Actor, username: str, role: str = "counselor", *, name: str = "") -> Actor:
    """An account that has already chosen its own password (PASSWORD)."""
    create_staff(admin, username, name or username.title(), role, TEMPORARY)
    actor = sign_in(username, TEMPORARY)
    change_password(actor, TEMPORARY, PASSWORD)
    return actor


def set_up_clinic() -> Actor:
    """The clinic's first run: its administrator (user name "admin"), signed in."""
    actor, _key = first_run_setup(
        "Test Clinic", "Main site", "America/New_York", "admin", "Ada Admin", ADMIN_PASSWORD
    )
    return actor


def fill_first_run(
    dialog: QDialog, *, again: str = NEW_ADMIN_PASSWORD, clinic: str = "Riverside Recovery"
) -> None:
    """Fill the first-run dialog in (administrator "boss", NEW_ADMIN_PASSWORD) and submit it."""
    dialog.clinic.setText(clinic)
    dialog.site.setText("Harbor Street")
    dialog.zone.setEditText("America/Chicago")
    dialog.username.setText("boss")
    dialog.display_name.setText("Bo Boss")
    dialog.password.setText(NEW_ADMIN_PASSWORD)
    dialog.again.setText(again)
    dialog.try_accept()


def finish_attempt(dialog: QDialog) -> None:
    """Wait until the sign-in attempt a click or Enter began is over: the sign-in dialog checks the
    password on a worker thread, then signs in (or says why not) on the GUI thread."""
    if not getattr(dialog, "signing_in", False):
        return
    loop = QEventLoop()
    dialog.attempt_ended.connect(loop.quit)  # type: ignore[attr-defined]
    QTimer.singleShot(30_000, loop.quit)  # a hung check fails below instead of hanging the suite
    loop.exec()
    assert not dialog.signing_in, "the sign-in attempt did not end"  # type: ignore[attr-defined]


def gui_args(**values: object) -> StartOptions:
    """What the command line tells the window (``user``, ``exit_after_startup``)."""
    return StartOptions(**values)  # type: ignore[arg-type]


Step = Callable[[QDialog], None]


class ScriptedRunner:
    """Stands in for dialog.exec(): hands each top-level dialog to the next step, reports acceptance."""

    def __init__(self, qtbot, *steps: Step) -> None:  # type: ignore[no-untyped-def]
        self.qtbot = qtbot
        self.steps = list(steps)
        self.seen: list[QDialog] = []

    def run(self, dialog: QDialog) -> bool:
        assert self.steps, f"unexpected dialog {dialog.windowTitle()!r}"
        self.qtbot.addWidget(dialog)  # a top-level dialog, registered with qtbot
        self.seen.append(dialog)
        dialog.show()
        self.steps.pop(0)(dialog)
        finish_attempt(dialog)
        accepted = dialog.result() == QDialog.DialogCode.Accepted
        dialog.hide()
        return accepted


def shown_dialog(qtbot, opened):  # type: ignore[no-untyped-def]
    """The sign-in dialog of the locked clinic ``opened``, on screen (as the program shows it)."""
    from iopdesk.ui.signin.door import Door
    from iopdesk.ui.signin.sign_in_dialog import SignInDialog

    dialog = SignInDialog(None, door=Door(opened))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog
