"""Who came to a family session: a small editable list of names and relationships.

The model holds plain (name, relationship) pairs being typed; nothing is saved
until the dialog's Save hands them to the domain (``set_family_members`` or
``schedule_client_session``), which checks them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from iopdesk.ui.kit.actions import EnterPresses
from iopdesk.ui.kit.submit_dialog import SubmitDialog

Index = QModelIndex | QPersistentModelIndex
COL_NAME, COL_RELATIONSHIP = 0, 1


def tr(text: str) -> str:
    return QCoreApplication.translate("family_members", text)


class FamilyMembersModel(QAbstractTableModel):
    """Editable rows of [name, relationship]."""

    def __init__(self, members: Sequence[tuple[str, str]] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self.members: list[list[str]] = [[n, r] for n, r in members]

    def kept_value(self) -> tuple[tuple[str, str], ...]:
        """What closing the dialog would lose (kit/keep_typing.py)."""
        return tuple(self.pairs())

    def pairs(self) -> list[tuple[str, str]]:
        """What was typed, leaving out rows left wholly empty."""
        return [(n, r) for n, r in self.members if n.strip() or r.strip()]

    def add_row(self) -> int:
        row = len(self.members)
        self.beginInsertRows(QModelIndex(), row, row)
        self.members.append(["", ""])
        self.endInsertRows()
        return row

    def remove_row(self, row: int) -> None:
        if 0 <= row < len(self.members):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.members[row]
            self.endRemoveRows()

    # --- QAbstractTableModel -----------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.members)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 2

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.members):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self.members[index.row()][index.column()]
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or index.row() >= len(self.members):
            return False
        self.members[index.row()][index.column()] = str(value or "")
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (tr("Name"), tr("Relationship"))[section] if section in (0, 1) else None
        return None


class FamilyMembersEditor(QWidget):
    """The list with Add and Remove buttons under it."""

    def __init__(self, members: Sequence[tuple[str, str]] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = FamilyMembersModel(members, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(tr("Family members present"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        # Tab leaves the list for its buttons (arrows move in it); in an open cell Tab still keeps
        # what was typed and opens the next one.
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(110)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(tr("Add a person"))
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_person)
        self.remove_button = QPushButton(tr("Remove"))
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(self.remove_person)
        # Not auto-default (Enter in the list keeps a cell, then saves the dialog); Enter on the
        # button Tab reached presses it, where the dialog's Save took it before.
        EnterPresses(self.add_button, self.remove_button)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def add_person(self) -> None:
        row = self.model.add_row()
        index = self.model.index(row, COL_NAME)
        self.table.setCurrentIndex(index)
        self.table.setFocus()
        self.table.edit(index)

    def remove_person(self) -> None:
        self.model.remove_row(self.table.currentIndex().row())

    def pairs(self) -> list[tuple[str, str]]:
        return self.model.pairs()


class FamilyMembersDialog(SubmitDialog):
    """Change who came to a family session that is already scheduled."""

    def __init__(
        self,
        parent: QWidget,
        title: str,
        members: Sequence[tuple[str, str]],
        submit: Callable[[list[tuple[str, str]]], str | None],
        session_id: UUID | None = None,
    ) -> None:
        super().__init__(parent, tr("Family members present"), about=title)
        self.session_id = session_id
        self.submit = submit
        self.editor = FamilyMembersEditor(members, self)
        hint = QLabel(tr("Name and relationship to the client of each person who came."))
        hint.setObjectName("viewSubtitle")
        hint.setWordWrap(True)
        self.form.addRow(hint)
        self.form.addRow(self.editor)
        self.editor.table.setFocus()
        self.keep_typing_in(self.editor.table)

    def attempt(self) -> str | None:
        return self.submit(self.editor.pairs())
