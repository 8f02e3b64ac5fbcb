"""File → Staff accounts… (administrators): every account, and what can be done to one.

Add, edit, unlock, reset the password, deactivate or reactivate: each button
calls one staff_accounts function and the list shows what it returned.
Accounts are never deleted. A refusal is said calmly above the buttons.
"""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from PySide6.QtCore import QItemSelectionModel, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from iopdesk.domain.access.staff_accounts import (
    StaffAccount,
    deactivate_staff,
    list_accounts,
    reactivate_staff,
    unlock_account,
)
from iopdesk.domain.clinic.staff import list_sites
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.clock import site_zone
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.render.text import clock_text
from iopdesk.ui.admin.staff_form import ResetPasswordDialog, StaffFormDialog
from iopdesk.ui.kit.actions import EnterOpens, EnterPresses
from iopdesk.ui.kit.fields import heading, tr
from iopdesk.ui.kit.prompts import Prompts
from iopdesk.ui.kit.rows import ID_ROLE, Column, RowsModel
from iopdesk.ui.kit.screen_fit import least_size
from iopdesk.ui.kit.tables import fit_columns, make_table, sorting_proxy


def state_text(account: StaffAccount, zone: dt.tzinfo = dt.UTC) -> str:
    """``zone``: the account's home site's (times read as the site's clock, never this computer's)."""
    if not account.active:
        return tr("Deactivated")
    parts = []
    if account.locked and account.locked_until is not None:
        until = account.locked_until.replace(tzinfo=dt.UTC).astimezone(zone)
        parts.append(tr("Locked until {time}").format(time=clock_text(until.time())))
    if not account.has_password:
        parts.append(tr("No password yet"))
    elif account.must_change_password:
        parts.append(tr("Must choose a password"))
    return ", ".join(parts) or tr("Active")


def account_columns(names: dict[UUID, str], sites: dict[UUID, str]) -> list[Column[StaffAccount]]:
    zones = {site_id: site_zone(site_id) for site_id in sites}  # once per refresh, not per cell drawn
    return [
        Column(tr("User name"), lambda a: a.username),
        Column(tr("Name"), lambda a: a.display_name),
        Column(tr("Role"), lambda a: tr(a.role_label)),
        Column(tr("Credentials"), lambda a: a.credentials),
        Column(tr("Home site"), lambda a: sites.get(a.home_site_id, "")),
        Column(tr("Supervisor"), lambda a: names.get(a.supervisor_id, "") if a.supervisor_id else ""),
        Column(tr("State"), lambda a: state_text(a, zones.get(a.home_site_id, dt.UTC))),
    ]


class StaffAccountsDialog(QDialog):
    accounts_changed = Signal(object)
    """An account was added or changed here; carries its id."""

    def __init__(self, parent: QWidget, actor: Actor, prompts: Prompts | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.prompts = prompts or Prompts()
        self.setWindowTitle(tr("Staff accounts"))
        least_size(self, 900, 560)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(tr("Staff accounts")))
        layout.addWidget(
            heading(
                tr(
                    "Accounts are never deleted: deactivate one that is no longer needed, and its "
                    "name stays on everything it recorded."
                ),
                "viewSubtitle",
            )
        )
        self.sites = {s.id: s.name for s in list_sites(actor)}
        self.model: RowsModel[StaffAccount] = RowsModel([], lambda a: a.id, self)
        self.proxy: QSortFilterProxyModel = sorting_proxy(self.model, self)
        self.table = make_table(self.proxy, tr("Staff accounts"))
        self.table.setSortingEnabled(True)
        self.enter_edits = EnterOpens(self.table, self.edit)
        layout.addWidget(self.table, 1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)

        row = QHBoxLayout()
        self.add_button = QPushButton(tr("&Add…"))
        self.edit_button = QPushButton(tr("&Edit…"))
        self.unlock_button = QPushButton(tr("&Unlock"))
        self.reset_button = QPushButton(tr("&Reset password…"))
        self.active_button = QPushButton(tr("&Deactivate…"))
        self.close_button = QPushButton(tr("Close"))
        buttons = (
            self.add_button,
            self.edit_button,
            self.unlock_button,
            self.reset_button,
            self.active_button,
        )
        for button in (*buttons, self.close_button):
            button.setAutoDefault(False)  # Enter in the list edits the account (see below)
        EnterPresses(*buttons, self.close_button)  # but on a button Tab reached, Enter presses it
        for button, slot in (
            (self.add_button, self.add),
            (self.edit_button, self.edit),
            (self.unlock_button, self.unlock),
            (self.reset_button, self.reset),
            (self.active_button, self.toggle_active),
            (self.close_button, self.accept),
        ):
            button.clicked.connect(slot)
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.close_button)
        layout.addLayout(row)
        self.table.selectionModel().currentRowChanged.connect(lambda _now, _before: self._update_buttons())
        self.refresh()
        self.table.setFocus()

    # --- the list ----------------------------------------------------------------------
    def refresh(self, keep: UUID | None = None) -> None:
        current = self.current()
        keep = keep or (current.id if current else None)
        try:
            accounts = list_accounts(self.actor)
        except DomainError as exc:
            self.say(str(exc), error=True)
            accounts = []
        names = {a.id: a.display_name for a in accounts}
        self.model.beginResetModel()
        self.model.columns = account_columns(names, self.sites)
        self.model.endResetModel()
        self.model.set_rows(accounts)
        fit_columns(self.table, 1)  # the name takes the spare width
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        if keep is not None:
            self.select(keep)
        self._update_buttons()

    def select(self, staff_id: UUID) -> None:
        row = self.model.row_of_id(staff_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )

    def current(self) -> StaffAccount | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        row = self.model.row_of_id(self.proxy.data(index, ID_ROLE))
        return self.model.rows[row] if row >= 0 else None

    def _update_buttons(self) -> None:
        account = self.current()
        for button in (self.edit_button, self.reset_button, self.active_button):
            button.setEnabled(account is not None)
        self.unlock_button.setEnabled(account is not None and (account.locked or account.failed_attempts > 0))
        self.active_button.setText(
            tr("Reac&tivate") if account is not None and not account.active else tr("&Deactivate…")
        )

    def say(self, text: str, *, error: bool = False) -> None:
        self.message.setObjectName("formError" if error else "notice")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def shown_message(self) -> str:
        return "" if self.message.isHidden() else self.message.text()

    def _done(self, account: StaffAccount, text: str) -> None:
        self.refresh(account.id)
        self.say(text)
        self.accounts_changed.emit(account.id)

    # --- actions -----------------------------------------------------------------------
    def add(self) -> None:
        dialog = StaffFormDialog(self, self.actor)
        if self.prompts.run(dialog) and isinstance(dialog.result_value, StaffAccount):
            account = dialog.result_value
            self._done(
                account,
                tr(
                    "{username} was added. Give them the temporary password; "
                    "they choose their own at sign-in."
                ).format(username=account.username),
            )

    def edit(self) -> None:
        account = self.current()
        if account is None:
            return
        dialog = StaffFormDialog(self, self.actor, account)
        if self.prompts.run(dialog) and isinstance(dialog.result_value, StaffAccount):
            self._done(dialog.result_value, tr("{username} was saved.").format(username=account.username))

    def reset(self) -> None:
        account = self.current()
        if account is None:
            return
        dialog = ResetPasswordDialog(self, self.actor, account)
        if self.prompts.run(dialog) and isinstance(dialog.result_value, StaffAccount):
            self._done(
                dialog.result_value,
                tr("{username} has a temporary password and is unlocked.").format(username=account.username),
            )

    def unlock(self) -> None:
        account = self.current()
        if account is None:
            return
        try:
            changed = unlock_account(self.actor, account.id)
        except DomainError as exc:
            self.say(str(exc), error=True)
            return
        self._done(changed, tr("{username} can sign in again.").format(username=account.username))

    def toggle_active(self) -> None:
        account = self.current()
        if account is None:
            return
        try:
            if account.active:
                question = tr(
                    "Deactivate {name} ({username})? They will no longer be able to sign in; what they "
                    "recorded stays under their name. You can reactivate the account later."
                ).format(name=account.display_name, username=account.username)
                if not self.prompts.confirm(self, tr("Deactivate account"), question, tr("Deactivate")):
                    return
                changed = deactivate_staff(self.actor, account.id)
                text = tr("{username} is deactivated.").format(username=account.username)
            else:
                changed = reactivate_staff(self.actor, account.id)
                text = tr("{username} can sign in again.").format(username=account.username)
        except DomainError as exc:
            self.say(str(exc), error=True)
            return
        self._done(changed, text)
