"""The Chart screen: one client's treatment in sections (issue 15).

- view                The layout: choose a client, then the header, the episode shown and the sections.
- sections, models    The sections' widgets (one tab each) and their tables' columns.
- filling, texts      Filling the sections from the domain's views; records shown as read-only text.
- controller          ChartController: opens a chart, loads each section when first shown.
- commands            The actions: keys, buttons, who is offered what, and running each one.
- screening_dialog    Intake screening: criteria, ASAM dimensions, the recommendation, signing.
- admission_dialogs   Admitting and re-admitting; changing the admission terms.
- team_dialogs        Adding to the treatment team, ending a place, removing one entered by mistake.
- discharge_dialogs   The discharge: reason and date, the summary, aftercare, signing.
- sign_dialog         "I, NAME, sign …" with the password; co-signing and returning for changes.
- print_dialog        Print chart…: the chart PDF, audited before it is written.
- plan_dialogs        Opening the plan editor (plan_editor) and a plan review (plan_review).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iopdesk.domain.kernel.actor import Actor

if TYPE_CHECKING:
    from iopdesk.ui.kit.prompts import Prompts
    from iopdesk.ui.views.chart.controller import ChartController


def build(actor: Actor, prompts: Prompts | None = None) -> ChartController:
    """The view, then the controller that owns it."""
    from iopdesk.ui.views.chart.controller import ChartController
    from iopdesk.ui.views.chart.view import ChartView

    return ChartController(ChartView(), actor, prompts)
