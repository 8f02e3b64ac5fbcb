"""Enrolling past a warning: a keep-apart note, or a group kept for the other population (adults /
adolescents). Show who and why, and go ahead only if the counselor says so.

The domain takes one acknowledgement for both (``acknowledge_warnings``) and checks the population
first, so the population question also names any keep-apart partner already in the group: saying
yes to it must not pass a keep-apart note unseen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from PySide6.QtWidgets import QWidget

from iopdesk.domain.enrollment.keep_apart import KeepApartConflict, KeepApartWarning
from iopdesk.domain.enrollment.placement import PopulationWarning
from iopdesk.ui.kit.formatting import tr
from iopdesk.ui.kit.prompts import Prompts

T = TypeVar("T")
Conflicts = Callable[[], Sequence[KeepApartConflict]]


def conflict_lines(conflicts: Sequence[KeepApartConflict]) -> list[str]:
    lines = []
    for c in conflicts:
        line = f"• {c.other_name} — {tr(c.reason_label)}"
        if c.comment:
            line += f" ({c.comment})"
        lines.append(line)
    return lines


def warning_text(warning: KeepApartWarning) -> str:
    lines = [tr("This group has a member this client should be kept apart from:"), ""]
    lines += conflict_lines(warning.conflicts)
    lines += ["", tr("Go ahead only if the team has agreed.")]
    return "\n".join(lines)


def population_text(warning: PopulationWarning, conflicts: Sequence[KeepApartConflict]) -> str:
    lines = [tr(str(warning))]
    if conflicts:
        lines += ["", tr("The group also has a member this client should be kept apart from:"), ""]
        lines += conflict_lines(conflicts)
    return "\n".join(lines)


def past_warnings(
    prompts: Prompts, parent: QWidget, call: Callable[[bool], T], conflicts: Conflicts | None = None
) -> T | None:
    """``call(acknowledge_warnings)``; on a warning ask, then call again or return None.

    ``conflicts`` lists the keep-apart partners the enrollment would meet (asked only when the
    population warning comes first, so that one question covers both).
    """
    try:
        return call(False)
    except PopulationWarning as warning:
        found = list(conflicts()) if conflicts is not None else []
        if not prompts.confirm(
            parent, tr("A group for another population"), population_text(warning, found), tr("Enroll anyway")
        ):
            return None
        return call(True)
    except KeepApartWarning as warning:
        if not prompts.confirm(parent, tr("Keep-apart note"), warning_text(warning), tr("Go ahead anyway")):
            return None
        return call(True)
