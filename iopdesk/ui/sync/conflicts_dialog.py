"""File → Sync conflicts… (administrators): the changes that lost a merge, kept for a person to look
at, and "Mark settled" once someone has. The list is keyboard-first: the focus starts in it, the
arrows choose a conflict and Alt+M (or the button, Tab from the list) settles it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QItemSelectionModel, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError, StoreError
from iopdesk.domain.sync.service import ConflictView, conflicts, resolve
from iopdesk.ui.kit.feedback import FeedbackLine
from iopdesk.ui.kit.fields import heading
from iopdesk.ui.kit.rows import ID_ROLE, Column, RowsModel
from iopdesk.ui.kit.tables import fit_columns, make_table, sorting_proxy
from iopdesk.ui.sync.texts import moment_text, tr


def conflict_columns(zone: dt.tzinfo) -> list[Column[ConflictView]]:
    return [
        Column(tr("Table"), lambda c: c.table),
        Column(tr("Row"), lambda c: c.row_id),
        Column(tr("Client"), lambda c: c.client_chart or ("—" if c.client_id is None else tr("(not here)"))),
        Column(
            tr("When"),
            lambda c: moment_text(c.created_at, zone),
            sort=lambda c: c.created_at or dt.datetime.min,
        ),
    ]


class ConflictsDialog(QDialog):
    def __init__(self, parent: QWidget, actor: Actor, zone: dt.tzinfo) -> None:
        super().__init__(parent)
        self.actor = actor
        self.setWindowTitle(tr("Sync conflicts"))
        self.setMinimumSize(720, 420)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(tr("Sync conflicts")))
        layout.addWidget(
            heading(
                tr(
                    "Changes made at two places to the same record: the later one was kept, the other "
                    "is stored here. Look at the record, then mark the conflict settled."
                ),
                "viewSubtitle",
            )
        )
        self.model: RowsModel[ConflictView] = RowsModel(conflict_columns(zone), lambda c: c.id, self)
        self.proxy: QSortFilterProxyModel = sorting_proxy(self.model, self)
        self.table = make_table(self.proxy, tr("Open sync conflicts"))
        self.table.setSortingEnabled(True)
        layout.addWidget(self.table, 1)
        self.feedback = FeedbackLine()
        layout.addWidget(self.feedback)
        row = QHBoxLayout()
        self.settle_button = QPushButton(tr("&Mark settled"))
        self.settle_button.setAutoDefault(False)
        self.settle_button.clicked.connect(lambda _checked=False: self.settle())
        self.close_button = QPushButton(tr("Close"))
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.accept)
        row.addWidget(self.settle_button)
        row.addStretch(1)
        row.addWidget(self.close_button)
        layout.addLayout(row)
        self.table.selectionModel().currentRowChanged.connect(lambda _now, _before: self._update())
        self.refresh()
        self.table.setFocus()

    def refresh(self) -> None:
        try:
            rows = conflicts(self.actor)
        except (DomainError, StoreError) as exc:
            self.feedback.problem(str(exc))
            rows = []
        self.model.set_rows(rows)
        fit_columns(self.table, 1)  # the row id takes the spare width
        self.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
        if rows:
            self._select_row(0)
        self._update()

    def _select_row(self, row: int) -> None:
        index = self.proxy.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )

    def current(self) -> ConflictView | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        row = self.model.row_of_id(self.proxy.data(index, ID_ROLE))
        return self.model.rows[row] if row >= 0 else None

    def _update(self) -> None:
        self.settle_button.setEnabled(self.current() is not None)
        if not self.model.rows and not self.feedback.kind:
            self.feedback.done(tr("No sync conflicts are waiting."))

    def settle(self) -> None:
        conflict = self.current()
        if conflict is None:
            return
        place = self.table.currentIndex().row()
        try:
            resolve(self.actor, conflict.id)
        except (DomainError, StoreError) as exc:
            self.feedback.problem(str(exc))
            return
        self.feedback.clear()
        self.refresh()
        if self.model.rows:
            self._select_row(min(place, len(self.model.rows) - 1))
            self.feedback.done(tr("Marked settled."))
        self.table.setFocus()  # the next one can be settled at once
