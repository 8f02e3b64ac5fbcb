"""The two work lists of the notes screen: my unsigned notes, and the supervisor's co-sign queue.

One line per session, oldest first; Enter (or a double-click) opens the
session's note at the part that needs attention. Layout only: the lists'
controllers (lists_controller.py) read them.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from iopdesk.domain.kernel import clock
from iopdesk.ui.kit.feedback import FeedbackLine
from iopdesk.ui.kit.or_empty import OrEmpty
from iopdesk.ui.kit.rows import Column, RowsModel
from iopdesk.ui.kit.sections import label
from iopdesk.ui.kit.tables import fit_columns, make_table
from iopdesk.ui.views.notes.models import (
    ReviewSession,
    SessionWork,
    queue_columns,
    tr,
    unsigned_columns,
)


class ListPanel(QWidget):
    """A sentence, a table of sessions (or a calm sentence in its place), and a line for refusals."""

    session_opened = Signal(object, object)
    """A session's note was asked for; carries the session id and the client whose part to show (or None)."""

    def __init__(self, name: str, columns: list[Column], parent: QWidget | None = None) -> None:  # type: ignore[type-arg]
        super().__init__(parent)
        self.now = clock.utcnow()  # the program's one clock (tests stop it)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 8, 0, 0)
        self.summary = label("", "viewSubtitle")
        self.layout_.addWidget(self.summary)
        self.message = FeedbackLine()
        self.layout_.addWidget(self.message)
        self.model: RowsModel = RowsModel(columns, lambda r: r.session_id, self)  # type: ignore[type-arg]
        self.table = make_table(self.model, name, row_height=32, fixed_rows=True)
        self.table.activated.connect(lambda index: self._open(self.model.row_at(index)))
        self.area = OrEmpty(self.table)
        self.layout_.addWidget(self.area, 1)

    def show_message(self, text: str) -> None:
        self.message.problem(text)

    def show_done(self, text: str) -> None:
        self.message.done(text)

    def set_rows(self, rows: list, empty: str) -> None:  # type: ignore[type-arg]
        keep = self.model.row_at(self.table.currentIndex())
        self.model.set_rows(rows)
        self.area.show_content(bool(rows), empty)
        if rows:
            row = self.model.row_of_id(keep.session_id) if keep is not None else -1
            self.table.setCurrentIndex(self.model.index(max(row, 0), 0))

    def _open(self, row: object) -> None:
        raise NotImplementedError

    def focus_list(self) -> None:
        (self.table if self.model.rowCount() else self.area).setFocus()


class UnsignedPanel(ListPanel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("My unsigned notes"), unsigned_columns(lambda: self.now), parent)
        fit_columns(self.table, stretch=4)

    def _open(self, row: object) -> None:
        if isinstance(row, SessionWork):
            self.session_opened.emit(row.session_id, row.first_client)


class CosignPanel(ListPanel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Co-sign queue"), queue_columns(lambda: self.now), parent)
        fit_columns(self.table, stretch=1)
        row = QHBoxLayout()
        self.everyone = QCheckBox(tr("Show every waiting note in the clinic, not only my supervisees'"))
        row.addWidget(self.everyone)
        row.addStretch(1)
        self.layout_.insertLayout(1, row)

    def _open(self, row: object) -> None:
        if isinstance(row, ReviewSession):
            first = next((p.client_id for p in row.parts if p.client_id is not None), None)
            shared = any(p.client_id is None for p in row.parts)
            self.session_opened.emit(row.session_id, None if shared else first)
