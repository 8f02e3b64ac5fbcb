"""Client information leaving the program (an export or a printout): allowed, then written down.

42 CFR Part 2 wants an account of who exported or printed what; this is where
every report, export and printout says so. The UI calls ``disclosed`` when it
prints or saves a PDF it drew itself; the CSV exports call it for their files.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from iopdesk.domain.kernel import audit, settings
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.declared_settings import DECLARED
from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.domain.kernel.permissions import REPORT_EXPORT, require

HOW = (audit.EXPORT, audit.PRINT)


def allowed(actor: Actor, report: str, *, client_id: UUID | None = None) -> None:
    """Refuse before any work is done when the actor may not take client information out."""
    require(actor, REPORT_EXPORT, client_id=client_id, record_type="report", record_id=report)


def disclosed(actor: Actor, how: str, report: str, *, client_id: UUID | None = None, **details: Any) -> None:
    """Record that ``report`` (e.g. "attendance", "hours", "roster", "sign_in_sheet") was exported or
    printed, with what it covered (dates, group, row count; never note text)."""
    if how not in HOW:
        raise ValidationError(f"{how!r} is not a way of disclosing a report.", field="how")
    allowed(actor, report, client_id=client_id)
    # Committed before the file is handed over; on a full disk or a read-only database it is kept
    # in the key file instead, and if it cannot be kept at all the export stops here.
    audit.record_read(
        actor, how, client_id=client_id, record_type="report", record_id=report, changes=details
    )


def notice() -> str:
    """The clinic's Part 2 notice, for a disclosure drawn outside the reports (typing rescued to a
    file); the shipped § 2.32 text when the database cannot be read, which is when typing is rescued."""
    try:
        return str(settings.get("part2_notice"))
    except Exception:  # the database failing must not take the notice off what leaves
        return str(DECLARED["part2_notice"].default)
