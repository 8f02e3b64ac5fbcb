"""Adding a walk-in: find the client by name or chart number, give the reason, Enter.

Enter walks down the dialog: from the search to the first match, from the
list to the reason, and from the reason it adds the client.
"""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTableView, QWidget

from iopdesk.domain.clients.clients import ClientSummary, search_clients
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.domain.kernel.vocab import CLIENT_STATUSES
from iopdesk.ui.kit.formatting import date_text
from iopdesk.ui.kit.rows import Column, RowsModel
from iopdesk.ui.kit.screen_fit import least_size
from iopdesk.ui.kit.submit_dialog import SubmitDialog


class WalkInDialog(SubmitDialog):
    def __init__(self, parent: QWidget, actor: Actor, submit: Callable[[UUID, str], str | None]) -> None:
        super().__init__(parent, parent.tr("Add a walk-in"))
        least_size(self, 560, 420)
        self.actor = actor
        self.submit = submit
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Name or chart number, then Enter"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search)
        self.model: RowsModel[ClientSummary] = RowsModel(
            [
                Column(self.tr("Name"), lambda c: c.display_name),
                Column(self.tr("Chart"), lambda c: c.chart_number),
                Column(self.tr("Born"), lambda c: date_text(c.date_of_birth)),
                Column(self.tr("Status"), lambda c: self.tr(CLIENT_STATUSES.get(c.status, c.status))),
            ],
            lambda c: c.id,
            self,
        )
        self.results = QTableView()
        self.results.setAccessibleName(self.tr("Clients found"))
        self.results.setModel(self.model)
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.verticalHeader().setVisible(False)
        self.results.horizontalHeader().setStretchLastSection(True)
        self.reason = QLineEdit()
        self.results.doubleClicked.connect(lambda _index: self.reason.setFocus())
        self.reason.setPlaceholderText(self.tr("e.g. make-up session agreed with counselor"))
        self.results.doubleClicked.connect(lambda _index: self.reason.setFocus())
        self.form.addRow(self.tr("&Find client:"), self.search)
        self.form.addRow(self.results)
        self.form.addRow(self.tr("&Reason:"), self.reason)
        self.search.setFocus()
        self.keep_typing_in(self.reason)

    def _search(self, text: str) -> None:
        if not text.strip():
            self.model.set_rows([])
            return
        try:
            found = search_clients(self.actor, text, include_discharged=False)
        except DomainError as exc:
            self.show_message(str(exc))
            return
        self.show_message("")
        self.model.set_rows(found)
        if found:
            self.results.setCurrentIndex(self.model.index(0, 0))

    def chosen(self) -> ClientSummary | None:
        return self.model.row_at(self.results.currentIndex())

    def attempt(self) -> str | None:
        focused = self.focusWidget()
        if focused is self.search:
            if self.model.rowCount():
                self.results.setFocus()
                return ""
            return self.tr("No client matches “{text}”.").format(text=self.search.text().strip())
        client = self.chosen()
        if client is None:
            self.search.setFocus()
            return self.tr("Find and choose the client first.")
        if focused is self.results:
            self.reason.setFocus()
            return ""
        return self.submit(client.id, self.reason.text())
