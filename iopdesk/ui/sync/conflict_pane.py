"""The chosen sync conflict's record, column by column: what is kept here beside the change that lost.

A read-only table (Differs | Column | Kept here | Lost change) over ``conflict_detail``'s columns, the
differing ones first, marked with "≠" and in bold (not by colour alone); values the domain withheld
or never shows read as such, in italics. A line above it says where the kept record stands (as the
merge kept it, changed since, gone, never added here) and why values are withheld, if they are.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from iopdesk.domain.sync.conflict_detail import (
    KEPT_CHANGED,
    KEPT_GONE,
    KEPT_REFUSED,
    SECRET,
    ColumnDiff,
    ConflictDetail,
)
from iopdesk.ui.kit.rows import Column, Index, RowsModel
from iopdesk.ui.kit.tables import make_table
from iopdesk.ui.sync.texts import tr

MARK = "≠"
MARK_COLUMN, LABEL_COLUMN, KEPT_COLUMN, LOST_COLUMN = range(4)


def hidden_text(hidden: str) -> str:
    """Short: a withheld record repeats it in every row (the line above the table says why)."""
    return tr("(never shown)") if hidden == SECRET else tr("(withheld)")


def hidden_tip(hidden: str) -> str:
    if hidden == SECRET:
        return tr("Passwords and other secrets are never shown, only whether they differ.")
    return tr("Withheld: you may not read this client's records of this kind, only whether they differ.")


def kept_text(detail: ConflictDetail, column: ColumnDiff) -> str:
    # No record here says more than "withheld" would: there is nothing kept to withhold.
    if not detail.kept_exists:
        return tr("(never added here)") if detail.kept_status == KEPT_REFUSED else tr("(no longer here)")
    return hidden_text(column.hidden) if column.hidden else column.kept or ""


def lost_text(column: ColumnDiff) -> str:
    return hidden_text(column.hidden) if column.hidden else column.lost or ""


def kept_summary(detail: ConflictDetail) -> str:
    """Where the kept record stands, how many columns differ, and why values are withheld."""
    if detail.kept_status == KEPT_GONE:
        where = tr("The kept record is no longer here: only the change that lost is shown.")
    elif detail.kept_status == KEPT_REFUSED:
        where = tr(
            "This record was never added here: it collided with one made here (the same user name, "
            "chart number or correction). Only the change that lost is shown."
        )
    elif detail.kept_status == KEPT_CHANGED:
        where = tr(
            "Kept here: the record as it is now, which is not the version the merge kept (it has "
            "changed since, or the merge was made at another place)."
        )
    else:
        where = tr("Kept here: the record as the merge kept it.")
    count = tr("{n} of {total} columns differ.").format(n=len(detail.differing), total=len(detail.columns))
    parts = [where, count]
    if detail.withheld_because:
        parts.append(tr("Values withheld: {reason}").format(reason=detail.withheld_because))
    return " ".join(parts)


class ColumnsModel(RowsModel[ColumnDiff]):
    """Differing columns in bold; withheld and secret values in italics; the mark read out as words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.detail: ConflictDetail | None = None
        super().__init__(self._columns(), lambda c: c.column, parent)

    def _columns(self) -> list[Column[ColumnDiff]]:
        return [
            Column(tr("Differs"), lambda c: MARK if c.differs else "", tooltip=self._mark_tip),
            Column(tr("Column"), lambda c: c.label, tooltip=lambda c: c.column),
            Column(tr("Kept here"), self._kept, tooltip=self._kept_tip),
            Column(
                tr("Lost change"),
                lost_text,
                tooltip=lambda c: hidden_tip(c.hidden) if c.hidden else lost_text(c),
            ),
        ]

    def _kept(self, column: ColumnDiff) -> str:
        return kept_text(self.detail, column) if self.detail is not None else ""

    def _kept_tip(self, column: ColumnDiff) -> str:
        if column.hidden and self.detail is not None and self.detail.kept_exists:
            return hidden_tip(column.hidden)
        return self._kept(column)

    @staticmethod
    def _mark_tip(column: ColumnDiff) -> str:
        return tr("Differs") if column.differs else tr("The same")

    def show(self, detail: ConflictDetail | None) -> None:
        self.detail = detail
        self.set_rows(detail.columns if detail is not None else [])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is not None and role == Qt.ItemDataRole.FontRole:
            hidden = row.hidden or (index.column() == KEPT_COLUMN and row.kept is None)
            if not row.differs and not (hidden and index.column() >= KEPT_COLUMN):
                return None
            font = QFont(QApplication.font())
            font.setBold(row.differs)
            font.setItalic(bool(hidden) and index.column() >= KEPT_COLUMN)
            return font
        if row is not None and role == Qt.ItemDataRole.AccessibleTextRole and index.column() == MARK_COLUMN:
            return self._mark_tip(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == MARK_COLUMN:
            return int(Qt.AlignmentFlag.AlignCenter)
        return super().data(index, role)


class ConflictPane(QWidget):
    """The chosen conflict laid open; ``show`` a detail, or ``clear`` it with a word why."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel()
        self.summary.setObjectName("conflictSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.model = ColumnsModel(self)
        self.table: QTableView = make_table(
            self.model, tr("The chosen conflict, column by column"), word_wrap=True
        )
        self.table.setAccessibleDescription(
            tr("What is kept here beside the change that lost; ≠ marks the columns that differ.")
        )
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for column in (MARK_COLUMN, LABEL_COLUMN):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for column in (KEPT_COLUMN, LOST_COLUMN):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        # Long values (a note's text) wrap and the row grows to hold them: nothing is cut off. The
        # heights follow the widths once the columns have settled (a burst of resizes, answered once).
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.refit = QTimer(self)
        self.refit.setSingleShot(True)
        self.refit.setInterval(0)
        self.refit.timeout.connect(self.table.resizeRowsToContents)
        header.sectionResized.connect(lambda *_sizes: self.refit.start())
        layout.addWidget(self.table, 1)
        self.clear(tr("Choose a conflict above to see its record."))

    @property
    def detail(self) -> ConflictDetail | None:
        return self.model.detail

    def show_detail(self, detail: ConflictDetail) -> None:
        self.model.show(detail)
        self.summary.setText(kept_summary(detail))
        self.table.scrollToTop()

    def clear(self, why: str = "") -> None:
        self.model.show(None)
        self.summary.setText(why)
