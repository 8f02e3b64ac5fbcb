"""Issue 17: signed records stay what they were.

Every column of a signed note is guarded against direct SQL (the date of service and the author
used not to be); a signed note freezes what it documents (the session's time and length, its
facilitators then, the member's attendance and minutes); and a member's own time shows on their note.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from peewee import IntegrityError

from iopdesk.domain import notes
from iopdesk.domain.attendance.marking import attendance_changes, mark
from iopdesk.domain.calendar.edits import cancel_session, reschedule_session
from iopdesk.domain.kernel.errors import DomainError, ValidationError
from iopdesk.domain.notes.views import note_views
from iopdesk.store import current
from iopdesk.store.models import Attendance, GroupFacilitator, Note, NoteAddendum, Session
from tests.support import factories as f
from tests.support import note_factories as nf
from tests.support import raw_sql

T = dt.time


@pytest.fixture(autouse=True)
def today(monkeypatch):
    return f.pin_today(monkeypatch, nf.DAY)


def signed_part(actor, me, people=(("Ana", "Ruiz"),), *, late_at=None, needs_cosign=False):
    """A group session whose first member's part is signed (the member late at ``late_at``)."""
    setup = nf.group_with(actor, list(people), facilitator=me)
    if late_at is not None:
        mark(me, setup.session.id, setup.members[0].id, "late", arrived=late_at)
    part = notes.open_group_note(me, setup.session.id).part(setup.members[0].id).note
    notes.save_draft(me, part.id, {"data": "Shared a recent trigger.", **nf.REQUIRED_TEXT}, part.version)
    notes.sign_note(me, part.id, confirm=True)
    return setup, part.id


# Every column of the note table, with a value different from any the test note has.
CHANGES = {
    "id": uuid.uuid4().hex,
    "origin_site_id": uuid.uuid4().hex,
    "created_at": "2001-01-01 00:00:00",
    "updated_at": "2001-01-01 00:00:00",
    "version": 99,
    "retired_at": "2001-01-01 00:00:00",
    "session_id": uuid.uuid4().hex,
    "client_id": None,
    "author_id": uuid.uuid4().hex,
    "note_format": "SOAP",
    "body": "{}",
    "status": "draft",
    "signed_by_id": None,
    "signed_at": None,
    "content_hash": "0" * 64,
    "cosigned_by_id": uuid.uuid4().hex,
    "cosigned_at": "2001-01-01 00:00:00",
    "return_comment": "changed",
    "copied_from_id": uuid.uuid4().hex,
    "date": "2001-01-01",
    "guard_override": "{}",
    "documented": "{}",
    "goals_addressed": "[\"0123456789abcdef0123456789abcdef\"]",
}


def test_every_column_of_the_note_table_is_listed_here(db):
    columns = [c.name for c in current().get_columns("note")]
    assert sorted(columns) == sorted(CHANGES)


@pytest.mark.parametrize("column", sorted(CHANGES))
def test_no_column_of_a_signed_note_changes_even_by_direct_sql(actor, column):
    # Raw SQL used to change a signed note's date of service and author: the triggers guarded text only.
    me = nf.writer(actor)
    _, note_id = signed_part(actor, me)
    before = raw_sql.execute(f'SELECT "{column}" FROM note WHERE id = ?', (note_id.hex,)).fetchone()
    with raw_sql.foreign_keys_off():  # the trigger, not a foreign key, must refuse
        with pytest.raises(IntegrityError, match="signed notes? .*cannot be changed"):
            raw_sql.execute(f'UPDATE note SET "{column}" = ? WHERE id = ?', (CHANGES[column], note_id.hex))
    after = raw_sql.execute(f'SELECT "{column}" FROM note WHERE id = ?', (note_id.hex,)).fetchone()
    assert after == before


def test_a_note_awaiting_cosignature_keeps_its_date_and_author(actor):
    sup = nf.writer(actor, "Sky Supervisor", role="supervisor")
    trainee = nf.writer(actor, "Tara Trainee", needs_cosign=True, supervisor=nf.staff_of(sup))
    setup, note_id = signed_part(actor, trainee)
    for column, value in (("date", "2001-01-01"), ("author_id", sup.staff_id.hex), ("status", "draft")):
        with pytest.raises(IntegrityError, match="co-signature"):
            raw_sql.execute(f'UPDATE note SET "{column}" = ? WHERE id = ?', (value, note_id.hex))
    assert Note.get_by_id(note_id).documented  # kept at submission
    returned = notes.return_note(sup, note_id, "Add the goal.")  # returning still works
    assert returned.documented is None and Note.get_by_id(note_id).documented is None


def test_no_column_of_an_addendum_changes(actor):
    me = nf.writer(actor)
    _, note_id = signed_part(actor, me)
    added = notes.add_addendum(me, note_id, "Client called after group.")
    values = {"created_at": "2001-01-01", "updated_at": "2001-01-01", "signed_at": "2001-01-01", "version": 7}
    for column in (*values, "origin_site_id", "author_id"):
        value = values.get(column, uuid.uuid4().hex)
        with pytest.raises(IntegrityError, match="addenda cannot be changed"):
            raw_sql.execute(
                f'UPDATE note_addendum SET "{column}" = ? WHERE id = ?', (value, added.id.hex)
            )
    assert NoteAddendum.get_by_id(added.id).text == "Client called after group."


def test_a_signed_note_freezes_the_sessions_time_and_length(actor):
    me = nf.writer(actor)
    setup, _ = signed_part(actor, me)
    with pytest.raises(DomainError, match="note is signed and documents it as it was .* 09:00–12:00"):
        reschedule_session(actor, setup.session.id, nf.DAY, T(10), 180)
    with pytest.raises(DomainError, match="can no longer change its date, time or length"):
        reschedule_session(actor, setup.session.id, nf.DAY, T(9), 120)
    with pytest.raises(DomainError, match="can no longer be cancelled"):
        cancel_session(actor, setup.session.id, "Facilitator ill")
    again = Session.get_by_id(setup.session.id)
    assert (again.start_time, again.duration_minutes, again.status) == (T(9), 180, "scheduled")


def test_old_notes_keep_the_facilitators_of_their_day(actor):
    me = nf.writer(actor, "Casey Counselor")
    setup, note_id = signed_part(actor, me)
    newcomer = f.staff(actor, name="Nia Newcomer")
    GroupFacilitator.delete().where(GroupFacilitator.group == setup.group.id).execute()
    f.facilitate(setup.group, newcomer.id)
    setup.session.facilitator = newcomer.id
    setup.session.save()
    packet = notes.notes_for_print(me, setup.members[0].id, nf.DAY, nf.DAY)
    (entry,) = packet.entries
    assert entry.session.facilitators == ("Nia Newcomer",)  # the session as it stands
    assert entry.note.facilitators(entry.session) == ("Casey Counselor",)  # the note as signed
    assert entry.note.times(entry.session) == (T(9), T(12))


def test_a_members_own_time_is_on_their_note_before_and_after_signing(actor):
    me = nf.writer(actor)
    setup = nf.group_with(actor, [("Ana", "Ruiz")], facilitator=me)
    mark(me, setup.session.id, setup.members[0].id, "late", arrived=T(10, 45))
    part = notes.open_group_note(me, setup.session.id).part(setup.members[0].id).note
    assert part.member_time.text() == "Late: arrived 10:45 · attended 10:45–12:00 (75 min)"
    notes.save_draft(me, part.id, {"data": "Arrived late; engaged.", **nf.REQUIRED_TEXT}, part.version)
    signed = notes.sign_note(me, part.id, confirm=True)
    assert signed.member_time.text() == "Late: arrived 10:45 · attended 10:45–12:00 (75 min)"
    assert signed.documented.attendance == signed.member_time
    shared = notes.open_group_note(me, setup.session.id).shared
    assert shared.member_time is None  # the shared part names no one's time


def test_changing_attendance_under_a_signed_note_needs_a_reason_and_adds_an_addendum(actor):
    me = nf.writer(actor)
    setup, note_id = signed_part(actor, me)
    ana = setup.members[0]
    with pytest.raises(ValidationError, match="note for this session is signed") as err:
        mark(me, setup.session.id, ana.id, "absent_unexcused")
    assert err.value.field == "reason"
    assert Attendance.get(Attendance.client == ana.id).status == "present"
    desk = f.actor_as(actor, f.staff(actor, role="frontdesk", name="Dee Desk"))
    with pytest.raises(DomainError, match="only a clinician"):
        mark(desk, setup.session.id, ana.id, "left_early", departed=T(10, 30), reason="Left at 10:30")
    mark(me, setup.session.id, ana.id, "left_early", departed=T(10, 30), reason="She left at 10:30.")
    (addendum,) = note_views([Note.get_by_id(note_id)])[0].addenda
    assert addendum.text == (
        "Attendance changed after this note was signed: Present, 09:00–12:00 (180 min) -> "
        "Left early, left 10:30 (90 min). Reason: She left at 10:30."
    )
    assert attendance_changes(me, setup.session.id, ana.id)[-1].reason == "She left at 10:30."
    # The note still shows what it documented; a comment alone needs nothing.
    assert Note.get_by_id(note_id).documented and '"status": "present"' in Note.get_by_id(note_id).documented
    mark(me, setup.session.id, ana.id, "left_early", departed=T(10, 30), comment="Ride home.")
    assert len(note_views([Note.get_by_id(note_id)])[0].addenda) == 1
