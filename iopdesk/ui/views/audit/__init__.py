"""The Audit screen: the trail of who viewed, changed, printed or exported what (supervisors, auditors).

- view           The layout: filters on top, the entries below, the chain check and export.
- models         The entries' columns and the actions one can filter by.
- controller     AuditController: reads the trail with the chosen filters, checks the chain, exports.
- client_dialog  Choosing the client whose entries to show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iopdesk.domain.kernel.actor import Actor

if TYPE_CHECKING:
    from iopdesk.ui.kit.prompts import Prompts
    from iopdesk.ui.views.audit.controller import AuditController


def build(actor: Actor, prompts: Prompts | None = None) -> AuditController:
    """The view, then the controller that owns it."""
    from iopdesk.ui.views.audit.controller import AuditController
    from iopdesk.ui.views.audit.view import AuditView

    return AuditController(AuditView(), actor, prompts)
