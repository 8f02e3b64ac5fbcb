"""The Audit view: the trail of who viewed, changed, printed or exported what (supervisors, auditors)."""

from __future__ import annotations

from iopdesk.domain.kernel.actor import Actor
from iopdesk.ui.views.audit.view import AuditView

__all__ = ["AuditView", "make_audit_view"]


def make_audit_view(actor: Actor) -> AuditView:
    return AuditView(actor)
