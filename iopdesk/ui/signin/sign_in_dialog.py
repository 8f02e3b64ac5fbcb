"""The sign-in dialog: user name, password, and the site when the clinic has more than one.

One message for an unknown user name and a wrong password (the domain's), the
lock time when too many attempts locked the account, and a way back in for an
administrator who lost their password (the recovery key). On the demo clinic a
hint lists its accounts and their shared password.

The password's check (argon2id, a third of a second or more on purpose) runs on
a worker thread, so the screen keeps painting and answering meanwhile; the fields
wait, "Signing in…" says why, and the GUI thread then opens the clinic
(Door.finish). The modules signing in needs are loaded while the person types
(ui/warm_up.py); the worker waits for them before it starts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from iopdesk import APP_NAME
from iopdesk.domain.kernel.errors import DomainError, StoreError
from iopdesk.ui import warm_up
from iopdesk.ui.kit.fields import busy, heading, password_edit, set_by_name, tr
from iopdesk.ui.kit.runner import Background
from iopdesk.ui.signin.door import Door

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent

    from iopdesk.domain.kernel.actor import Actor
    from iopdesk.ui.kit.prompts import Prompts

SITE_KEY = "signin/site"  # the site last chosen on this computer (an id, never client data)


def escaped(text: str) -> str:
    """``html.escape(text)``, without importing ``html`` (it loads html.entities, about 1 ms before
    this screen is drawn)."""
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;")):
        text = text.replace(char, entity)
    return text


class SignInDialog(QDialog):
    signed_in = Signal(object)
    """Someone signed in; carries their Actor."""
    attempt_ended = Signal()
    """A sign-in attempt is over, whatever its outcome (the fields take input again, or the
    dialog closed)."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        username: str = "",
        message: str = "",
        settings: QSettings | None = None,
        prompts: Prompts | None = None,
        door: Door | None = None,
    ) -> None:
        super().__init__(parent)
        self.door = door or Door()
        self.settings = settings
        self.prompts = prompts  # None: the real modal dialogs (kit/prompts.py, loaded when asked)
        self.actor: Actor | None = None
        self.password_used = ""  # kept only until a required password change is asked for
        self.worker: Background | None = None  # the password being checked
        self._attempt: tuple[str | None, str] = (None, "")  # its site and password, until checked
        self.setWindowTitle(tr("Sign in — {app}").format(app=APP_NAME))
        self.setModal(True)
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 16)
        layout.setSpacing(10)
        layout.addWidget(heading(self.door.clinic_name()))
        layout.addWidget(heading(tr("Sign in to carry on."), "viewSubtitle"))

        hint = self.door.demo_hint()
        self.demo_label = QLabel()
        self.demo_label.setObjectName("notice")
        self.demo_label.setWordWrap(True)
        # Qt enums by name (kit/fields.py): this screen is drawn before the Qt namespace is needed.
        set_by_name(self.demo_label, "textInteractionFlags", "TextSelectableByMouse")
        if hint is not None:
            set_by_name(self.demo_label, "textFormat", "RichText")
            self.demo_label.setText(
                tr(
                    "Demo clinic, invented people. Sign in as {names}.<br>"
                    "Every demo account's password is <b>{password}</b>"
                ).format(
                    names=", ".join(f"<b>{escaped(n)}</b>" for n in hint.usernames),
                    password=escaped(hint.password),
                )
            )
            username = username or "counselor"
        else:
            self.demo_label.hide()
        layout.addWidget(self.demo_label)

        form = QFormLayout()
        set_by_name(form, "labelAlignment", "AlignRight|AlignVCenter")
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(8)
        self.username = QLineEdit(username)
        self.username.setMaxLength(64)
        self.username.setAccessibleName(tr("User name"))
        form.addRow(tr("&User name:"), self.username)
        self.password = password_edit(tr("Password"))
        form.addRow(tr("&Password:"), self.password)
        self.site = QComboBox()
        self.site.setAccessibleName(tr("Site"))
        sites = self.door.sites()
        self.site.addItem(tr("My home site"), None)
        for choice in sites:
            self.site.addItem(choice.name, str(choice.id))
        remembered = settings.value(SITE_KEY, "") if settings is not None else ""
        self.site.setCurrentIndex(max(self.site.findData(str(remembered)), 0) if remembered else 0)
        self.site_label = QLabel(tr("&Site today:"))
        self.site_label.setBuddy(self.site)
        form.addRow(self.site_label, self.site)
        if len(sites) < 2:
            self.site.hide()
            self.site_label.hide()
        layout.addLayout(form)

        self.error_label = QLabel(message)
        self.error_label.setObjectName("formError")
        self.error_label.setWordWrap(True)
        self.error_label.setVisible(bool(message))
        layout.addWidget(self.error_label)
        self.info_label = QLabel()
        self.info_label.setObjectName("notice")
        self.info_label.setWordWrap(True)
        self.info_label.hide()
        layout.addWidget(self.info_label)

        bottom = QHBoxLayout()
        self.forgot_button = QPushButton(tr("Forgot password? Use the recovery key…"))
        self.forgot_button.setObjectName("linkButton")
        # Not auto-default: Enter in the fields signs in, and Tab passing over this button does
        # not make it the default. On the button itself Enter does what it says (keyPressEvent).
        self.forgot_button.setAutoDefault(False)
        self.forgot_button.setToolTip(
            tr("For administrators: set a new password with the clinic's recovery key.")
        )
        self.forgot_button.clicked.connect(self.recover)
        bottom.addWidget(self.forgot_button)
        bottom.addStretch(1)
        self.buttons = QDialogButtonBox()
        self.sign_in_button = self.buttons.addButton(tr("Sign in"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_in_button.setObjectName("primary")
        self.quit_button = self.buttons.addButton(tr("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        self.quit_button.setAutoDefault(False)
        self.buttons.accepted.connect(self.try_sign_in)
        self.buttons.rejected.connect(self.reject)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)
        # Only now is the button inside the dialog: marked default before, the dialog never learned
        # it, and once Tab had passed over Sign in, Enter in the fields did nothing.
        self.sign_in_button.setDefault(True)
        (self.password if username else self.username).setFocus()

    def shown_error(self) -> str:
        return "" if self.error_label.isHidden() else self.error_label.text()

    @property
    def signing_in(self) -> bool:
        """A password is being checked (on the worker thread)."""
        return self.worker is not None

    def try_sign_in(self) -> None:
        if self.worker is not None:  # Enter pressed again while the password is checked
            return
        self.error_label.hide()
        self.info_label.hide()
        if not self.username.text().strip():
            self._refuse(tr("Type your user name."), self.username)
            return
        if not self.password.text():  # Enter pressed too soon is not one of the five tries
            self._refuse(tr("Type your password."), self.password)
            return
        site = self.site.currentData() if self.site.isVisibleTo(self) else None
        site_id = UUID(site) if site else None
        username, password, door = self.username.text(), self.password.text(), self.door

        def check() -> object:
            warm_up.wait()  # what signing in needs, loaded while the person typed
            return door.check(username, password, site_id)

        failure = tr("Signing in failed. Try again.")
        self.worker = Background(check, failure=failure, what="sign-in", parent=self)
        self._attempt = (site, password)  # for _checked, on this thread (bound slots are queued)
        self.worker.succeeded.connect(self._checked)
        self.worker.failed.connect(self._not_signed_in)
        self.worker.finished.connect(self._attempt_over)
        self._waiting(True)
        self.worker.start()

    def _checked(self, checked: object) -> None:
        """The password was right: open the clinic (a locked one) and carry on, on the GUI thread."""
        site, password = self._attempt
        self._attempt = (None, "")
        try:
            with busy():
                actor = self.door.finish(checked, UUID(site) if site else None)
        except (DomainError, StoreError) as exc:
            self._not_signed_in(str(exc))
            return
        if self.settings is not None and site is not None:
            self.settings.setValue(SITE_KEY, site)
        self.actor = actor
        self.password_used = password
        self.password.clear()
        self.signed_in.emit(actor)
        self.accept()

    def _not_signed_in(self, message: str) -> None:
        """Refused (a wrong password, a lock) or failed: said calmly, and the password typed again."""
        self._attempt = (None, "")
        self._waiting(False)
        self.password.clear()
        self._refuse(message, self.password)

    def _attempt_over(self) -> None:
        worker, self.worker = self.worker, None
        if worker is not None:
            worker.deleteLater()
        if self.result() != QDialog.DialogCode.Accepted:
            self._waiting(False)
        self.attempt_ended.emit()

    def _waiting(self, waiting: bool) -> None:
        """While the password is checked: the fields keep what was typed and take no more."""
        for edit in (self.username, self.password):
            edit.setReadOnly(waiting)
        for widget in (self.site, self.sign_in_button, self.quit_button, self.forgot_button):
            widget.setEnabled(not waiting)
        if waiting:
            self.info_label.setText(tr("Signing in…"))
            self.info_label.show()
        else:
            self.info_label.hide()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Enter on the Forgot or Quit button Tab reached presses it, as Space does (before, the
        dialog's default took it: Enter on Quit signed in). What kit/actions.EnterPresses does
        elsewhere; here only once a key reaches one of them, so that the screen is drawn without
        that module (nor Qt's key names: tests/e2e/test_sign_in_first.py)."""
        button = self.focusWidget()
        if button is self.forgot_button or button is self.quit_button:
            warm_up.wait()  # never two threads importing at once (as recover)
            from iopdesk.ui.kit.actions import plain_enter

            if plain_enter(event):
                if button.isEnabled():
                    button.animateClick()
                return
        super().keyPressEvent(event)

    def reject(self) -> None:
        if self.worker is not None:  # Escape while the password is checked: the check finishes first
            return
        super().reject()

    def _refuse(self, text: str, focus: QWidget) -> None:
        self.error_label.setText(text)
        self.error_label.show()
        focus.setFocus()  # Qt::OtherFocusReason

    def recover(self) -> None:
        warm_up.wait()  # the recovery dialog's modules: never two threads importing at once
        from iopdesk.ui.kit.prompts import Prompts
        from iopdesk.ui.signin.recover_dialog import RecoverDialog

        dialog = RecoverDialog(self, self.username.text(), self.door)
        if (self.prompts or Prompts()).run(dialog):
            self.username.setText(dialog.username.text().strip().lower())
            self.error_label.hide()
            self.info_label.setText(tr("Your new password is set. Sign in with it."))
            self.info_label.show()
            self.password.setFocus()
