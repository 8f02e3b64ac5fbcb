"""Who works with a client: the caseload and supervision conditions the permission checks rest on.

They live apart from permissions.py because they are query builders over the clinic's records (who
is a client's primary counselor, leads their group, saw them, wrote about them, is on their team,
screened them), while permissions.py keeps the rules about roles and actions and only asks here
whether a client is within reach. Moved out when permissions.py passed 400 lines, unchanged but
for the two condition builders losing their leading underscore now that permissions.py imports them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from peewee import JOIN, SQL, Expression, Select, fn

from iopdesk.domain.kernel import clock
from iopdesk.domain.kernel.actor import Actor
from iopdesk.store.care_models import Screening, TeamMember
from iopdesk.store.models import (
    Attendance,
    Client,
    Enrollment,
    GroupFacilitator,
    Note,
    Session,
    Staff,
    TherapyGroup,
)


def in_caseload(staff_id: UUID, client_id: UUID, today: dt.date | None = None) -> bool:
    """The client's primary counselor, on their treatment team ``today``, their intake screener, or
    one who leads their group, saw them, or wrote about them."""
    return (
        Client.select(Client.id)
        .where((Client.id == client_id) & caseload_condition(staff_id, Client.id, today))
        .exists()
    )


def supervises_client(actor: Actor, client_id: UUID) -> bool:
    """A client of the supervisor's site (home site or a group there), or of a supervisee."""
    return (
        Client.select(Client.id)
        .where((Client.id == client_id) & supervised_condition(actor, Client.id))
        .exists()
    )


def caseload_condition(staff: UUID | Select, column: Any, today: dt.date | None = None) -> Expression:
    """Clients of ``staff`` (one staff id, or a query of them): as primary counselor, as a
    facilitator of a group they are in (not only waiting for), by a session they led (group or
    individual), by a note they wrote, as a member of their treatment team on ``today`` (default:
    the clock's date), or by a screening they did (the intake clinician). Each test is one indexed
    look-up per client; the cheap ones come first (an OR stops at the first that holds)."""

    def by(field: Any) -> Expression:
        return field.in_(staff) if isinstance(staff, Select) else field == staff

    day = today or clock.site_today(None)
    tm, sc = TeamMember.alias(), Screening.alias()

    c, e, gf, s, a, sa, n = (
        Client.alias(),
        Enrollment.alias(),
        GroupFacilitator.alias(),
        Session.alias(),
        Attendance.alias(),
        Session.alias(),
        Note.alias(),
    )
    return (
        fn.EXISTS(c.select(SQL("1")).where((c.id == column) & by(c.primary_counselor)))
        | fn.EXISTS(
            e.select(SQL("1"))
            .join(gf, on=(gf.group == e.group))
            .where(
                (e.client == column)
                & by(gf.staff)
                & gf.removed_at.is_null()  # a removed facilitator reads nothing by the link
                & (e.status != "wait_listed")
                & e.retired_at.is_null()
            )
        )
        | fn.EXISTS(s.select(SQL("1")).where((s.client == column) & by(s.facilitator)))
        | fn.EXISTS(n.select(SQL("1")).where((n.client == column) & by(n.author)))
        | fn.EXISTS(
            tm.select(SQL("1")).where(
                (tm.client == column)
                & by(tm.staff)
                & tm.retired_at.is_null()
                & (tm.start_on <= day)
                & (tm.end_on.is_null() | (tm.end_on >= day))
            )
        )
        | fn.EXISTS(
            sc.select(SQL("1")).where((sc.client == column) & by(sc.author) & sc.retired_at.is_null())
        )
        # CROSS JOIN keeps this client's marks as the outer loop: looking up every session the
        # staff member ever led instead would grow with the years.
        | fn.EXISTS(
            a.select(SQL("1"))
            .join(sa, JOIN.CROSS)
            .where((a.session == sa.id) & (a.client == column) & by(sa.facilitator))
        )
    )


def supervised_condition(actor: Actor, column: Any) -> Expression:
    c, e, g, st = Client.alias(), Enrollment.alias(), TherapyGroup.alias(), Staff.alias()
    supervisees = st.select(st.id).where(st.supervisor == actor.staff_id)
    return (
        fn.EXISTS(c.select(SQL("1")).where((c.id == column) & (c.home_site == actor.site_id)))
        | fn.EXISTS(
            e.select(SQL("1"))
            .join(g, on=(e.group == g.id))
            .where((e.client == column) & (g.site == actor.site_id))
        )
        | caseload_condition(supervisees, column)
    )
