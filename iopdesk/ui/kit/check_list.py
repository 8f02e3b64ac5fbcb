"""A list of (id, label) items with check boxes: a multi-select picker as a model."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeAlias

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from iopdesk.ui.kit.rows import ID_ROLE

Index: TypeAlias = QModelIndex | QPersistentModelIndex


class CheckListModel(QAbstractListModel):
    def __init__(self, items: Sequence[tuple[Any, str]], parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.items = list(items)
        self.checked: set[Any] = set()

    def set_checked(self, ids: Iterable[Any]) -> None:
        self.checked = set(ids)
        if self.items:
            self.dataChanged.emit(self.index(0), self.index(len(self.items) - 1))

    def kept_value(self) -> tuple[Any, ...]:
        """What closing the dialog would lose (kit/keep_typing.py)."""
        return tuple(self.checked_ids())

    def checked_ids(self) -> list[Any]:
        """Checked ids in list order."""
        return [key for key, _label in self.items if key in self.checked]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        key, label = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return label
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if key in self.checked else Qt.CheckState.Unchecked
        if role == ID_ROLE:
            return key
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        key = self.items[index.row()][0]
        state = value if isinstance(value, Qt.CheckState) else Qt.CheckState(int(value))
        if state == Qt.CheckState.Checked:
            self.checked.add(key)
        else:
            self.checked.discard(key)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True
