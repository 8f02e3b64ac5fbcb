"""Builders for the notes tests: a group session with members, and the staff who write notes.

Built on tests/support/factories.py; every name here is made up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from iopdesk.domain import notes
from iopdesk.domain.kernel.actor import Actor
from iopdesk.store.models import Attendance, Client, Note, Session, Staff, TherapyGroup, utcnow
from tests.support import factories as f

DAY = dt.date(2025, 3, 10)  # a Monday in the past

# What the shipped formats require in each member's part before it is signed (risk, use / abstinence),
# worded so that the names check finds nothing in it.
REQUIRED_TEXT = {
    "risk": "no suicidal or homicidal thoughts; safety plan current.",
    "use_since_last": "abstinent since the last session.",
}


def require_nothing(actor: Actor, note_format: str = "DAP") -> None:
    """The clinic's copy of a format with no field required (the clinic may choose that)."""
    from iopdesk.domain.notes.body import default_template

    shipped = default_template(note_format)

    def fields(part: tuple) -> list[dict[str, str]]:  # type: ignore[type-arg]
        return [{"key": fd.key, "label": fd.label, "hint": fd.hint} for fd in part]

    notes.save_template(actor, note_format, {
        "format": note_format, "title": shipped.title, "member_hint": shipped.member_hint,
        "shared_fields": fields(shipped.shared_fields), "member_fields": fields(shipped.member_fields),
    })


def fill_required(who: Actor, note_id: object) -> None:
    """Write the required fields of a member's part, as its writer must before signing it."""
    row = Note.get_by_id(note_id)
    if row.client_id is not None:
        notes.save_draft(who, row.id, dict(REQUIRED_TEXT), row.version)


@dataclass
class GroupSetup:
    group: TherapyGroup
    session: Session
    members: list[Client]


def writer(actor: Actor, name: str = "Casey Counselor", *, needs_cosign: bool = False,
           supervisor: Staff | None = None, role: str = "counselor") -> Actor:
    member = f.staff(actor, role=role, name=name)
    if needs_cosign or supervisor is not None:
        member.needs_cosign = needs_cosign
        member.supervisor = supervisor.id if supervisor is not None else None
        member.save()
    return f.actor_as(actor, member)


def group_with(actor: Actor, people: list[tuple[str, str] | tuple[str, str, str]], *,
               day: dt.date = DAY, facilitator: Actor | list[Actor] | None = None,
               name: str = "Relapse Prevention", attend: bool = True) -> GroupSetup:
    """A group, its members (first, last[, preferred]) enrolled, one session, all present.

    The facilitators lead the group (so its members are in their caseload); the
    first one facilitates the session.
    """
    leads = facilitator if isinstance(facilitator, list) else [facilitator] if facilitator else []
    grp = f.group(actor, name)
    for i, lead in enumerate(leads):
        f.facilitate(grp, lead.staff_id, lead=i == 0)
    facilitator = leads[0] if leads else None
    members = []
    for person in people:
        first, last = person[0], person[1]
        preferred = person[2] if len(person) > 2 else ""
        c = f.client(actor, first, last, preferred=preferred)
        f.enroll(actor, c, grp, day - dt.timedelta(days=14))
        members.append(c)
    sess = f.session(actor, grp, day, facilitator=facilitator.staff_id if facilitator else None)
    if attend:
        for c in members:
            f.attend(actor, sess, c, "present")
    return GroupSetup(grp, sess, members)


def set_attendance(sess: Session, who: Client, status: str) -> None:
    Attendance.update(status=status, updated_at=utcnow(), version=Attendance.version + 1).where(
        (Attendance.session == sess.id) & (Attendance.client == who.id)
    ).execute()


def staff_of(actor: Actor) -> Staff:
    return Staff.get_by_id(actor.staff_id)
