"""Add or edit one staff account; set a temporary password.

Each dialog hands its values to one staff_accounts function; a refused value
shows under its field (FormDialog).
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from iopdesk.domain.access.staff_accounts import StaffAccount, create_staff, reset_password, update_staff
from iopdesk.domain.clinic.staff import list_sites, list_staff
from iopdesk.domain.kernel import vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.ui.kit.fields import heading, rule_label, tr
from iopdesk.ui.kit.form_dialog import FormDialog
from iopdesk.ui.kit.screen_fit import least_size


def _select(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


def temporary_password_edit() -> QLineEdit:
    """Shown as typed: the administrator passes it on, and its owner replaces it at first sign-in."""
    edit = QLineEdit()
    edit.setMaxLength(1024)
    edit.setAccessibleName(tr("Temporary password"))
    return edit


class StaffFormDialog(FormDialog):
    def __init__(self, parent: QWidget, actor: Actor, account: StaffAccount | None = None) -> None:
        super().__init__(parent, tr("Edit staff account") if account else tr("New staff account"))
        self.actor = actor
        self.account = account
        least_size(self, 520)
        self.username = QLineEdit()
        self.username.setMaxLength(64)
        self.username.setPlaceholderText(tr("for example jrivera"))
        self.add_field(tr("&User name:"), self.username, "username")
        self.display_name = QLineEdit()
        self.display_name.setMaxLength(120)
        self.add_field(tr("&Name:"), self.display_name, "display_name")
        self.role = QComboBox()
        for key, label in vocab.ROLES.items():
            self.role.addItem(tr(label), key)
        _select(self.role, "counselor")
        self.add_field(tr("&Role:"), self.role, "role")
        self.credentials = QLineEdit()
        self.credentials.setMaxLength(40)
        self.credentials.setPlaceholderText(tr("for example LCSW, CADC-I"))
        self.add_field(tr("&Credentials:"), self.credentials, "credentials")
        self.site = QComboBox()
        for site in list_sites(actor):
            self.site.addItem(site.name, site.id)
        _select(self.site, actor.site_id)
        self.add_field(tr("&Home site:"), self.site, "home_site_id")
        self.supervisor = QComboBox()
        self.supervisor.addItem(tr("(none)"), None)
        for person in list_staff(actor):
            if person.role == "supervisor" and (account is None or person.id != account.id):
                self.supervisor.addItem(person.label, person.id)
        self.add_field(tr("&Supervisor:"), self.supervisor, "supervisor_id")
        self.needs_cosign = QCheckBox(tr("Their notes need the supervisor's co-signature"))
        self.add_field("", self.needs_cosign, "needs_cosign")
        self.also_clinical = QCheckBox(tr("Also does clinical work (administrators only)"))
        self.add_field("", self.also_clinical, "also_clinical")
        self.password = temporary_password_edit()
        if account is None:
            self.add_field(tr("&Temporary password:"), self.password, "password")
            self.form.addRow("", heading(tr("They choose their own at their first sign-in."), "viewSubtitle"))
            self.form.addRow("", rule_label())
        else:
            self._fill(account)
        self.finish_layout(tr("Save") if account else tr("Add account"))
        self.submit = self.save
        (self.display_name if account else self.username).setFocus()

    def _fill(self, account: StaffAccount) -> None:
        self.username.setText(account.username)
        self.username.setReadOnly(True)
        self.username.setToolTip(
            tr("A user name cannot change: it stays on everything the account recorded.")
        )
        self.display_name.setText(account.display_name)
        _select(self.role, account.role)
        self.credentials.setText(account.credentials)
        _select(self.site, account.home_site_id)
        _select(self.supervisor, account.supervisor_id)
        self.needs_cosign.setChecked(account.needs_cosign)
        self.also_clinical.setChecked(account.also_clinical)

    def values(self) -> dict[str, object]:
        return {
            "display_name": self.display_name.text(),
            "role": str(self.role.currentData()),
            "credentials": self.credentials.text(),
            "home_site_id": self.site.currentData(),
            "supervisor_id": self.supervisor.currentData(),
            "needs_cosign": self.needs_cosign.isChecked(),
            "also_clinical": self.also_clinical.isChecked(),
        }

    def save(self) -> StaffAccount:
        values = self.values()
        if self.account is not None:
            # Only what was changed here: another administrator may have changed the rest since
            # this form was filled, and the form's old values must not put theirs back.
            account = self.account
            changed = {k: v for k, v in values.items() if v != getattr(account, k)}
            return update_staff(self.actor, account.id, **changed)
        display_name, role = values.pop("display_name"), values.pop("role")
        return create_staff(
            self.actor,
            self.username.text(),
            str(display_name),
            str(role),
            self.password.text(),
            **values,  # type: ignore[arg-type]
        )


class ResetPasswordDialog(FormDialog):
    def __init__(self, parent: QWidget, actor: Actor, account: StaffAccount) -> None:
        super().__init__(parent, tr("Reset password"))
        self.actor = actor
        self.account = account
        least_size(self, 460)
        self.outer.insertWidget(
            0,
            heading(
                tr(
                    "Set a temporary password for {name} ({username}). It also lifts a lock; they must "
                    "choose their own password at their next sign-in."
                ).format(name=account.display_name, username=account.username),
                "viewSubtitle",
            ),
        )
        self.password = temporary_password_edit()
        self.add_field(tr("&Temporary password:"), self.password, "password")
        self.form.addRow("", rule_label())
        self.finish_layout(tr("Set temporary password"))
        self.submit = self.save
        self.password.setFocus()

    def save(self) -> StaffAccount:
        return reset_password(self.actor, self.account.id, self.password.text())
