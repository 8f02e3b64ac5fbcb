"""The fields of one part of a note format, as an editable table: label, required, hint, key.

Labels and hints are edited in place; "Required" is a tick (Space toggles it):
a part is not signed while a required field is blank. A field added in the
dialog takes its key from its label (the key is what notes store their text
under), so its key follows the label until the format is saved; a saved
field's key never changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from iopdesk.domain.notes import new_field_key
from iopdesk.domain.notes.body import FieldDef
from iopdesk.ui.views.notes.models import tr

COL_LABEL, COL_REQUIRED, COL_HINT, COL_KEY = range(4)
KEY_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


@dataclass
class FieldRow:
    key: str
    label: str
    hint: str
    new: bool  # added in this dialog: the key still follows the label
    required: bool = False


class FieldsModel(QAbstractTableModel):
    edited = Signal()
    """A field was added, removed, moved, renamed or given another hint."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[FieldRow] = []
        self.titles = (tr("Label"), tr("Required"), tr("Hint (shown in the empty box)"), tr("Key"))

    def set_fields(self, fields: Sequence[FieldDef]) -> None:
        self.beginResetModel()
        self.rows = [FieldRow(f.key, f.label, f.hint, False, f.required) for f in fields]
        self.endResetModel()

    def definition(self) -> list[dict[str, object]]:
        """The fields in the JSON shape of resources/note_templates."""
        out = []
        for row in self.rows:
            item: dict[str, object] = {"key": row.key, "label": " ".join(row.label.split())}
            if row.hint.strip():
                item["hint"] = row.hint.strip()
            if row.required:
                item["required"] = True
            out.append(item)
        return out

    def set_required(self, row: int, required: bool) -> None:
        if 0 <= row < len(self.rows) and self.rows[row].required != required:
            self.rows[row].required = required
            self.dataChanged.emit(self.index(row, COL_REQUIRED), self.index(row, COL_REQUIRED))
            self.edited.emit()

    def keys(self) -> list[str]:
        return [row.key for row in self.rows]

    # --- changes -------------------------------------------------------------------
    def add(self, label: str) -> int:
        """A new field at the end; returns its row."""
        row = len(self.rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self.rows.append(FieldRow(new_field_key(label, self.keys()), label, "", True))
        self.endInsertRows()
        self.edited.emit()
        return row

    def remove(self, row: int) -> None:
        if not 0 <= row < len(self.rows):
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.rows[row]
        self.endRemoveRows()
        self.edited.emit()

    def move(self, row: int, step: int) -> int:
        """Move a field up (-1) or down (+1); returns where it is now."""
        target = row + step
        if not (0 <= row < len(self.rows) and 0 <= target < len(self.rows)):
            return row
        # Qt's destination is the row the moved one goes in front of (in the old numbering).
        if not self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), target + 1 if step > 0 else target):
            return row
        self.rows.insert(target, self.rows.pop(row))
        self.endMoveRows()
        self.edited.emit()
        return target

    # --- QAbstractTableModel -----------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.titles)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(self.titles):
                return self.titles[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in (COL_LABEL, COL_HINT):
            flags |= Qt.ItemFlag.ItemIsEditable
        if index.column() == COL_REQUIRED:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if column == COL_REQUIRED:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if row.required else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.DisplayRole:
                return tr("required") if row.required else ""
            if role == Qt.ItemDataRole.ToolTipRole:
                return tr("A part is not signed while this field is blank. Space ticks or clears it.")
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return {COL_LABEL: row.label, COL_HINT: row.hint, COL_KEY: row.key}.get(column)
        if role == KEY_ROLE:
            return row.key
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_KEY:
                return (
                    tr("New: the key follows the label until you save.")
                    if row.new
                    else tr("Notes store this field's text under its key, so it does not change.")
                )
            return tr("Double-click or press F2 to edit.")
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid():
            return False
        if index.column() == COL_REQUIRED and role == Qt.ItemDataRole.CheckStateRole:
            self.set_required(index.row(), Qt.CheckState(value) == Qt.CheckState.Checked)
            return True
        if role != Qt.ItemDataRole.EditRole or index.column() not in (COL_LABEL, COL_HINT):
            return False
        row = self.rows[index.row()]
        text = str(value or "")
        if index.column() == COL_LABEL:
            row.label = text
            if row.new:
                others = [r.key for r in self.rows if r is not row]
                row.key = new_field_key(text, others)
        else:
            row.hint = text
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(self.titles) - 1))
        self.edited.emit()
        return True
