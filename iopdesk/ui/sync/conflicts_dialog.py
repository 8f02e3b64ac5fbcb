"""File → Sync conflicts… (administrators): the changes that lost a merge, kept for a person to look
at, and "Mark settled" once someone has. The list is keyboard-first: the focus starts in it, the
arrows choose a conflict and the pane under it follows (what is kept here beside the change that
lost, column by column: conflict_pane.py); Tab goes on to the pane, then the buttons, and Alt+M
settles the chosen one."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QItemSelectionModel, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QSplitter, QVBoxLayout, QWidget

from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError, StoreError
from iopdesk.domain.sync.conflict_detail import conflict_detail
from iopdesk.domain.sync.conflict_texts import kind_of
from iopdesk.domain.sync.service import ConflictView, conflicts, resolve
from iopdesk.ui.kit.actions import EnterPresses
from iopdesk.ui.kit.feedback import FeedbackLine
from iopdesk.ui.kit.fields import heading
from iopdesk.ui.kit.rows import ID_ROLE, Column, RowsModel
from iopdesk.ui.kit.screen_fit import FRAME, least_size, room
from iopdesk.ui.kit.tables import fit_columns, make_table, sorting_proxy
from iopdesk.ui.sync.conflict_pane import ConflictPane
from iopdesk.ui.sync.texts import moment_text, tr


def conflict_columns(zone: dt.tzinfo) -> list[Column[ConflictView]]:
    return [
        Column(tr("Record"), lambda c: tr(c.record or kind_of(c.table))),
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
        self._size_to_text()
        layout = QVBoxLayout(self)
        layout.addWidget(heading(tr("Sync conflicts")))
        layout.addWidget(
            heading(
                tr(
                    "Changes made at two places to the same record: one was kept, the other is stored "
                    "here. Choose a conflict to see, column by column, what is kept here beside the "
                    "change that lost (≠ marks what differs); settle it there or at the record itself, "
                    "then mark the conflict settled."
                ),
                "viewSubtitle",
            )
        )
        self.model: RowsModel[ConflictView] = RowsModel(conflict_columns(zone), lambda c: c.id, self)
        self.proxy: QSortFilterProxyModel = sorting_proxy(self.model, self)
        self.table = make_table(self.proxy, tr("Open sync conflicts"))
        self.table.setSortingEnabled(True)
        self.pane = ConflictPane()
        # The list above, the chosen one's record below; the person can give either more room.
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(self.table)
        split.addWidget(self.pane)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout.addWidget(split, 1)
        self.feedback = FeedbackLine()
        layout.addWidget(self.feedback)
        row = QHBoxLayout()
        self.settle_button = QPushButton(tr("&Mark settled"))
        self.settle_button.setAutoDefault(False)
        self.settle_button.clicked.connect(lambda _checked=False: self.settle())
        self.close_button = QPushButton(tr("Close"))
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.accept)
        # Not auto-default, so Enter in the list or the pane settles nothing; on a button Tab
        # reached, Enter presses it.
        EnterPresses(self.settle_button, self.close_button)
        row.addWidget(self.settle_button)
        row.addStretch(1)
        row.addWidget(self.close_button)
        layout.addLayout(row)
        QWidget.setTabOrder(self.table, self.pane.table)
        QWidget.setTabOrder(self.pane.table, self.settle_button)
        QWidget.setTabOrder(self.settle_button, self.close_button)
        self.shown_id: object = None  # the conflict the pane shows (a refresh need not read it again)
        self.table.selectionModel().currentRowChanged.connect(lambda _now, _before: self._update())
        self.refresh()
        self.table.setFocus()

    def _size_to_text(self) -> None:
        """Room for the list and a record's columns at any text size (View → Text size), within the
        screen: about 120 characters by 40 lines (980 × 680 at 100 %)."""
        metrics = self.fontMetrics()
        width, height = 120 * metrics.averageCharWidth(), 40 * metrics.height()
        screen = room(self) + FRAME
        width, height = (
            min(max(width, 980), screen.width() * 9 // 10),
            min(max(height, 680), screen.height() * 9 // 10),
        )
        least_size(self, min(760, width), min(560, height))
        self.resize(width, height)

    def refresh(self, choose: int = 0) -> None:
        """Read the list again and choose its ``choose``-th conflict (the last, if there are fewer)."""
        try:
            rows = conflicts(self.actor)
        except (DomainError, StoreError) as exc:
            self.feedback.problem(str(exc))
            rows = []
        self.model.set_rows(rows)
        fit_columns(self.table, 1)  # the row id takes the spare width
        self.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
        if rows:
            self._select_row(min(choose, len(rows) - 1))
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
        conflict = self.current()
        self.settle_button.setEnabled(conflict is not None)
        self._show_detail(conflict)
        if not self.model.rows and not self.feedback.kind:
            self.feedback.done(tr("No sync conflicts are waiting."))

    def _show_detail(self, conflict: ConflictView | None) -> None:
        """The pane follows the chosen conflict (each reading of a client's record is audited)."""
        if conflict is None:
            self.shown_id = None
            self.pane.clear(tr("Choose a conflict above to see its record.") if self.model.rows else "")
            return
        if conflict.id == self.shown_id:
            return
        try:
            detail = conflict_detail(self.actor, conflict.id)
        except (DomainError, StoreError) as exc:
            self.shown_id = None
            self.pane.clear(tr("This conflict's record cannot be shown."))
            self.feedback.problem(str(exc))
            return
        self.shown_id = conflict.id
        if self.feedback.kind == "problem":
            self.feedback.clear()  # the last one's problem is not this one's
        self.pane.show_detail(detail)

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
        self.refresh(place)  # the next one takes its place (and only it is read)
        if self.model.rows:
            self.feedback.done(tr("Marked settled."))
        self.table.setFocus()  # the next one can be settled at once
