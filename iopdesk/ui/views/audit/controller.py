"""What the Audit view does: read the trail with the chosen filters, check the chain, export it.

Every look at the trail is itself an audit entry (the domain writes it), so
the list is read when a filter changes or Refresh is pressed, not on a timer.
"""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from PySide6.QtCore import Qt

from iopdesk.domain.clients.clients import ClientSummary
from iopdesk.domain.clinic.staff import list_sites, list_staff
from iopdesk.domain.kernel import clock
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.audit import verify_chain
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.domain.kernel.records import site_today
from iopdesk.domain.overviews.audit_trail import AuditEntry, audit_page, export_audit_csv
from iopdesk.ui.kit.files import write_private
from iopdesk.ui.kit.formatting import from_qdate, to_qdate
from iopdesk.ui.kit.prompts import Prompts
from iopdesk.ui.kit.screen import Screen
from iopdesk.ui.kit.tables import fit_columns
from iopdesk.ui.kit.unsaved import REFUSED
from iopdesk.ui.views.audit.client_dialog import ClientFilterDialog
from iopdesk.ui.views.audit.models import CHANGES_COLUMN, FILTER_ACTIONS, RECORD_COLUMN, audit_columns, tr
from iopdesk.ui.views.audit.view import AuditView

LIMIT = 500
DEFAULT_DAYS = 30


class AuditController(Screen):
    view: AuditView

    def __init__(self, view: AuditView, actor: Actor, prompts: Prompts | None = None) -> None:
        super().__init__(view)
        self.actor = actor
        self.prompts = prompts or Prompts()
        self.client: ClientSummary | None = None
        self.entries: list[AuditEntry] = []
        self.loaded = False

        sites = {s.id: s.name for s in list_sites(actor)}
        staff = list_staff(actor, include_inactive=True)
        model = view.model
        model.beginResetModel()
        model.columns = audit_columns(
            clock.site_zone(actor.site_id), sites, {p.id: p.display_name for p in staff}
        )
        model.endResetModel()
        fit_columns(view.table, CHANGES_COLUMN, {RECORD_COLUMN: 210})
        view.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # newest first, as the domain gives them

        view.staff_combo.addItem(tr("Anyone"), None)
        for person in staff:
            view.staff_combo.addItem(person.label, str(person.id))
        view.action_combo.addItem(tr("Any action"), None)
        for key, label in FILTER_ACTIONS:
            view.action_combo.addItem(tr(label), key)
        today = site_today(actor)
        for edit in (view.start_edit, view.end_edit):
            edit.setKeyboardTracking(False)
            edit.setMaximumDate(to_qdate(today + dt.timedelta(days=1)))
        view.start_edit.setDate(to_qdate(today - dt.timedelta(days=DEFAULT_DAYS)))
        view.end_edit.setDate(to_qdate(today))
        self._show_client()

        view.staff_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        view.action_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        view.start_edit.dateChanged.connect(lambda _d: self.refresh())
        view.end_edit.dateChanged.connect(lambda _d: self.refresh())
        view.refresh_button.clicked.connect(self.refresh)
        view.client_button.clicked.connect(self.choose_client)
        view.clear_client_button.clicked.connect(self.clear_client)
        view.verify_button.clicked.connect(self.verify)
        view.export_button.clicked.connect(self.export)

    # --- filters ---------------------------------------------------------------------
    def filters(self) -> dict[str, object]:
        staff = self.view.staff_combo.currentData()
        return {
            "client_id": self.client.id if self.client else None,
            "staff_id": UUID(staff) if staff else None,
            "action": self.view.action_combo.currentData() or None,
            "start": from_qdate(self.view.start_edit.date()),
            "end": from_qdate(self.view.end_edit.date()),
        }

    def _show_client(self) -> None:
        if self.client is None:
            self.view.client_label.setText(tr("Any client"))
        else:
            self.view.client_label.setText(f"{self.client.display_name} ({self.client.chart_number})")
        self.view.clear_client_button.setVisible(self.client is not None)

    def choose_client(self) -> None:
        dialog = ClientFilterDialog(self.view, self.actor)
        if self.prompts.run(dialog) and dialog.chosen is not None:
            self.set_client(dialog.chosen)

    def set_client(self, client: ClientSummary | None) -> None:
        self.client = client
        self._show_client()
        self.refresh()

    def clear_client(self) -> None:
        self.set_client(None)

    # --- reading -----------------------------------------------------------------------
    def activated(self) -> None:
        self.first_look()

    def first_look(self) -> None:
        if not self.loaded:
            self.refresh()

    def refresh(self) -> None:
        self.loaded = True
        self.view.show_error("")
        chosen = self.filters()
        if chosen["start"] > chosen["end"]:  # type: ignore[operator]
            self.view.show_error(tr("The first day is after the last day; change one of them."))
            return
        try:
            self.entries = audit_page(self.actor, limit=LIMIT, **chosen)  # type: ignore[arg-type]
        except DomainError as exc:
            self.view.show_error(str(exc))
            return
        self.view.model.set_rows(self.entries)
        count = len(self.entries)
        if count >= LIMIT:
            text = tr("The newest {n} entries are shown; narrow the filters to see older ones.").format(
                n=count
            )
        else:
            text = tr("{n} entries, newest first.").format(n=count) if count != 1 else tr("1 entry.")
        self.view.count_label.setText(text)
        self.view.list.show_content(
            bool(count), tr("No entries match these filters. Widen the dates or choose “Any”.")
        )

    def verify(self) -> None:
        report = verify_chain()
        if report.ok:
            self.view.verify_label.done(report.message)
            self.view.show_error("")
        else:
            self.view.verify_label.clear()
            self.view.show_error(report.message)

    def export(self) -> None:
        suggested = f"audit-trail-{site_today(self.actor).isoformat()}.csv"
        path = self.prompts.save_file(
            self.view, tr("Export the audit trail"), suggested, tr("CSV files (*.csv)")
        )
        if not path:
            return
        chosen = self.filters()
        try:
            text = export_audit_csv(self.actor, **chosen)  # type: ignore[arg-type]
            write_private(path, text.encode("utf-8"))  # whole or not at all, owner-only
        except REFUSED as exc:
            self.view.show_error(str(exc))
            return
        except OSError as exc:
            self.view.show_error(
                tr("Could not write {path}: {why}").format(path=path, why=exc.strerror or exc)
            )
            return
        self.view.show_error("")
        self.view.count_label.setText(tr("Exported to {path}.").format(path=path))
