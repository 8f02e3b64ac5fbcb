"""Forgot password: an administrator sets a new password with the clinic's recovery key."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from iopdesk.domain.access.accounts import SignInError
from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.ui.kit.fields import busy, heading, password_edit, rule_label, tr
from iopdesk.ui.kit.form_dialog import FormDialog
from iopdesk.ui.kit.keep_typing import never_ask_about
from iopdesk.ui.kit.screen_fit import least_size
from iopdesk.ui.signin.door import Door


class RecoverDialog(FormDialog):
    def __init__(self, parent: QWidget, username: str = "", door: Door | None = None) -> None:
        super().__init__(parent, tr("Use the recovery key"))
        self.door = door or Door()
        least_size(self, 520)
        self.outer.insertWidget(
            0,
            heading(
                tr(
                    "For administrators. Type the recovery key you were given when the clinic was set "
                    "up, your user name, and a new password. Other staff: ask an administrator to "
                    "reset your password."
                ),
                "viewSubtitle",
            ),
        )
        self.key = QLineEdit()
        self.key.setPlaceholderText("ABCD-EFGH-…")
        self.key.setMaxLength(80)
        self.add_field(tr("Recovery &key:"), self.key, "recovery_key")
        never_ask_about(self.key)  # a secret like a password: Escape never keeps it on screen
        self.username = QLineEdit(username)
        self.username.setMaxLength(64)
        self.add_field(tr("Administrator's &user name:"), self.username, "username")
        self.password = password_edit(tr("New password"))
        self.add_field(tr("&New password:"), self.password, "password")
        self.again = password_edit(tr("New password again"))
        self.add_field(tr("New password &again:"), self.again, "password_again")
        self.form.addRow("", rule_label())
        self.finish_layout(tr("Set the new password"))
        self.submit = self.save
        self.key.setFocus()

    def save(self) -> bool:
        if self.password.text() != self.again.text():
            raise ValidationError(tr("The two passwords differ; type the same one twice."), "password_again")
        try:
            with busy():
                self.door.recover(self.key.text(), self.username.text(), self.password.text())
        except SignInError as exc:
            raise ValidationError(str(exc), "recovery_key") from None
        self.password.clear()
        self.again.clear()
        return True
