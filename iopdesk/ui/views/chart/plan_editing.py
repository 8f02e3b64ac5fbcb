"""What the plan editor's helper (``plan_actions.PlanActions``) may use of the editor dialog.

The dialog owns the helper; the helper sees the dialog only through this, so neither imports the
other in a loop.
"""

from __future__ import annotations

from typing import Protocol
from uuid import UUID

from PySide6.QtWidgets import QLabel, QTreeView, QWidget

from iopdesk.domain.care.plans import PlanVersionView
from iopdesk.ui.kit.feedback import FeedbackLine
from iopdesk.ui.kit.prompts import Prompts
from iopdesk.ui.views.chart.plan_tree import PlanTreeModel
from iopdesk.ui.views.chart.plan_work import PlanWork


class PlanEditing(Protocol):
    work: PlanWork
    prompts: Prompts
    tree: QTreeView
    model: PlanTreeModel
    feedback: FeedbackLine
    keys: QLabel
    shown: PlanVersionView | None

    def as_parent(self) -> QWidget: ...

    def say(self, text: str, *, done: bool = False) -> None: ...

    def refresh(self, plan_id: UUID | None, select: UUID | None = None) -> None: ...

    def show_version(self, view: PlanVersionView | None, select: UUID | None = None) -> None: ...

    def show_content(self, view: PlanVersionView, select: UUID | None) -> None: ...
