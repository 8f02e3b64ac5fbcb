"""The two lists among the clinic settings, each edited in its own small window and saved by the care
domain's own call, which checks the entries: the intake suitability criteria
(``care.suitability.set_criteria``; a criterion's key is what screenings store their answers
under, so a saved key never changes and a new one is made from the wording) and the levels of care
(``care.admission.set_levels``; a level in use by a client in care stays).

Keys: type (or F2) in a cell to change it and Enter to keep it; Enter on the list saves it (Ctrl+Enter
from a cell), Escape leaves it unchanged (asking first once the list was changed); Alt+A adds, Alt+R
removes, Alt+U / Alt+D move an entry.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QPushButton, QTableView, QWidget

from iopdesk.domain.care import admission, suitability
from iopdesk.domain.care.common import levels
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.ui.kit.sections import button_row
from iopdesk.ui.kit.submit_dialog import SubmitDialog
from iopdesk.ui.views.settings.sections import tr

Index = QModelIndex | QPersistentModelIndex


@dataclass
class Entry:
    first: str
    second: str
    saved: bool  # listed when the window opened (a criterion's key then never changes)


class EntriesModel(QAbstractTableModel):
    """Entries of two texts; ``fixed_first`` keeps the first text of saved entries as it is."""

    def __init__(
        self, titles: tuple[str, str], fixed_first: bool, blank_first: str, parent: Any = None
    ) -> None:
        super().__init__(parent)
        self.titles = titles
        self.fixed_first = fixed_first
        self.blank_first = blank_first  # what an empty first text shows ("made from the wording")
        self.rows: list[Entry] = []

    def set_entries(self, pairs: Sequence[tuple[str, str]]) -> None:
        self.beginResetModel()
        self.rows = [Entry(a, b, True) for a, b in pairs]
        self.endResetModel()

    def entries(self) -> list[tuple[str, str]]:
        return [(e.first, e.second) for e in self.rows]

    def kept_value(self) -> tuple[tuple[str, str], ...]:
        """The list as it stands, for the question before changes are lost (kit/keep_typing.py)."""
        return tuple(self.entries())

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 2

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and section < 2:
            return self.titles[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        entry = self.rows[index.row()]
        text = entry.first if index.column() == 0 else entry.second
        if role == Qt.ItemDataRole.DisplayRole:
            return text or (self.blank_first if index.column() == 0 else "")
        if role == Qt.ItemDataRole.EditRole:
            return text
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0 and self._fixed(entry):
            return tr("Screenings store their answers under this key: it does not change.")
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if not index.isValid():
            return base
        if index.column() == 0 and self._fixed(self.rows[index.row()]):
            return base
        return base | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if (
            role != Qt.ItemDataRole.EditRole
            or not index.isValid()
            or not self.flags(index) & Qt.ItemFlag.ItemIsEditable
        ):
            return False
        entry = self.rows[index.row()]
        if index.column() == 0:
            entry.first = str(value)
        else:
            entry.second = str(value)
        self.dataChanged.emit(index, index)
        return True

    def _fixed(self, entry: Entry) -> bool:
        return self.fixed_first and entry.saved

    def add(self) -> int:
        row = len(self.rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self.rows.append(Entry("", "", False))
        self.endInsertRows()
        return row

    def remove(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.rows[row]
            self.endRemoveRows()

    def move(self, row: int, delta: int) -> int:
        target = row + delta
        if not (0 <= row < len(self.rows) and 0 <= target < len(self.rows)):
            return row
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), target + (1 if delta > 0 else 0))
        self.rows.insert(target, self.rows.pop(row))
        self.endMoveRows()
        return target


class ListDialog(SubmitDialog):
    """One list: its entries in a table, buttons to add, remove and reorder, Save runs ``save``."""

    def __init__(
        self,
        parent: QWidget,
        title: str,
        intro: str,
        model: EntriesModel,
        save: Callable[[list[tuple[str, str]]], object],
        edit_column: int,
    ) -> None:
        super().__init__(parent, title, tr("Save the list"), min_width=620)
        self.save = save
        self.edit_column = edit_column  # where a new entry's typing starts
        words = QLabel(intro)
        words.setWordWrap(True)
        self.form.addRow(words)
        self.model = model
        self.table = QTableView()
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; arrows move in it
        self.table.verticalHeader().hide()
        self.table.setAccessibleName(title)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setMinimumHeight(240)
        self.form.addRow(self.table)
        self.add_button = QPushButton(tr("&Add"))
        self.remove_button = QPushButton(tr("&Remove"))
        self.up_button = QPushButton(tr("Move &up"))
        self.down_button = QPushButton(tr("Move &down"))
        self.add_button.clicked.connect(self.add_entry)
        self.remove_button.clicked.connect(self.remove_entry)
        self.up_button.clicked.connect(lambda: self.move_entry(-1))
        self.down_button.clicked.connect(lambda: self.move_entry(1))
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            button.setAutoDefault(False)  # Enter saves the list, whichever button has the focus
        self.form.addRow(button_row(self.add_button, self.remove_button, self.up_button, self.down_button))
        keys = QLabel(
            tr("Type or F2 to change a cell, Enter to keep it · Enter again saves the list · Esc cancels")
        )
        keys.setObjectName("viewSubtitle")
        keys.setWordWrap(True)  # at 150 % it is wider than a 1280 screen allows the dialog
        self.form.addRow(keys)
        if model.rowCount():
            self.table.setCurrentIndex(model.index(0, edit_column))
        self.table.setFocus()
        self.keep_typing_in(self.table)  # entries added, renamed or moved: Escape asks first

    def current_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def add_entry(self) -> None:
        row = self.model.add()
        index = self.model.index(row, self.edit_column)
        self.table.setCurrentIndex(index)
        self.table.setFocus()
        self.table.edit(index)

    def remove_entry(self) -> None:
        row = self.current_row()
        self.model.remove(row)
        if self.model.rowCount():
            self.table.setCurrentIndex(
                self.model.index(min(row, self.model.rowCount() - 1), self.edit_column)
            )
        self.table.setFocus()

    def move_entry(self, delta: int) -> None:
        row = self.model.move(self.current_row(), delta)
        self.table.setCurrentIndex(self.model.index(row, self.edit_column))
        self.table.setFocus()

    def attempt(self) -> str | None:
        try:
            self.save(self.model.entries())
        except DomainError as exc:
            return str(exc)
        return None


def criteria_dialog(parent: QWidget, actor: Actor) -> ListDialog:
    model = EntriesModel((tr("Key"), tr("Criterion")), True, tr("(made from the wording)"))
    shown = suitability.criteria()  # what a save is based on: changed elsewhere since, it is refused
    model.set_entries([(c.key, c.label) for c in shown])
    return ListDialog(
        parent,
        tr("Intake suitability criteria"),
        tr(
            "The conditions under which the intensive outpatient program suits a client, asked at intake "
            "screening. Screenings already started keep the criteria they were started with."
        ),
        model,
        lambda entries: suitability.set_criteria(actor, entries, based_on=shown),
        1,
    )


def levels_dialog(parent: QWidget, actor: Actor) -> ListDialog:
    model = EntriesModel((tr("Code"), tr("Level of care")), False, "")
    shown = levels()  # what a save is based on: changed elsewhere since, it is refused
    model.set_entries(list(shown.items()))
    return ListDialog(
        parent,
        tr("Levels of care"),
        tr(
            "The levels of care a client is admitted at (ASAM codes; the 4th edition re-cut some levels). "
            "A level clients are in care at now stays in the list."
        ),
        model,
        lambda entries: admission.set_levels(actor, entries, based_on=shown),
        0,
    )


LIST_DIALOGS: dict[str, Callable[[QWidget, Actor], ListDialog]] = {
    "screening_criteria": criteria_dialog,
    "levels_of_care": levels_dialog,
}
