"""Offer only what the signed-in person may do: an action their role cannot take is shown
unavailable, with the reason where they look for it (tooltip, status tip), or left out.

The reason is the domain's own (``permissions.refusal``), so the screen and the
refusal the domain would give say the same thing. Hiding a button is not the
access control: every domain operation still checks ``permissions.require``.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from iopdesk.domain.kernel import permissions
from iopdesk.domain.kernel.actor import Actor


def refusal(actor: Actor, *actions: str) -> str | None:
    """Why ``actor`` may not do the first of ``actions`` they are refused; None when all are allowed."""
    for action in actions:
        reason = permissions.refusal(actor, action)
        if reason is not None:
            return reason
    return None


def offer(target: QAction | QWidget, actor: Actor, *actions: str) -> bool:
    """Disable ``target`` with the reason when ``actor`` may not do all of ``actions``; True when allowed.

    A controller that enables the target later for other reasons (a row chosen)
    combines that with what this returned.
    """
    reason = refusal(actor, *actions)
    if reason is None:
        return True
    target.setEnabled(False)
    target.setToolTip(reason)
    target.setStatusTip(reason)
    if isinstance(target, QAction):
        target.setWhatsThis(reason)
    return False
