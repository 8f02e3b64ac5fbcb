"""What the Clients screen does: search, open a client's page, add and edit, keep-apart notes.

The controller owns the view (``ClientsView``, layout only) and gives its client
picker the clinic's search; dialogs open through ``self.prompts``. Enter on a
search result opens the client's page (editing is its own action, F2); the
page's recent sessions lead to that session's attendance (Enter) and to this
client's note for it (the main window's Ctrl+Shift+N, or the button).
"""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from PySide6.QtCore import Signal

from iopdesk.domain.attendance.alerts import client_alerts
from iopdesk.domain.attendance.history import client_history
from iopdesk.domain.attendance.hours import weekly_hours
from iopdesk.domain.clients.clients import ClientInfo, ClientSummary, get_client, search_clients
from iopdesk.domain.enrollment.keep_apart import keep_apart_list, retire_keep_apart
from iopdesk.domain.kernel import permissions
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.domain.kernel.records import site_today
from iopdesk.domain.overviews.rosters import client_groups
from iopdesk.ui.kit.actions import EnterOpens, action_button, make_action
from iopdesk.ui.kit.permitted import offer
from iopdesk.ui.kit.prompts import Prompts
from iopdesk.ui.kit.screen import Screen
from iopdesk.ui.views.clients.client_dialog import ClientDialog
from iopdesk.ui.views.clients.keep_apart_dialog import KeepApartDialog
from iopdesk.ui.views.clients.view import ClientsView

HOURS_WEEKS = 4
RECENT_DAYS = 28  # the client page's recent sessions: the last four weeks, today's included


class ClientsController(Screen):
    client_changed = Signal(object)
    """A client was added or edited here (or a keep-apart note changed); carries the client id."""
    session_opened = Signal(object)
    """The user opened one of the client's sessions to see its attendance; carries the session id."""
    note_requested = Signal(object, object)
    """The user asked for the client's note of one session; carries (session id, client id)."""
    chart_requested = Signal(object)
    """The user asked for the client's treatment chart; carries the client id."""

    view: ClientsView

    def __init__(self, view: ClientsView, actor: Actor, prompts: Prompts | None = None) -> None:
        super().__init__(view)
        self.actor = actor
        self.prompts = prompts or Prompts()
        self.client: ClientInfo | None = None
        self.can_write = permissions.can(actor, permissions.CLIENT_EDIT)
        self.may_read_notes = permissions.can(actor, permissions.NOTE_READ)
        self.may_open_chart = permissions.can(actor, permissions.CARE_READ)
        v, tr = view, view.tr
        self.a_find = make_action(v, tr("Find"), "Ctrl+F", self._focus_search)
        self.a_add = make_action(v, tr("&Add client…"), "Ctrl+N", self.add_client)
        self.a_edit = make_action(v, tr("&Edit client…"), "F2", self.edit_client)
        self.a_keep = make_action(v, tr("&Keep apart…"), "Ctrl+K", self.add_keep_apart)
        self.a_unkeep = make_action(v, tr("Re&move note…"), None, self.remove_keep_apart)
        self.a_session = make_action(v, tr("Attendance of this &session"), None, self.open_session)
        # No shortcut of its own: the main window's "Write note for this session" (Ctrl+Shift+N) asks
        # this screen for the session and the client.
        self.a_note = make_action(v, tr("&Note for this session…"), None, self.request_note)
        self.a_note.setToolTip(tr("This client's note for the chosen session (Ctrl+Shift+N)"))
        self.a_chart = make_action(v, tr("Open &chart"), "Ctrl+Shift+C", self.open_chart)
        buttons = {}
        for key, action in (
            ("add", self.a_add),
            ("edit", self.a_edit),
            ("keep", self.a_keep),
            ("unkeep", self.a_unkeep),
            ("session", self.a_session),
            ("note", self.a_note),
            ("chart", self.a_chart),
        ):
            buttons[key] = action_button(action, primary=key == "add")
        for key in ("add", "edit", "keep", "unkeep"):
            offer(buttons[key], actor, permissions.CLIENT_EDIT)
        buttons["session"].setToolTip(tr("Open the chosen session in Attendance (Enter)"))
        buttons["note"].setToolTip(self.a_note.toolTip())
        offer(buttons["note"], actor, permissions.NOTE_READ)
        offer(buttons["chart"], actor, permissions.CARE_READ)
        offer(self.a_chart, actor, permissions.CARE_READ)
        self.buttons = buttons
        v.list_buttons.addWidget(buttons["add"])
        v.list_buttons.addWidget(buttons["edit"])
        v.list_buttons.addStretch(1)
        v.panel.keep_buttons.addWidget(buttons["keep"])
        v.panel.keep_buttons.addWidget(buttons["unkeep"])
        v.panel.session_buttons.addWidget(buttons["session"])
        v.panel.session_buttons.addWidget(buttons["note"])
        v.page_buttons.addWidget(buttons["chart"])
        v.page_buttons.addStretch(1)
        if not self.may_read_notes:
            v.panel.sessions_hint.setText(tr("Enter opens the session in Attendance"))

        v.picker.search_with(self._search)
        v.picker.current_changed.connect(lambda summary: self.show_client(summary.id if summary else None))
        v.picker.client_chosen.connect(self._chosen)
        EnterOpens(v.panel.sessions_table, self.open_session)
        v.panel.sessions_table.selectionModel().currentRowChanged.connect(
            lambda _now, _before: self.update_actions()
        )
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
                weekly_hours(self.actor, client_id, weeks=HOURS_WEEKS, until=today),
                client_alerts(self.actor, client_id, today),
            )
            panel.show_sessions(
                client_history(
                    self.actor,
                    client_id,
                    today - dt.timedelta(days=RECENT_DAYS),
                    today,
                )
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
        session = self.view.panel.current_session() if has else None
        self.a_add.setEnabled(self.can_write)
        self.a_edit.setEnabled(self.can_write and has)
        self.a_keep.setEnabled(self.can_write and has)
        self.a_unkeep.setEnabled(self.can_write and has and note is not None)
        self.a_session.setEnabled(session is not None)
        self.a_note.setEnabled(self.may_read_notes and session is not None)
        self.a_chart.setEnabled(self.may_open_chart and has)

    # --- leading on: the client's sessions and notes ------------------------------------
    def _chosen(self, _summary: object) -> None:
        """Enter on a search result opens the client's page (it is shown already): go into it."""
        panel = self.view.panel
        if self.client is None:
            return
        target = panel.sessions_table if panel.sessions_model.rowCount() else panel
        target.setFocus()

    def current_session_id(self) -> UUID | None:
        """The client's session chosen on the page (the main window's "note for this session")."""
        session = self.view.panel.current_session() if self.client is not None else None
        return session.session_id if session is not None else None

    def current_client_id(self) -> UUID | None:
        return self.client.id if self.client is not None else None

    def open_session(self) -> None:
        session_id = self.current_session_id()
        if session_id is not None:
            self.session_opened.emit(session_id)

    def open_chart(self) -> None:
        """The client's treatment chart (screening, admission, plan, team, discharge) in the Chart view."""
        if self.client is not None and self.may_open_chart:
            self.chart_requested.emit(self.client.id)

    def request_note(self) -> None:
        session_id = self.current_session_id()
        if session_id is not None and self.client is not None and self.may_read_notes:
            self.note_requested.emit(session_id, self.client.id)

    def say(self, text: str) -> None:
        """A refusal or a problem ("" clears the line)."""
        self.view.notice.problem(text)

    def done(self, text: str) -> None:
        self.view.notice.done(text)

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
            self.done(
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
            self.done(self.view.tr("{name} saved.").format(name=info.display_name))
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
