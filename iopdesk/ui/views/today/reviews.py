"""Today's "Plan reviews due": the treatment-plan reviews of the counselor's caseload falling due
within the clinic's notice, or overdue, soonest first (iopdesk.domain.care.review_due).

The list shows only when something is due, on today's page; Enter on a line opens that client's
review (iopdesk.ui.views.chart.plan_dialogs), and the list is read again once it closes.
"""

from __future__ import annotations

import datetime as dt

from iopdesk.domain.care import review_due
from iopdesk.domain.care.review_due import ReviewDue
from iopdesk.domain.kernel import permissions
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.ui.kit.formatting import date_text
from iopdesk.ui.kit.rows import Column, RowsModel
from iopdesk.ui.views.today.models import tr

OVERDUE_COLOUR = "#40b5651d"  # the alerts' accent, faint


def when_text(due: ReviewDue) -> str:
    days = due.days_overdue
    if days > 0:
        return (tr("1 day overdue") if days == 1 else tr("{n} days overdue")).format(n=days)
    if days == 0:
        return tr("due today")
    return (tr("in 1 day") if days == -1 else tr("in {n} days")).format(n=-days)


def review_columns() -> list[Column[ReviewDue]]:
    return [
        Column(tr("Client"), lambda r: r.client_name),
        Column(tr("Chart"), lambda r: r.chart_number),
        Column(tr("Due"), lambda r: date_text(r.due_on), sort=lambda r: r.due_on),
        Column(
            tr("When"),
            when_text,
            sort=lambda r: -r.days_overdue,
            colour=lambda r: OVERDUE_COLOUR if r.overdue else None,
        ),
        Column(
            tr("Last review"),
            lambda r: date_text(r.last_reviewed_on) if r.last_reviewed_on else tr("none yet"),
        ),
        Column(tr("Plan"), lambda r: tr("version {n}").format(n=r.plan_number)),
        Column(tr("Primary counselor"), lambda r: r.primary_counselor_name),
    ]


def reviews_model(parent=None) -> RowsModel[ReviewDue]:  # type: ignore[no-untyped-def]
    return RowsModel(review_columns(), lambda r: r.plan_id, parent)


def due_reviews(actor: Actor, day: dt.date, today: dt.date) -> tuple[ReviewDue, ...]:
    """The reviews due, when the page shows today and the actor reads charts (else none)."""
    if day != today or not permissions.can(actor, permissions.CARE_READ):
        return ()
    try:
        return review_due.reviews_due(actor, today=today)
    except DomainError:
        return ()
