"""A table model over a list of frozen rows, described by columns.

Each view declares its columns once (title, how to get the text, optional
sort key and tooltip); the model serves them and a custom role gives the
row's id, so views never hold data in widgets.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

Row = TypeVar("Row")

ID_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_ROLE = Qt.ItemDataRole.UserRole + 3

# data() runs for every cell, role and repaint (and for every row when a column fits its
# contents), so it compares plain ints and turns away the roles it never answers first.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_SORT, _ID, _ROW = int(SORT_ROLE), int(ID_ROLE), int(ROW_ROLE)
_ANSWERED = frozenset({_DISPLAY, _TOOLTIP, _BACKGROUND, _ALIGNMENT, _SORT, _ID, _ROW})
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True)
class Column(Generic[Row]):
    title: str
    text: Callable[[Row], str]
    sort: Callable[[Row], Any] | None = None
    tooltip: Callable[[Row], str] | None = None
    colour: Callable[[Row], str | None] | None = None  # background, as #rrggbb
    align_right: bool = False


Index = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractTableModel, Generic[Row]):
    def __init__(self, columns: Sequence[Column[Row]], id_of: Callable[[Row], Any], parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.columns = list(columns)
        self.id_of = id_of
        self.rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def replace_row(self, row: Row) -> None:
        """Swap in a fresh copy of one row (same id) without resetting the view."""
        key = self.id_of(row)
        for i, old in enumerate(self.rows):
            if self.id_of(old) == key:
                self.rows[i] = row
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.columns) - 1))
                return

    def row_at(self, index: Index) -> Row | None:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        return self.rows[index.row()]

    def row_of_id(self, key: Any) -> int:
        for i, row in enumerate(self.rows):
            if self.id_of(row) == key:
                return i
        return -1

    # --- QAbstractTableModel -----------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        role = int(role)
        if role not in _ANSWERED:
            return None
        row = self.row_at(index)
        if row is None or not 0 <= index.column() < len(self.columns):
            return None
        column = self.columns[index.column()]
        if role == _DISPLAY:
            return column.text(row)
        if role == _SORT:
            return column.sort(row) if column.sort else column.text(row).lower()
        if role == _ID:
            return self.id_of(row)
        if role == _ROW:
            return row
        if role == _TOOLTIP and column.tooltip:
            return column.tooltip(row)
        if role == _BACKGROUND and column.colour:
            colour = column.colour(row)
            return QBrush(QColor(colour)) if colour else None
        if role == _ALIGNMENT and column.align_right:
            return _RIGHT
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self.columns):
                return self.columns[section].title
        return None
