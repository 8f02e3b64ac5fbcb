"""A signature's time is when it was made, always present: the author's and the co-signer's, each its own."""

from __future__ import annotations

import datetime as dt

from iopdesk.domain import notes
from iopdesk.store.models import Note
from tests.support.note_factories import REQUIRED_TEXT, group_with, staff_of, writer

SIGNED = dt.datetime(2025, 3, 10, 17, 5)  # UTC: 1:05 pm in New York, the evening of the session
COSIGNED = SIGNED + dt.timedelta(days=4, hours=2, minutes=30)


def _trainee_part(actor):  # type: ignore[no-untyped-def]
    supervisor = writer(actor, "Sky Supervisor", role="supervisor")
    trainee = writer(actor, "Tara Trainee", needs_cosign=True, supervisor=staff_of(supervisor))
    setup = group_with(actor, [("Ana", "Ruiz")], facilitator=trainee)
    part = notes.open_group_note(trainee, setup.session.id).part(setup.members[0].id).note
    notes.save_draft(trainee, part.id, {"data": "Engaged.", **REQUIRED_TEXT}, part.version)
    return supervisor, trainee, part.id


def test_co_signing_days_later_keeps_the_authors_time_and_records_its_own(actor, frozen_clock):
    supervisor, trainee, note_id = _trainee_part(actor)
    frozen_clock.set(SIGNED)
    pending = notes.sign_note(trainee, note_id, confirm=True)
    assert pending.status == "pending_cosign" and pending.signed_at == SIGNED
    assert pending.cosigned_at is None

    frozen_clock.set(COSIGNED)
    final = notes.cosign(supervisor, note_id)

    assert final.signed_at == SIGNED  # the author's, not the co-signer's
    assert final.cosigned_at == COSIGNED and final.cosigned_by_name == "Sky Supervisor"
    row = Note.get_by_id(note_id)
    assert (row.signed_at, row.cosigned_at) == (SIGNED, COSIGNED)


def test_a_note_submitted_before_seals_were_kept_gets_its_submission_time_not_the_cosigning(
    actor, frozen_clock
):
    supervisor, _trainee, note_id = _trainee_part(actor)
    # Older data (and the demo before issue 19): waiting, with no seal and no signing time.
    Note.update(status="pending_cosign", updated_at=SIGNED).where(Note.id == note_id).execute()
    assert Note.get_by_id(note_id).signed_at is None

    frozen_clock.set(COSIGNED)
    final = notes.cosign(supervisor, note_id)

    assert final.signed_at == SIGNED and final.cosigned_at == COSIGNED
    assert final.content_hash and notes.verify_note(supervisor, note_id)


def test_a_whole_session_co_signed_keeps_each_authors_time(actor, frozen_clock):
    supervisor, trainee, note_id = _trainee_part(actor)
    frozen_clock.set(SIGNED)
    notes.sign_note(trainee, note_id, confirm=True)
    frozen_clock.set(COSIGNED)
    notes.cosign_session(supervisor, Note.get_by_id(note_id).session_id)
    row = Note.get_by_id(note_id)
    assert (row.signed_at, row.cosigned_at) == (SIGNED, COSIGNED)
