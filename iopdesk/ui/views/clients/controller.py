"""What the Clients screen does: search, open a client's page, add and edit, keep-apart notes.

The controller owns the view (``ClientsView``, layout only) and gives its client
picker the clinic's search; dialogs open through ``self.prompts``.
"""

from __future__ import annotations

from uuid import UUID

from PySide6.QtCore import Signal

from iopdesk.domain.attendance.alerts import client_alerts
from iopdesk.domain.attendance.hours import weekly_hours
from iopdesk.domain.clients.clients import ClientInfo, ClientSummary, get_client, search_clients
from iopdesk.domain.enrollment.keep_apart import keep_apart_list, retire_keep_apart
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.domain.kernel.records import WRITER_ROLES, site_today
from iopdesk.domain.overviews.rosters import client_groups
from iopdesk.ui.kit.actions import action_button, make_action
from iopdesk.ui.kit.prompts import Prompts
from iopdesk.ui.kit.screen import Screen
from iopdesk.ui.views.clients.client_dialog import ClientDialog
from iopdesk.ui.views.clients.keep_apart_dialog import KeepApartDialog
from iopdesk.ui.views.clients.view import ClientsView

HOURS_WEEKS = 4


class ClientsController(Screen):
    client_changed = Signal(object)
    """A client was added or edited here (or a keep-apart note changed); carries the client id."""

    view: ClientsView

    def __init__(self, view: ClientsView, actor: Actor, prompts: Prompts | None = None) -> None:
        super().__init__(view)
        self.actor = actor
        self.prompts = prompts or Prompts()
        self.client: ClientInfo | None = None
        self.can_write = actor.role in WRITER_ROLES
        v, tr = view, view.tr
        self.a_find = make_action(v, tr("Find"), "Ctrl+F", self._focus_search)
        self.a_add = make_action(v, tr("&Add client…"), "Ctrl+N", self.add_client)
        self.a_edit = make_action(v, tr("&Edit client…"), "F2", self.edit_client)
        self.a_keep = make_action(v, tr("&Keep apart…"), "Ctrl+K", self.add_keep_apart)
        self.a_unkeep = make_action(v, tr("&Remove note…"), None, self.remove_keep_apart)
        for action in (self.a_add, self.a_edit, self.a_keep, self.a_unkeep):
            action.setEnabled(self.can_write)
        v.list_buttons.addWidget(action_button(self.a_add, primary=True))
        v.list_buttons.addWidget(action_button(self.a_edit))
        v.list_buttons.addStretch(1)
        v.panel.keep_buttons.addWidget(action_button(self.a_keep))
        v.panel.keep_buttons.addWidget(action_button(self.a_unkeep))

        v.picker.search_with(self._search)
        v.picker.current_changed.connect(lambda summary: self.show_client(summary.id if summary else None))
        v.picker.client_chosen.connect(lambda _summary: self.edit_client())
        v.picker.results_shown.connect(self._count_shown)
        v.hide_discharged.toggled.connect(lambda _on: v.picker.search_now())
        v.panel.keep_table.selectionModel().currentRowChanged.connect(lambda _n, _b: self.update_actions())
        v.picker.search_now()

    # --- reading -------------------------------------------------------------------
    def activated(self) -> None:
        self.refresh()
        self.view.picker.search_edit.setFocus()
        self.view.picker.search_edit.selectAll()

    def _search(self, text: str) -> list[ClientSummary]:
        include = not self.view.hide_discharged.isChecked()
        return search_clients(self.actor, text, include_discharged=include)

    def refresh(self) -> None:
        keep = self.client.id if self.client else None
        self.view.picker.search_now()
        if keep is not None:
            self.view.picker.select_id(keep)
            self.show_client(keep)

    def _count_shown(self, count: int) -> None:
        tr = self.view.tr
        typed = self.view.picker.search_edit.text().strip()
        if count == 0:
            text = tr("No client matches “{text}”.").format(text=typed) if typed else tr("No clients yet.")
        elif count >= 25:
            text = tr("Showing the first {n}; type more to narrow the list.").format(n=count)
        else:
            text = tr("{n} found.").format(n=count) if typed else ""
        self.view.count_label.setText(text)

    def show_client(self, client_id: UUID | None) -> None:
        panel = self.view.panel
        if client_id is None:
            self.client = None
            panel.show_client(None)
            self.update_actions()
            return
        if self.client is not None and self.client.id != client_id:
            self.say("")
        try:
            self.client = get_client(self.actor, client_id)
            today = site_today(self.actor)
            panel.show_client(self.client, today)
            panel.show_groups(client_groups(self.actor, client_id, today=today))
            panel.show_keep_apart(keep_apart_list(self.actor, client_id))
            panel.show_hours(
                weekly_hours(self.actor, client_id, weeks=HOURS_WEEKS), client_alerts(self.actor, client_id)
            )
        except DomainError as exc:
            self.say(str(exc))
        self.update_actions()

    def open_client(self, client_id: UUID) -> None:
        """Show one client's page (e.g. from a group's roster)."""
        try:
            info = get_client(self.actor, client_id)
        except DomainError as exc:
            self.say(str(exc))
            return
        self.view.picker.search_edit.setText(info.chart_number)
        self.view.picker.search_now()
        self.view.picker.select_id(client_id)
        self.show_client(client_id)

    def update_actions(self) -> None:
        has = self.client is not None
        note = self.view.panel.keep_model.row_at(self.view.panel.keep_table.currentIndex())
        self.a_edit.setEnabled(self.can_write and has)
        self.a_keep.setEnabled(self.can_write and has)
        self.a_unkeep.setEnabled(self.can_write and has and note is not None)

    def say(self, text: str) -> None:
        self.view.notice.setText(text)
        self.view.notice.setVisible(bool(text))

    # --- actions -------------------------------------------------------------------
    def _focus_search(self) -> None:
        self.view.picker.search_edit.setFocus()
        self.view.picker.search_edit.selectAll()

    def add_client(self) -> None:
        if not self.can_write:
            return
        dialog = ClientDialog(self.view, self.actor)
        if self.prompts.run(dialog) and isinstance(dialog.result_value, ClientInfo):
            info = dialog.result_value
            self.open_client(info.id)
            self.say(
                self.view.tr("{name} added, chart {chart}.").format(
                    name=info.display_name, chart=info.chart_number
                )
            )
            self.client_changed.emit(info.id)

    def edit_client(self) -> None:
        if self.client is None or not self.a_edit.isEnabled():
            return
        dialog = ClientDialog(self.view, self.actor, self.client)
        if self.prompts.run(dialog) and isinstance(dialog.result_value, ClientInfo):
            info = dialog.result_value
            self.view.picker.search_now()
            self.view.picker.select_id(info.id)
            self.show_client(info.id)
            self.say(self.view.tr("{name} saved.").format(name=info.display_name))
            self.client_changed.emit(info.id)

    def add_keep_apart(self) -> None:
        if self.client is None or not self.a_keep.isEnabled():
            return
        dialog = KeepApartDialog(self.view, self.actor, self.client.id, self.client.display_name)
        if self.prompts.run(dialog):
            self.show_client(self.client.id)
            self.client_changed.emit(self.client.id)

    def remove_keep_apart(self) -> None:
        panel = self.view.panel
        note = panel.keep_model.row_at(panel.keep_table.currentIndex())
        if self.client is None or note is None or not self.can_write:
            return
        tr = self.view.tr
        if not self.prompts.confirm(
            self.view,
            tr("Remove keep-apart note"),
            tr(
                "{a} and {b} may then share a group without a warning. "
                "The note stays in the record, marked removed."
            ).format(a=self.client.display_name, b=note.other_name),
            tr("Remove note"),
        ):
            return
        try:
            retire_keep_apart(self.actor, note.id)
        except DomainError as exc:
            self.say(str(exc))
            return
        self.show_client(self.client.id)
        self.client_changed.emit(self.client.id)
