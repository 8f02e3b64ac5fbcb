"""Changing one's own password: from the File menu, or right after signing in when it is due.

When an administrator set the password (a new account or a reset), its owner
must choose their own before going on; the password they just signed in with
is the current one, so they are not asked for it twice.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QWidget

from iopdesk.domain.access.accounts import SignInError, change_password
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.ui.kit.fields import busy, heading, password_edit, rule_label, tr
from iopdesk.ui.kit.form_dialog import FormDialog
from iopdesk.ui.kit.screen_fit import least_size


class ChangePasswordDialog(FormDialog):
    def __init__(self, parent: QWidget | None, actor: Actor, current_password: str | None = None) -> None:
        required = current_password is not None
        title = tr("Choose your own password") if required else tr("Change my password")
        super().__init__(parent, title)  # type: ignore[arg-type]
        self.actor = actor
        self._current_password = current_password
        least_size(self, 480)
        if required:
            self.outer.insertWidget(
                0,
                heading(
                    tr(
                        "An administrator set the password you signed in with. Choose your own now; "
                        "nobody else will know it."
                    ),
                    "viewSubtitle",
                ),
            )
        self.current = password_edit(tr("Current password"))
        if not required:
            self.add_field(tr("&Current password:"), self.current, "current")
        self.password = password_edit(tr("New password"))
        self.add_field(tr("&New password:"), self.password, "password")
        self.again = password_edit(tr("New password again"))
        self.add_field(tr("New password &again:"), self.again, "password_again")
        self.form.addRow("", rule_label())
        self.finish_layout(tr("Change password"))
        if required:
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Sign out"))
        self.submit = self.save
        (self.password if required else self.current).setFocus()

    def save(self) -> bool:
        if self.password.text() != self.again.text():
            raise ValidationError(tr("The two passwords differ; type the same one twice."), "password_again")
        current = self._current_password if self._current_password is not None else self.current.text()
        try:
            with busy():
                change_password(self.actor, current, self.password.text())
        except SignInError as exc:
            if self._current_password is not None:
                raise
            raise ValidationError(str(exc), "current") from None
        for edit in (self.current, self.password, self.again):
            edit.clear()
        self._current_password = None
        return True
