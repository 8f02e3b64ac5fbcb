"""One signed-in session in the main window: the idle lock, Lock now, Sign out, and the account menu.

``install_session(window, actor)`` adds to the File menu and watches for
idleness; the main window knows nothing of it. Locking saves every view's
drafts first, hides every other window and popup, hides the window's views,
menus and status bar, disables its shortcuts, and shows the LockScreen.
Typing the database would not take is never dropped: Lock now (Ctrl+Alt+L),
Sign out and Switch user ask first (the window's ``unsaved`` guard,
kit/unsaved_prompt.py); the idle lock, with no one to ask, locks anyway and
keeps the text in memory for after unlocking (the lock screen says so). A
dialog open at the lock is hidden, not cancelled: it comes back after unlocking
with what was typed in it (kit/parking.py), and switching user or closing the
window over the lock asks before that typing goes. The
lock and the sign-out are written to the audit trail; unlocking is
``confirm_password`` (which writes its own entry), run on a worker thread as
the sign-in screen's check is (argon2id takes a third of a second or more on
purpose): the lock screen keeps painting and says "Unlocking…" meanwhile. "Switch user" and "Sign
out" close the window with ``outcome`` set, and the start-up loop
(ui/signin/flow.py) asks who signs in next.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QWidget

from iopdesk.domain.access.accounts import confirm_password, sign_out
from iopdesk.domain.clinic import setup as clinic
from iopdesk.domain.clinic.workstation import idle_lock_seconds, screen_locked
from iopdesk.domain.kernel import vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.clock import now, site_zone
from iopdesk.domain.kernel.permissions import STAFF_MANAGE, can
from iopdesk.render.text import clock_text
from iopdesk.ui.kit import parking
from iopdesk.ui.kit.fields import tr
from iopdesk.ui.kit.keep_typing import parked_typing
from iopdesk.ui.kit.prompts import Prompts
from iopdesk.ui.kit.runner import Background
from iopdesk.ui.kit.unsaved_prompt import UnsavedGuard
from iopdesk.ui.lock.clipboard import CopiedHere
from iopdesk.ui.lock.idle import CHECK_MS, Clock, IdleWatcher
from iopdesk.ui.lock.outcomes import QUIT, SIGNED_OUT, SWITCH_USER
from iopdesk.ui.lock.screen import LockScreen
from iopdesk.ui.lock.windows import OtherWindows, may_lose_parked

log = logging.getLogger(__name__)

LOCK_KEYS = "Ctrl+Alt+L"  # Ctrl+L enrolls from the wait list; Ctrl+Shift+L copies in the notes editor


class SessionControls(QObject):
    locked = Signal()
    """The window locked (idle or on request); its views are hidden."""
    unlocked = Signal()
    """The right password was typed on the lock screen; the views are back."""
    attempt_ended = Signal()
    """An unlock attempt is over, whatever its outcome (the lock screen takes input again, or the
    views are back)."""
    ended = Signal(str)
    """The session is ending ("switch_user" or "signed_out"); the window is about to close."""

    def __init__(
        self,
        window: QMainWindow,
        actor: Actor,
        *,
        clock: Clock | None = None,
        check_ms: int = CHECK_MS,
        idle_seconds: float | None = None,
        prompts: Prompts | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.actor = actor
        self.prompts = prompts or Prompts()
        self.outcome = QUIT
        self.is_locked = False
        self._signed_out = False
        self._ending = False
        self._disabled: list[QAction | QShortcut] = []
        self.worker: Background | None = None  # the password being checked
        who = clinic.identity(actor)
        # Read now, while the clinic is surely open: locking must never wait on the database.
        self.zone = site_zone(actor.site_id)
        role = vocab.ROLES.get(who.staff_role, who.staff_role)
        self.lock_screen = LockScreen(
            tr("{name} ({role})").format(name=who.staff_name, role=tr(role)), window
        )
        self.lock_screen.hide()
        self.others = OtherWindows(window, self.lock_screen)
        self.copied = CopiedHere(self)
        self.lock_screen.unlock_requested.connect(self.unlock)
        self.lock_screen.switch_requested.connect(self.switch_user)
        window.installEventFilter(self)
        seconds = idle_seconds if idle_seconds is not None else idle_lock_seconds()
        extra: dict[str, Any] = {"clock": clock} if clock is not None else {}
        self.watcher = IdleWatcher(seconds, check_ms=check_ms, parent=self, **extra)
        self.watcher.idle_reached.connect(lambda: self.lock("idle"))
        self.watcher.window_shown.connect(self._window_shown)
        self._build_menu()
        self.watcher.start()

    # --- the File menu ---------------------------------------------------------------
    def _build_menu(self) -> None:
        window = self.window
        menu = window.file_menu  # type: ignore[attr-defined]
        quit_action = menu.actions()[-1] if menu.actions() else None
        self.password_action = QAction(tr("C&hange my password…"), window)
        self.password_action.triggered.connect(self.change_password)
        self.staff_action = QAction(tr("&Staff accounts…"), window)
        self.staff_action.triggered.connect(self.staff_accounts)
        self.lock_action = QAction(tr("&Lock now"), window)
        self.lock_action.setShortcut(QKeySequence(LOCK_KEYS))
        self.lock_action.triggered.connect(self.lock_now)
        self.sign_out_action = QAction(tr("Sign &out"), window)
        self.sign_out_action.triggered.connect(self.sign_out)
        items: list[QAction | None] = [None, self.password_action]
        if can(self.actor, STAFF_MANAGE):
            items.append(self.staff_action)
        items += [None, self.lock_action, self.sign_out_action, None]
        for item in items:
            if item is None:
                menu.insertSeparator(quit_action)
            else:
                menu.insertAction(quit_action, item)
                window.addAction(item)  # shortcuts work with the menu bar hidden

    def change_password(self) -> None:
        from iopdesk.ui.admin.password_dialog import ChangePasswordDialog

        if self.prompts.run(ChangePasswordDialog(self.window, self.actor)):
            self.window.statusBar().showMessage(tr("Your password was changed."), 8000)

    def staff_accounts(self) -> None:
        from iopdesk.ui.admin.staff_dialog import StaffAccountsDialog

        self.prompts.run(StaffAccountsDialog(self.window, self.actor, self.prompts))

    # --- locking ---------------------------------------------------------------------
    def lock_now(self) -> None:
        self.lock("requested")

    def lock(self, reason: str) -> None:
        if self.is_locked:
            return
        guard = self._guard()
        if reason == "requested" and guard is not None:
            # Asked for: typing not saved is asked about first (it stays in memory either way).
            if not guard.settle("lock", prompts=self.prompts):
                return
        else:
            self._save_views("the lock")
        self.is_locked = True
        self.watcher.pause()
        parking.hold().hold()
        self.others.put_away_all()
        try:
            screen_locked(self.actor, reason)
        except Exception as exc:
            log.warning("the screen lock could not be written to the audit trail (%s)", type(exc).__name__)
        self._cover(kept=bool(guard is not None and guard.unsaved()), parked=parked_typing())
        self.copied.empty()
        log.info("window locked (%s) staff=%s", reason, self.actor.staff_id)
        self.locked.emit()

    def _save_views(self, before: str) -> None:
        """Every view that was built flushes its drafts (views never opened have none)."""
        for key, view in built_views(self.window).items():
            try:
                view.save_state()
            except Exception as exc:  # the lock must happen whatever a view does
                log.warning("view %s could not save before %s (%s)", key, before, type(exc).__name__)

    def _window_shown(self, widget: QWidget) -> None:
        """A window opening over the lock screen (a late message box) is put away at once."""
        if not self.window.isVisible():
            return
        if self.is_locked and widget is not self.window and not self.others.belongs_to_lock(widget):
            if widget.windowType() != Qt.WindowType.ToolTip:
                QTimer.singleShot(0, lambda: self._put_away_late(widget))

    def _put_away_late(self, widget: QWidget) -> None:
        if self.is_locked:
            self.others.put_away(widget)

    def _guard(self) -> UnsavedGuard | None:
        guard = getattr(self.window, "unsaved", None)
        return guard if isinstance(guard, UnsavedGuard) else None

    def _cover(self, *, kept: bool = False, parked: bool = False) -> None:
        window = self.window
        self._title = window.windowTitle()
        central = window.centralWidget()
        if central is not None:
            central.hide()
        window.menuBar().hide()
        window.statusBar().clearMessage()
        window.statusBar().hide()
        triggers: list[QAction | QShortcut] = [*window.findChildren(QAction), *window.findChildren(QShortcut)]
        self._disabled = [
            item for item in triggers if item.isEnabled() and not self._belongs_to_lock_object(item)
        ]
        for item in self._disabled:
            item.setEnabled(False)
        window.setWindowTitle(tr("{title} — locked").format(title=self._title))
        when = clock_text(_now(self.zone))
        if kept:
            said = tr(
                "Locked at {time}. Some typing could not be saved yet: it is kept here and saved as "
                "soon as the database allows."
            )
        elif parked:
            said = tr(
                "Locked at {time}. The window you were typing in is kept as it was and comes back "
                "when you unlock."
            )
        else:
            said = tr("Locked at {time}. Your work was saved.")
        self.lock_screen.reset(said.format(time=when))
        guard = self._guard()
        if guard is not None:
            guard.over_lock = self.lock_screen  # a question now (closing) names no one
        self.lock_screen.setGeometry(window.rect())
        self.lock_screen.show()
        self.lock_screen.raise_()
        self.lock_screen.password.setFocus(Qt.FocusReason.OtherFocusReason)
        self.watcher.watch_windows = True

    def _belongs_to_lock_object(self, item: QObject) -> bool:
        parent = item.parent()
        return isinstance(parent, QWidget) and self.others.belongs_to_lock(parent)

    @property
    def unlocking(self) -> bool:
        """A password typed on the lock screen is being checked (on the worker thread)."""
        return self.worker is not None

    def unlock(self, password: str) -> None:
        """Check ``password`` off the GUI thread; the views come back when it was right."""
        if not self.is_locked or self.worker is not None:  # Enter pressed again while checking
            return
        if not password:  # Enter pressed too soon is not one of the five tries
            self.lock_screen.refuse(tr("Type your password to unlock."))
            return
        actor = self.actor
        self.worker = Background(
            lambda: confirm_password(actor, password),  # refusals (SignInError) arrive as ``failed``
            failure=tr("Unlocking failed. Try again."),
            what="unlock",
            parent=self,
        )
        self.worker.succeeded.connect(self._unlocked)
        self.worker.failed.connect(self.lock_screen.refuse)
        self.worker.finished.connect(self._attempt_over)
        self.lock_screen.waiting(True)
        self.worker.start()

    def _attempt_over(self) -> None:
        worker, self.worker = self.worker, None
        if worker is not None:
            worker.deleteLater()
        self.lock_screen.waiting(False)
        if self.is_locked:
            self.lock_screen.password.setFocus(Qt.FocusReason.OtherFocusReason)
        self.attempt_ended.emit()

    def _unlocked(self, _result: object) -> None:
        if not self.is_locked:
            return
        self._uncover()
        self.is_locked = False
        self.watcher.start()
        log.info("window unlocked staff=%s", self.actor.staff_id)
        self.unlocked.emit()
        parking.hold().release()  # the dialogs the lock put away run again

    def _uncover(self) -> None:
        window = self.window
        self.watcher.watch_windows = False
        guard = self._guard()
        if guard is not None:
            guard.over_lock = None
        self.lock_screen.reset("")
        self.lock_screen.hide()
        for item in self._disabled:
            item.setEnabled(True)
        self._disabled = []
        window.menuBar().show()
        window.statusBar().show()
        central = window.centralWidget()
        if central is not None:
            central.show()
        window.setWindowTitle(self._title)
        self.others.bring_back()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.window:
            if event.type() == QEvent.Type.Resize and self.is_locked:
                self.lock_screen.setGeometry(self.window.rect())
            elif event.type() == QEvent.Type.Close:
                if self.is_locked and not self._ending and not self._may_lose_parked("close"):
                    event.ignore()
                    return True
                QTimer.singleShot(0, self._stop_if_closed)  # the close may still be refused
        return False

    def _may_lose_parked(self, doing: str) -> bool:
        return may_lose_parked(self.prompts, self.lock_screen, doing)

    def _stop_if_closed(self) -> None:
        if not self.window.isVisible():
            self.watcher.stop()
            parking.hold().end()  # the dialogs behind the lock count as cancelled

    # --- ending the session ------------------------------------------------------------
    def switch_user(self) -> None:
        guard = self._guard()
        # Over the lock screen someone else may be at the keyboard: the question names no one.
        if guard is not None and not guard.settle("switch", prompts=self.prompts):
            return
        if self.is_locked and not self._may_lose_parked("switch"):
            return
        self._end(SWITCH_USER)

    def sign_out(self) -> None:
        if not self.is_locked:
            guard = self._guard()
            if guard is None:
                self._save_views("signing out")
            elif not guard.settle("sign_out", prompts=self.prompts):
                return
        self._end(SIGNED_OUT)

    def _end(self, outcome: str) -> None:
        self.outcome = outcome
        self.record_sign_out()
        self._ending = True  # asked already: closing the window does not ask again
        parking.hold().end()
        self.copied.empty()
        self.ended.emit(outcome)
        self.window.close()

    def record_sign_out(self) -> None:
        if self._signed_out:
            return
        self._signed_out = True
        try:
            sign_out(self.actor)
        except Exception as exc:
            log.warning("the sign-out could not be written to the audit trail (%s)", type(exc).__name__)

    def finish(self) -> None:
        """The window has closed: stop watching, and write down the sign-out if nobody did."""
        self.watcher.stop()
        parking.hold().end()
        self.copied.empty()
        if self.worker is not None:  # a password still being checked: its thread ends first
            self.worker.wait()
        self.record_sign_out()


def built_views(window: QMainWindow) -> dict[str, Any]:
    """The window's views built so far, without building the others."""
    views = getattr(window, "views", {})
    return views.built() if hasattr(views, "built") else dict(views)


def _now(zone: dt.tzinfo) -> dt.time:
    """The site's wall-clock time, as notes and the audit trail read it (not this computer's zone)."""
    return now().astimezone(zone).time()


def install_session(window: QMainWindow, actor: Actor, **options: Any) -> SessionControls:
    """Add the session's File-menu actions to ``window`` and start watching for idleness."""
    return SessionControls(window, actor, **options)
