"""Search-as-you-type over clients: a line to type in and the matching clients below it.

The search itself is the domain's (``search_clients``, indexed and capped);
typing only restarts a short single-shot timer so a fast typist triggers one
search, not one per key. Down moves from the text into the list, Enter
chooses the highlighted client.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from iopdesk.domain.clients.clients import ClientSummary
from iopdesk.domain.kernel import vocab
from iopdesk.ui.kit.focus import hand_focus_to
from iopdesk.ui.kit.formatting import date_text, tr
from iopdesk.ui.kit.rows import Column, RowsModel
from iopdesk.ui.kit.tables import make_table

DEBOUNCE_MS = 150
Search = Callable[[str], list[ClientSummary]]


def client_columns() -> list[Column[ClientSummary]]:
    return [
        Column(
            tr("Name"), lambda c: c.display_name, sort=lambda c: (c.legal_last.lower(), c.legal_first.lower())
        ),
        Column(tr("Chart"), lambda c: c.chart_number),
        Column(tr("Date of birth"), lambda c: date_text(c.date_of_birth), sort=lambda c: c.date_of_birth),
        Column(tr("Status"), lambda c: tr(vocab.CLIENT_STATUSES.get(c.status, c.status))),
    ]


class ClientPicker(QWidget):
    results_shown = Signal(int)
    """A search finished and its results are listed; carries how many."""
    client_chosen = Signal(object)
    """Enter or a double-click chose a client; carries the ClientSummary."""
    current_changed = Signal(object)
    """The highlighted client changed; carries a ClientSummary or None."""

    def __init__(self, search: Search | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._search: Search = search or (lambda _text: [])
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Type a name, preferred name or chart number"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName(self.tr("Search clients"))
        self.model: RowsModel[ClientSummary] = RowsModel(client_columns(), lambda c: c.id, self)
        self.table = make_table(
            self.model, self.tr("Clients found"), stretch=0, word_wrap=True, highlight_headers=True
        )
        self.table.horizontalHeader().setMinimumSectionSize(60)
        column.addWidget(self.search_edit)
        column.addWidget(self.table, 1)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.search_now)
        self.search_edit.textChanged.connect(lambda _text: self.timer.start())
        self.search_edit.installEventFilter(self)
        self.table.installEventFilter(self)
        self.table.doubleClicked.connect(lambda _index: self._choose_current())
        self._announced = False
        self.table.selectionModel().currentRowChanged.connect(lambda _now, _before: self._announce())
        hand_focus_to(self, self.search_edit)  # a label's Alt+letter too

    def search_with(self, search: Search) -> None:
        """Search this way from now on (a screen's controller gives its picker the domain's search)."""
        self._search = search

    def search_now(self) -> None:
        self.timer.stop()
        keep = self.current()
        self.model.set_rows(self._search(self.search_edit.text()))
        row = self.model.row_of_id(keep.id) if keep is not None else -1
        self._announced = False
        if self.model.rowCount() and (row >= 0 or self.search_edit.text().strip()):
            self.table.selectRow(max(row, 0))
        if not self._announced:  # selecting a row already said so (the client's page loads once)
            self.current_changed.emit(self.current())
        self.results_shown.emit(self.model.rowCount())

    def _announce(self) -> None:
        self._announced = True
        self.current_changed.emit(self.current())

    def current(self) -> ClientSummary | None:
        return self.model.row_at(self.table.currentIndex())

    def select_id(self, client_id: object) -> None:
        row = self.model.row_of_id(client_id)
        if row >= 0:
            self.table.selectRow(row)

    def _choose_current(self) -> None:
        if self.timer.isActive():
            self.search_now()  # Enter right after typing: act on what was typed
        chosen = self.current()
        if chosen is not None:
            self.client_chosen.emit(chosen)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.KeyPress or watched not in (self.search_edit, self.table):
            return super().eventFilter(watched, event)
        assert isinstance(event, QKeyEvent)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # Consumed here: in a dialog, Enter on the list picks a client, it does not press OK.
            self._choose_current()
            return True
        if watched is self.search_edit:
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.model.rowCount():
                step = 1 if event.key() == Qt.Key.Key_Down else -1
                row = max(0, min(self.table.currentIndex().row() + step, self.model.rowCount() - 1))
                self.table.selectRow(row)
                return True
        return super().eventFilter(watched, event)
