"""TEMPORARY seam: the treatment-plan editor and plan reviews are built separately (issue 15, part B),
which replaces this module with its own of the same name and the same two functions.

Until then both say so: the chart catches NotImplementedError and tells the person in a message
box that plan editing arrives with the plan editor.
"""

from __future__ import annotations

from uuid import UUID

from PySide6.QtWidgets import QWidget

from iopdesk.domain.kernel.actor import Actor

NOT_YET = "Plan editing arrives with the plan editor."


def open_plan_editor(parent: QWidget, actor: Actor, client_id: UUID) -> None:
    """Write or revise the client's treatment plan (returns once the editor is closed)."""
    raise NotImplementedError(NOT_YET)


def open_plan_review(parent: QWidget, actor: Actor, client_id: UUID) -> None:
    """Review the plan in force (returns once the review dialog is closed)."""
    raise NotImplementedError(NOT_YET)
