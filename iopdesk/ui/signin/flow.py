"""From a ready store to the main window, and back to sign-in after "Switch user" or "Sign out".

Who acts is decided before the window exists:
- an encrypted clinic not yet open: the sign-in dialog, whose sign-in opens
  it (ui/signin/door.py), or the command line's credentials when
  $IOPDESK_PASSWORD is set or the program only times its start-up;
- a brand-new database (no staff account at all): the first-run dialog, then
  the recovery key, shown once;
- a clinic whose accounts have no passwords yet: the local staff member, as
  before (front_door.act_as);
- otherwise the sign-in dialog, unless the password is already given
  ($IOPDESK_PASSWORD, with --user or $IOPDESK_USER) or the program only times
  its start-up (--exit-after-startup): then it signs in as the command line
  does and shows no dialog.
Cancelling a dialog before any window exits cleanly (status 0, nothing changed).

An encrypted clinic's sign-in screen comes first, drawn from its key file: this
module and the dialog load no database library, and what comes after (the
domain, the main window, Today) is loaded while the person types
(ui/warm_up.py), then Qt's first uses are paid and the Today page is made
(ui/first_uses.py). ``--exit-at-sign-in`` exits once that screen is
painted and idle (for timing it).
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDialog

from iopdesk.front_door import Credentials, Opened, act_as, password_given
from iopdesk.ui import crash, warm_up
from iopdesk.ui.application import (
    IopApplication,
    after_first_paint,
    quit_when_idle,
    say_idle,
    show_window_icon,
    ui_settings,
)
from iopdesk.ui.signin.door import Door

if TYPE_CHECKING:
    from iopdesk.domain.kernel.actor import Actor

# The domain's account rules, the lock and the main window are imported where they are used
# (below): an encrypted clinic's sign-in screen is drawn before they are loaded.

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StartOptions:
    """What the command line said about starting the window."""

    user: str | None = None  # --user / $IOPDESK_USER: offered at sign-in, or signed in as
    exit_after_startup: bool = False  # timing start-up: no dialog waits for anyone
    exit_at_sign_in: bool = False  # timing the sign-in screen: exit once it is painted and idle

    @property
    def exits_when_idle(self) -> bool:
        """The program is being timed: no dialog waits for anyone but the sign-in screen itself."""
        return self.exit_after_startup or self.exit_at_sign_in

    @property
    def signs_in_by_itself(self) -> bool:
        """Signing in with the command line's credentials, showing no sign-in screen."""
        return not self.exit_at_sign_in and (password_given() or self.exit_after_startup)


class Runner(Protocol):
    def run(self, dialog: QDialog) -> bool: ...


class ExecRunner:
    def run(self, dialog: QDialog) -> bool:
        return dialog.exec() == QDialog.DialogCode.Accepted


class Gate:
    """Asks who is signing in; tests pass a runner that fills the dialogs in."""

    def __init__(
        self,
        options: StartOptions,
        settings: QSettings | None,
        runner: Runner | None = None,
        opened: Opened | None = None,
    ) -> None:
        self.options = options
        self.settings = settings
        self.runner = runner or ExecRunner()
        self.door = Door(opened)

    def first_actor(self) -> Actor | None:
        if self.door.locked:
            return self._unlock()
        from iopdesk.domain.access.accounts import SignInError, accounts_have_passwords, sign_in
        from iopdesk.domain.clinic.setup import is_demo
        from iopdesk.domain.clinic.workstation import clinic_is_new

        credentials = Credentials(self.options.user)
        if not accounts_have_passwords():
            if clinic_is_new() and not self.options.exits_when_idle:
                return self.first_run()
            return act_as(credentials)
        if self.options.signs_in_by_itself and password_given():
            username, password = credentials(demo=is_demo())
            try:
                actor = sign_in(username, password)
            except SignInError as exc:
                if self.options.exit_after_startup:
                    raise
                return self.sign_in(username=username, message=str(exc))
            return self._after_sign_in(actor, password)
        if self.options.exit_after_startup:
            return act_as(credentials)  # the command line's way: demo password, or the terminal
        return self.sign_in(username=self.options.user or "")

    def _unlock(self) -> Actor | None:
        """An encrypted clinic: whoever signs in opens it."""
        if self.options.signs_in_by_itself:
            from iopdesk.domain.access.accounts import SignInError

            credentials = Credentials(self.options.user)
            username, password = credentials(demo=self.door.demo_hint() is not None)
            try:
                actor = self.door.sign_in(username, password)
            except SignInError as exc:
                if self.options.exit_after_startup:
                    raise
                return self.sign_in(username=username, message=str(exc))
            return self._after_sign_in(actor, password)
        return self.sign_in(username=self.options.user or "")

    def first_run(self) -> Actor | None:
        from iopdesk.domain.clinic.workstation import clinic_name
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
            after_first_paint(dialog, partial(self._painted, dialog))
            if not self.runner.run(dialog) or dialog.actor is None:
                return None
            actor = self._after_sign_in(dialog.actor, dialog.password_used)
            dialog.password_used = ""
            if actor is not None:
                return actor
            username, message = "", ""

    def _painted(self, dialog: QDialog) -> None:
        """The sign-in screen is up and idle: its icon, and the rest loaded while the person types
        (or, timing the screen, say so and leave)."""
        if self.options.exit_at_sign_in:
            say_idle()
            dialog.reject()
            return
        show_window_icon()
        warm_up.start()
        from iopdesk.ui import first_uses

        first_uses.start(dialog, lambda: dialog.isVisible() and not getattr(dialog, "signing_in", False))

    def _after_sign_in(self, actor: Actor, password: str) -> Actor | None:
        """A password an administrator set must be replaced now; declining signs out again."""
        from iopdesk.domain.access.accounts import password_change_due, sign_out

        if self.options.exits_when_idle or not password_change_due(actor):
            return actor
        from iopdesk.ui.admin.password_dialog import ChangePasswordDialog

        if self.runner.run(ChangePasswordDialog(None, actor, password)):
            return actor  # the window lets the key-file writes held since signing in run
        sign_out(actor)
        from iopdesk.domain.kernel import held

        held.release()  # signed out again, no window: they run now
        return None


def run_program(opened: Opened, options: StartOptions) -> int:
    """Sign in, run the main window, and loop back to sign-in until someone quits.
    (The front door that opened the clinic closes it.)"""
    app = _application()
    crash.install(opened.paths.log_dir)
    settings = ui_settings(opened.paths.config_dir)
    gate = Gate(options, settings, opened=opened)
    code = 0
    try:
        actor = gate.first_actor()
        while actor is not None:
            code, outcome = run_session(
                app, opened, actor, settings, exit_after_startup=options.exits_when_idle
            )
            from iopdesk.ui.lock.outcomes import QUIT

            if outcome == QUIT:
                break
            actor = gate.sign_in()
    finally:
        from iopdesk.domain.kernel import held

        held.release()  # whatever way the program leaves, no key-file write stays held
    return code


def _application() -> QApplication:
    """The running QApplication (a test's, say), or a new IopApplication."""
    running = QApplication.instance()
    if running is None:
        return IopApplication(sys.argv[:1])
    if not isinstance(running, QApplication):  # a QCoreApplication cannot show windows
        raise RuntimeError(f"IOPdesk needs a QApplication, but a {type(running).__name__} is running")
    return running


def run_session(
    app: QApplication, opened: Opened, actor: Actor, settings: QSettings, *, exit_after_startup: bool = False
) -> tuple[int, str]:
    """One main window for one signed-in person; returns (exit status, how the session ended)."""
    warm_up.wait()  # never two threads importing at once
    from iopdesk.domain.access.accounts import accounts_have_passwords
    from iopdesk.domain.kernel import held
    from iopdesk.ui.lock.outcomes import QUIT
    from iopdesk.ui.main_window import MainWindow

    where = opened.target.describe() + (" (encrypted)" if opened.encrypted else "")
    try:
        window = MainWindow(actor, where, settings)
        controls = None
        if accounts_have_passwords():  # no lock, sign-out or switching where no one has a password
            from iopdesk.ui.lock.controller import install_session

            controls = install_session(window, actor)
        window.show()
        if exit_after_startup:
            quit_when_idle(app)
        else:  # the views visited next, loaded and laid out while the window waits for its first click
            from iopdesk.ui import build_ahead

            def ahead() -> None:
                held.release()  # held since signing in (ui/signin/door.py)
                show_window_icon()  # at once if the sign-in screen showed it already
                build_ahead.start(window)  # owned by the window

            after_first_paint(window, ahead)
        code = int(app.exec())
    finally:
        held.release()
    window.close()
    outcome = QUIT
    if controls is not None:
        outcome = controls.outcome
        controls.finish()
    window.deleteLater()
    return code, outcome
