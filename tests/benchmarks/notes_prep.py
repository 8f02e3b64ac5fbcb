"""Group notes ready for the notes measurements, made through the domain as a counselor would.

Signed notes never change, so every signing measured needs its own session.
Each one here is an extra meeting today of the counselor's group nearest to 12 members,
with 12 of its members marked present (any others excused), its note opened (the shared
part and one part per member present) and every part written in words that name nobody
(the confidentiality guard stays quiet).
"""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from peewee import fn

from iopdesk.domain import notes
from iopdesk.domain.attendance import marking as attendance
from iopdesk.domain.calendar import edits as session_edits
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.store.models import Enrollment, GroupFacilitator, TherapyGroup

MEMBERS = 12
TEXT = "Engaged in the discussion, practiced a coping skill and set one goal for the coming week."
MINUTES = 45
GAP = 50  # minutes from one start to the next, so no two of these meetings overlap
FIRST = 30  # the first starts at 00:30


def slot(count: int) -> tuple[int, int]:
    """(gap, minutes) for ``count`` meetings in one day: 50 and 45 while they fit (up to 28), closer
    and shorter when more are needed (the cold pass signs its own). Signing does not depend on it."""
    gap = min(GAP, (24 * 60 - 1 - FIRST) // max(1, count))
    return gap, min(MINUTES, gap - 5)


def group_near(actor: Actor, members: int) -> UUID:
    """The counselor's active group at their site whose active members are nearest ``members``
    (the same size on every clinic, so the small and large figures compare)."""
    led = GroupFacilitator.select(GroupFacilitator.group).where(GroupFacilitator.staff == actor.staff_id)
    row = (
        Enrollment.select(Enrollment.group, fn.COUNT(Enrollment.id).alias("n"))
        .join(TherapyGroup)
        .where(
            Enrollment.group.in_(led)
            & (Enrollment.status == "active")
            & Enrollment.retired_at.is_null()
            & (TherapyGroup.active == True)  # noqa: E712
            & (TherapyGroup.site == actor.site_id)
        )
        .group_by(Enrollment.group)
        .order_by(fn.ABS(fn.COUNT(Enrollment.id) - members), fn.COUNT(Enrollment.id).desc())
        .first()
    )
    if row is None:
        raise SystemExit("The counselor leads no active group at their site in this demo clinic.")
    return row.group_id


def written_group_notes(actor: Actor, count: int, today: dt.date) -> list[UUID]:
    """``count`` sessions of today whose group note is complete and unsigned."""
    group_id = group_near(actor, MEMBERS)
    out = []
    gap, length = slot(count)
    for k in range(count):
        minutes = FIRST + k * gap
        start = dt.time(minutes // 60, minutes % 60)
        session = session_edits.add_session(
            actor, group_id, today, start, length, facilitator_id=actor.staff_id
        )
        marked = attendance.mark_all_present(actor, session.id)
        # Exactly MEMBERS came (the rest excused), so both clinics sign the same size of note.
        for row in sorted(marked.rows, key=lambda r: str(r.client_id))[MEMBERS:]:
            attendance.mark(actor, session.id, row.client_id, "absent_excused")
        view = notes.open_session_note(actor, session.id)
        parts = [view.shared] + [m.note for m in view.members if m.note is not None]
        for part in parts:
            assert part is not None
            keys = view.template.shared_keys if part.client_id is None else view.template.member_keys
            notes.save_draft(actor, part.id, {key: TEXT for key in keys}, part.version)
        if any(
            f.blocks_signing for p in parts if p is not None for f in notes.check_confidentiality(actor, p.id)
        ):
            raise DomainError("The prepared note text was flagged by the confidentiality guard.")
        out.append(session.id)
    return out
