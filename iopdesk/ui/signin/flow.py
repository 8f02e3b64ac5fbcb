"""From a ready store to the main window, and back to sign-in after "Switch user" or "Sign out".

Who acts is decided before the window exists:
- an encrypted clinic not yet open: the sign-in dialog, whose sign-in opens
  it (ui/signin/door.py), or the command line's credentials when
  $IOPDESK_PASSWORD is set or the program only times its start-up;
- a brand-new database (no staff account at all): the first-run dialog, then
  the recovery key, shown once;
- a clinic whose accounts have no passwords yet: the local staff member, as
  before (startup.acting_user);
- otherwise the sign-in dialog, unless the password is already given
  ($IOPDESK_PASSWORD, with --user or $IOPDESK_USER) or the program only times
  its start-up (--exit-after-startup): then it signs in as the command line
  does and shows no dialog.
Cancelling a dialog before any window exits cleanly (status 0, nothing changed).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import Protocol

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDialog

from iopdesk.domain.access.accounts import (
    SignInError,
    accounts_have_passwords,
    password_change_due,
    sign_in,
    sign_out,
)
from iopdesk.domain.clinic.workstation import clinic_is_new, clinic_name
from iopdesk.domain.kernel.actor import Actor
from iopdesk.startup import PASSWORD_VARIABLE, Opened, acting_user, credentials
from iopdesk.ui import crash
from iopdesk.ui.application import IopApplication, quit_when_idle, ui_settings
from iopdesk.ui.lock.controller import QUIT, install_session
from iopdesk.ui.signin.door import Door

log = logging.getLogger(__name__)


class Runner(Protocol):
    def run(self, dialog: QDialog) -> bool: ...


class ExecRunner:
    def run(self, dialog: QDialog) -> bool:
        return dialog.exec() == QDialog.DialogCode.Accepted


class Gate:
    """Asks who is signing in; tests pass a runner that fills the dialogs in."""

    def __init__(
        self,
        args: argparse.Namespace,
        settings: QSettings | None,
        runner: Runner | None = None,
        opened: Opened | None = None,
    ) -> None:
        self.args = args
        self.settings = settings
        self.runner = runner or ExecRunner()
        self.door = Door(opened)

    def first_actor(self) -> Actor | None:
        if self.door.locked:
            return self._unlock()
        if not accounts_have_passwords():
            if clinic_is_new() and not self.args.exit_after_startup:
                return self.first_run()
            return acting_user(self.args)
        if os.environ.get(PASSWORD_VARIABLE) is not None:
            username, password = credentials(self.args)
            try:
                actor = sign_in(username, password)
            except SignInError as exc:
                if self.args.exit_after_startup:
                    raise
                return self.sign_in(username=username, message=str(exc))
            return self._after_sign_in(actor, password)
        if self.args.exit_after_startup:
            return acting_user(self.args)  # the command line's way: demo password, or the terminal
        return self.sign_in(username=self.args.user or "")

    def _unlock(self) -> Actor | None:
        """An encrypted clinic: whoever signs in opens it."""
        assert self.door.opened is not None
        if os.environ.get(PASSWORD_VARIABLE) is not None or self.args.exit_after_startup:
            username, password = credentials(self.args, self.door.opened.target)
            try:
                actor = self.door.sign_in(username, password)
            except SignInError as exc:
                if self.args.exit_after_startup:
                    raise
                return self.sign_in(username=username, message=str(exc))
            return self._after_sign_in(actor, password)
        return self.sign_in(username=self.args.user or "")

    def first_run(self) -> Actor | None:
        from iopdesk.ui.signin.first_run import FirstRunDialog
        from iopdesk.ui.signin.recovery_key import RecoveryKeyDialog

        dialog = FirstRunDialog(None)
        if not self.runner.run(dialog) or dialog.actor is None:
            return None
        key = dialog.take_recovery_key()
        self.runner.run(RecoveryKeyDialog(key, clinic_name(), None))
        del key
        return dialog.actor

    def sign_in(self, *, username: str = "", message: str = "") -> Actor | None:
        """The sign-in dialog until someone signs in (and, when due, chooses their own password)."""
        from iopdesk.ui.signin.sign_in_dialog import SignInDialog

        while True:
            dialog = SignInDialog(
                None, username=username, message=message, settings=self.settings, door=self.door
            )
            if not self.runner.run(dialog) or dialog.actor is None:
                return None
            actor = self._after_sign_in(dialog.actor, dialog.password_used)
            dialog.password_used = ""
            if actor is not None:
                return actor
            username, message = "", ""

    def _after_sign_in(self, actor: Actor, password: str) -> Actor | None:
        """A password an administrator set must be replaced now; declining signs out again."""
        if self.args.exit_after_startup or not password_change_due(actor):
            return actor
        from iopdesk.ui.signin.password_dialog import ChangePasswordDialog

        if self.runner.run(ChangePasswordDialog(None, actor, password)):
            return actor
        sign_out(actor)
        return None


def run_program(opened: Opened, args: argparse.Namespace) -> int:
    """Sign in, run the main window, and loop back to sign-in until someone quits."""
    app = QApplication.instance() or IopApplication(sys.argv[:1])
    crash.install(opened.paths.log_dir)
    settings = ui_settings(opened)
    gate = Gate(args, settings, opened=opened)
    code = 0
    try:
        actor = gate.first_actor()
        while actor is not None:
            code, outcome = run_session(
                app, opened, actor, settings, exit_after_startup=args.exit_after_startup
            )
            if outcome == QUIT:
                break
            actor = gate.sign_in()
    finally:
        if opened.db is not None:
            opened.db.close()
    return code


def run_session(
    app: QApplication, opened: Opened, actor: Actor, settings: QSettings, *, exit_after_startup: bool = False
) -> tuple[int, str]:
    """One main window for one signed-in person; returns (exit status, how the session ended)."""
    from iopdesk.domain.access.keys import encrypted
    from iopdesk.ui.main_window import MainWindow

    where = opened.target.describe() + (" (encrypted)" if encrypted() else "")
    window = MainWindow(actor, where, settings)
    controls = install_session(window, actor) if accounts_have_passwords() else None
    window.show()
    if exit_after_startup:
        quit_when_idle(app)
    code = int(app.exec())
    window.close()
    outcome = QUIT
    if controls is not None:
        outcome = controls.outcome
        controls.finish()
    window.deleteLater()
    return code, outcome
