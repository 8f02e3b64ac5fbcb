"""Keep-apart warnings: show who and why, and go ahead only if the counselor says so."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QWidget

from iopdesk.domain.enrollment.keep_apart import KeepApartWarning
from iopdesk.ui.kit.formatting import tr
from iopdesk.ui.kit.prompts import Prompts

T = TypeVar("T")


def warning_text(warning: KeepApartWarning) -> str:
    lines = [tr("This group has a member this client should be kept apart from:"), ""]
    for c in warning.conflicts:
        line = f"• {c.other_name} — {tr(c.reason_label)}"
        if c.comment:
            line += f" ({c.comment})"
        lines.append(line)
    lines += ["", tr("Go ahead only if the team has agreed.")]
    return "\n".join(lines)


def past_keep_apart(prompts: Prompts, parent: QWidget, call: Callable[[bool], T]) -> T | None:
    """``call(acknowledge_warnings)``; on a keep-apart warning ask, then call again or return None."""
    try:
        return call(False)
    except KeepApartWarning as warning:
        if not prompts.confirm(parent, tr("Keep-apart note"), warning_text(warning), tr("Go ahead anyway")):
            return None
        return call(True)
