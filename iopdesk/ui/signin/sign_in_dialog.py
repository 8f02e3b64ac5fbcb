"""The sign-in dialog: user name, password, and the site when the clinic has more than one.

One message for an unknown user name and a wrong password (the domain's), the
lock time when too many attempts locked the account, and a way back in for an
administrator who lost their password (the recovery key). On the demo clinic a
hint lists its accounts and their shared password.
"""

from __future__ import annotations

import html
from uuid import UUID

from PySide6.QtCore import QSettings, Qt, Signal
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
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.ui.kit.fields import busy, heading, password_edit, tr
from iopdesk.ui.kit.prompts import Prompts
from iopdesk.ui.signin.door import Door

SITE_KEY = "signin/site"  # the site last chosen on this computer (an id, never client data)


class SignInDialog(QDialog):
    signed_in = Signal(object)
    """Someone signed in; carries their Actor."""

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
        self.prompts = prompts or Prompts()
        self.actor: Actor | None = None
        self.password_used = ""  # kept only until a required password change is asked for
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
        self.demo_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if hint is not None:
            self.demo_label.setTextFormat(Qt.TextFormat.RichText)
            self.demo_label.setText(
                tr(
                    "Demo clinic, invented people. Sign in as {names}.<br>"
                    "Every demo account's password is <b>{password}</b>"
                ).format(
                    names=", ".join(f"<b>{html.escape(n)}</b>" for n in hint.usernames),
                    password=html.escape(hint.password),
                )
            )
            username = username or "counselor"
        else:
            self.demo_label.hide()
        layout.addWidget(self.demo_label)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
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
        self.forgot_button.setAutoDefault(False)  # Enter signs in, wherever the focus is
        self.forgot_button.setToolTip(
            tr("For administrators: set a new password with the clinic's recovery key.")
        )
        self.forgot_button.clicked.connect(self.recover)
        bottom.addWidget(self.forgot_button)
        bottom.addStretch(1)
        self.buttons = QDialogButtonBox()
        self.sign_in_button = self.buttons.addButton(tr("Sign in"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_in_button.setObjectName("primary")
        self.sign_in_button.setDefault(True)
        self.quit_button = self.buttons.addButton(tr("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        self.quit_button.setAutoDefault(False)
        self.buttons.accepted.connect(self.try_sign_in)
        self.buttons.rejected.connect(self.reject)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)
        (self.password if username else self.username).setFocus()

    def shown_error(self) -> str:
        return "" if self.error_label.isHidden() else self.error_label.text()

    def try_sign_in(self) -> None:
        self.error_label.hide()
        self.info_label.hide()
        if not self.username.text().strip():
            self._refuse(tr("Type your user name."), self.username)
            return
        if not self.password.text():  # Enter pressed too soon is not one of the five tries
            self._refuse(tr("Type your password."), self.password)
            return
        site = self.site.currentData() if self.site.isVisibleTo(self) else None
        try:
            with busy():
                actor = self.door.sign_in(
                    self.username.text(), self.password.text(), UUID(site) if site else None
                )
        except DomainError as exc:
            self.password.clear()
            self._refuse(str(exc), self.password)
            return
        if self.settings is not None and site is not None:
            self.settings.setValue(SITE_KEY, site)
        self.actor = actor
        self.password_used = self.password.text()
        self.password.clear()
        self.signed_in.emit(actor)
        self.accept()

    def _refuse(self, text: str, focus: QWidget) -> None:
        self.error_label.setText(text)
        self.error_label.show()
        focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def recover(self) -> None:
        from iopdesk.ui.signin.recover_dialog import RecoverDialog

        dialog = RecoverDialog(self, self.username.text(), self.door)
        if self.prompts.run(dialog):
            self.username.setText(dialog.username.text().strip().lower())
            self.error_label.hide()
            self.info_label.setText(tr("Your new password is set. Sign in with it."))
            self.info_label.show()
            self.password.setFocus()
