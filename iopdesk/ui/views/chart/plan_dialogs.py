"""Opening the treatment-plan editor and a plan review over any screen (the chart, Today).

Each opens its dialog modally and returns once it is closed; the caller then reads again what it
shows. ``prompts`` lets a test drive the dialog (iopdesk.ui.kit.prompts); the program passes none.
"""

from __future__ import annotations

from uuid import UUID

from PySide6.QtWidgets import QWidget

from iopdesk.domain.kernel.actor import Actor
from iopdesk.ui.kit.prompts import Prompts


def open_plan_editor(parent: QWidget, actor: Actor, client_id: UUID, prompts: Prompts | None = None) -> None:
    """The client's treatment plan: its versions, the draft to write, signing, a new version."""
    from iopdesk.ui.views.chart.plan_editor import PlanEditorDialog

    prompts = prompts or Prompts()
    prompts.run(PlanEditorDialog(parent, actor, client_id, prompts))


def open_plan_review(parent: QWidget, actor: Actor, client_id: UUID, prompts: Prompts | None = None) -> None:
    """A review of the client's plan in force: the draft being written, or a new one."""
    from iopdesk.ui.views.chart.plan_review import PlanReviewDialog

    prompts = prompts or Prompts()
    prompts.run(PlanReviewDialog(parent, actor, client_id, prompts))
