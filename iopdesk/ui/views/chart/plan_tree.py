"""The plan as a tree model: problems → goals → objectives → interventions, three columns.

The model holds the plan's frozen content and rebuilds its nodes when the content changes (a plan
is a few dozen items); the view is kept where it was by item id (``index_of``). A custom role
gives each row's item id and another its item (Problem, Goal, Objective or Intervention).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

from iopdesk.domain.care.note_goals import GoalNoteRef
from iopdesk.domain.care.plan_content import Goal, Intervention, Objective, PlanContent, Problem
from iopdesk.ui.kit.formatting import (
    date_text,
    plural,  # noqa: F401 - this screen's modules import it from here
)
from iopdesk.ui.kit.rows import ID_ROLE, ROW_ROLE
from iopdesk.ui.views.chart.plan_edits import Item, children

ITEM_COLUMN, DETAIL_COLUMN, NOTES_COLUMN = 0, 1, 2
Index = QModelIndex | QPersistentModelIndex


def tr(text: str) -> str:
    return QCoreApplication.translate("plan", text)


def kind_name(item: Item | type) -> str:
    kind = item if isinstance(item, type) else type(item)
    return {
        Problem: tr("problem"),
        Goal: tr("goal"),
        Objective: tr("objective"),
        Intervention: tr("intervention"),
    }[kind]


def item_title(item: Item, number: int) -> str:
    """ "Goal 2: Stay abstinent …": what the tree's first column says."""
    if isinstance(item, Intervention):
        return item.service_label or tr("Intervention (service not chosen)")
    text = item.text or tr("(not written yet)")
    words = {
        Problem: tr("Problem {n}: {text}"),
        Goal: tr("Goal {n}: {text}"),
        Objective: tr("Objective {n}: {text}"),
    }
    return words[type(item)].format(n=number, text=text)


def item_detail(item: Item) -> str:
    if isinstance(item, Problem):
        return plural(len(item.goals), tr("1 goal"), tr("{n} goals"))
    if isinstance(item, Goal):
        return tr("“{words}”").format(words=item.client_words) if item.client_words else ""
    if isinstance(item, Objective):
        return (
            tr("by {day}").format(day=date_text(item.target_date))
            if item.target_date
            else tr("no target date")
        )
    who = item.responsible_name or tr("no one responsible yet")
    return " · ".join(p for p in (item.frequency or tr("how often not said"), who) if p)


class _Node:
    __slots__ = ("item", "parent", "row", "children")

    def __init__(self, item: Item, parent: _Node | None, row: int) -> None:
        self.item = item
        self.parent = parent
        self.row = row
        self.children: list[_Node] = []


class PlanTreeModel(QAbstractItemModel):
    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.content = PlanContent()
        self.notes: Mapping[Any, Sequence[GoalNoteRef]] = {}
        self.roots: list[_Node] = []
        self.by_id: dict[Any, _Node] = {}

    def set_content(
        self, content: PlanContent, notes: Mapping[Any, Sequence[GoalNoteRef]] | None = None
    ) -> None:
        self.beginResetModel()
        self.content = content
        if notes is not None:
            self.notes = notes
        self.by_id = {}
        self.roots = self._nodes(None, None)
        self.endResetModel()

    def _nodes(self, item: Item | None, parent: _Node | None) -> list[_Node]:
        out = []
        for row, child in enumerate(children(item, self.content)):
            node = _Node(child, parent, row)
            node.children = self._nodes(child, node)
            self.by_id[child.id] = node
            out.append(node)
        return out

    # --- lookups ---------------------------------------------------------------------
    def item_at(self, index: Index) -> Item | None:
        node = self._node(index)
        return node.item if node is not None else None

    def parent_item(self, index: Index) -> Item | None:
        node = self._node(index)
        return node.parent.item if node is not None and node.parent is not None else None

    def index_of(self, item_id: Any, column: int = 0) -> QModelIndex:
        node = self.by_id.get(item_id)
        return self.createIndex(node.row, column, node) if node is not None else QModelIndex()

    def goal_of(self, index: Index) -> Goal | None:
        """The goal the row is, or lies under (None for a problem)."""
        node = self._node(index)
        while node is not None and not isinstance(node.item, Goal):
            node = node.parent
        return node.item if node is not None else None  # type: ignore[return-value]

    def notes_of(self, goal: Goal | None) -> Sequence[GoalNoteRef]:
        return self.notes.get(goal.id, ()) if goal is not None else ()

    def _node(self, index: Index) -> _Node | None:
        if not index.isValid():
            return None
        node = index.internalPointer()
        return node if isinstance(node, _Node) else None

    # --- QAbstractItemModel ------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not 0 <= column < 3:
            return QModelIndex()
        siblings = self.roots if not parent.isValid() else self._children_of(parent)
        if not 0 <= row < len(siblings):
            return QModelIndex()
        return self.createIndex(row, column, siblings[row])

    def _children_of(self, parent: Index) -> list[_Node]:
        node = self._node(parent)
        return node.children if node is not None and parent.column() == 0 else []

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        node = self._node(index)
        if node is None or node.parent is None:
            return QModelIndex()
        return self.createIndex(node.parent.row, 0, node.parent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return len(self.roots) if not parent.isValid() else len(self._children_of(parent))

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 3

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self._node(index)
        if node is None:
            return None
        item, column = node.item, index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == ITEM_COLUMN:
                title = item_title(item, node.row + 1)
                if role == Qt.ItemDataRole.ToolTipRole and isinstance(item, Intervention) and item.detail:
                    return f"{title}\n{item.detail}"
                return title
            if column == DETAIL_COLUMN:
                return item_detail(item)
            if column == NOTES_COLUMN and isinstance(item, Goal):
                count = len(self.notes.get(item.id, ()))
                return plural(count, tr("1 note"), tr("{n} notes")) if count else ""
            return ""
        if role == ID_ROLE:
            return item.id
        if role == ROW_ROLE:
            return item
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return (tr("Plan"), tr("Details"), tr("Addressed in"))[section] if 0 <= section < 3 else None
        return None
