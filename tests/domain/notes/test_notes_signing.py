"""Signing locks a note for good (even against direct SQL); addenda; the co-signature flow."""

import hashlib
import json

import pytest
from peewee import IntegrityError

from iopdesk.domain import notes
from iopdesk.domain.kernel.errors import DomainError, NoteLocked, PermissionDenied, ValidationError
from iopdesk.domain.notes.body import canonical_json
from iopdesk.store.models import Note, NoteAddendum
from tests.support import factories as f
from tests.support import raw_sql
from tests.support.note_factories import REQUIRED_TEXT, group_with, set_attendance, staff_of, writer


def _written(me, setup, i=0, text="Engaged and shared a recent trigger."):
    part = notes.open_group_note(me, setup.session.id).part(setup.members[i].id).note
    saved = notes.save_draft(me, part.id, {"data": text, **REQUIRED_TEXT}, part.version)
    return part.id, saved.version


def test_signing_seals_the_canonical_body(actor):
    me = writer(actor)
    setup = group_with(actor, [("Ana", "Ruiz")], facilitator=me)
    note_id, version = _written(me, setup)
    with pytest.raises(ValidationError, match="Confirm"):
        notes.sign_note(me, note_id, confirm=False)
    signed = notes.sign_note(me, note_id, confirm=True, expected_version=version)
    row = Note.get_by_id(note_id)
    assert signed.status == "signed" and signed.locked
    assert signed.signed_by_id == me.staff_id and signed.signed_by_name == "Casey Counselor"
    assert signed.signed_at is not None
    assert row.content_hash == hashlib.sha256(row.body.encode("utf-8")).hexdigest()
    assert row.body == canonical_json(json.loads(row.body))
    assert notes.verify_note(me, note_id)
    with pytest.raises(NoteLocked):
        notes.sign_note(me, note_id, confirm=True)


def test_an_empty_note_cannot_be_signed(actor):
    me = writer(actor)
    setup = group_with(actor, [("Ana", "Ruiz")], facilitator=me)
    part = notes.open_group_note(me, setup.session.id).part(setup.members[0].id).note
    with pytest.raises(ValidationError, match="empty"):
        notes.sign_note(me, part.id, confirm=True)


def test_signed_text_cannot_change_even_by_direct_update(actor):
    me = writer(actor)
    setup = group_with(actor, [("Ana", "Ruiz")], facilitator=me)
    note_id, _ = _written(me, setup)
    notes.sign_note(me, note_id, confirm=True)
    before = Note.get_by_id(note_id)

    with pytest.raises(IntegrityError, match="signed notes cannot be changed"):
        Note.update(body='{"data":"rewritten"}').where(Note.id == note_id).execute()
    with pytest.raises(IntegrityError):
        Note.update(content_hash=None).where(Note.id == note_id).execute()
    with pytest.raises(IntegrityError):
        Note.update(signed_at=None).where(Note.id == note_id).execute()
    with pytest.raises(IntegrityError):
        Note.update(status="draft").where(Note.id == note_id).execute()
    with pytest.raises(IntegrityError):
        raw_sql.execute("UPDATE note SET body = '{}' WHERE id = ?", (before.id.hex,))
    with pytest.raises(IntegrityError):
        Note.delete().where(Note.id == note_id).execute()
    after = Note.get_by_id(note_id)
    assert after.body == before.body and after.content_hash == before.content_hash
    assert after.signed_at == before.signed_at


def test_addenda_are_dated_sealed_and_immutable(actor):
    me = writer(actor)
    setup = group_with(actor, [("Ana", "Ruiz")], facilitator=me)
    note_id, _ = _written(me, setup)
    with pytest.raises(DomainError, match="not signed"):
        notes.add_addendum(me, note_id, "Too early.")
    notes.sign_note(me, note_id, confirm=True)
    with pytest.raises(ValidationError):
        notes.add_addendum(me, note_id, "   ")
    added = notes.add_addendum(me, note_id, "Late entry: client called to report a stressful weekend.")
    assert added.content_hash == hashlib.sha256(added.text.encode()).hexdigest()
    view = notes.open_group_note(me, setup.session.id).part(setup.members[0].id).note
    assert [a.text for a in view.addenda] == [added.text] and view.addenda[0].author_name == "Casey Counselor"
    with pytest.raises(IntegrityError):
        NoteAddendum.update(text="edited").where(NoteAddendum.id == added.id).execute()
    with pytest.raises(IntegrityError):
        NoteAddendum.delete().where(NoteAddendum.id == added.id).execute()


def test_cosign_flow_submit_return_resubmit_cosign(actor):
    supervisor = writer(actor, "Sky Supervisor", role="supervisor")
    trainee = writer(actor, "Tara Trainee", needs_cosign=True, supervisor=staff_of(supervisor))
    other_sup = writer(actor, "Otto Overseer", role="supervisor")
    setup = group_with(actor, [("Ana", "Ruiz")], facilitator=trainee)
    note_id, _ = _written(trainee, setup)

    pending = notes.sign_note(trainee, note_id, confirm=True)
    assert pending.status == "pending_cosign" and pending.content_hash
    with pytest.raises(NoteLocked):
        notes.save_draft(trainee, note_id, {"data": "more"}, pending.version)
    with pytest.raises(IntegrityError, match="co-signature"):
        Note.update(body="{}").where(Note.id == note_id).execute()
    queue = notes.cosign_queue(supervisor)
    assert [i.note_id for i in queue] == [note_id] and queue[0].signed_by_name == "Tara Trainee"
    assert notes.cosign_queue(other_sup) == []  # someone else's supervisee
    assert [i.note_id for i in notes.cosign_queue(other_sup, everyone=True)] == [note_id]
    with pytest.raises(PermissionDenied):
        notes.cosign_queue(trainee)
    with pytest.raises(PermissionDenied):
        notes.cosign(trainee, note_id)

    with pytest.raises(ValidationError):
        notes.return_note(supervisor, note_id, "  ")
    returned = notes.return_note(supervisor, note_id, "Add the treatment-plan goal addressed.")
    assert returned.status == "returned" and returned.content_hash is None and returned.signed_at is None
    assert returned.return_comment == "Add the treatment-plan goal addressed."
    assert notes.cosign_queue(supervisor) == []
    goal = {"progress": "Goal 2: named two coping skills."}
    saved = notes.save_draft(trainee, note_id, goal, returned.version)
    assert saved.saved

    again = notes.sign_note(trainee, note_id, confirm=True)
    assert again.status == "pending_cosign"
    final = notes.cosign(supervisor, note_id)
    assert final.status == "signed" and final.cosigned_by_name == "Sky Supervisor"
    assert final.signed_by_id == trainee.staff_id and notes.verify_note(supervisor, note_id)
    with pytest.raises(DomainError, match="already signed"):
        notes.return_note(supervisor, note_id, "Too late.")
    with pytest.raises(IntegrityError):
        Note.update(cosigned_by=None).where(Note.id == note_id).execute()


def test_a_supervisor_cannot_cosign_their_own_note(actor):
    sup = writer(actor, "Sky Supervisor", role="supervisor", needs_cosign=True)
    setup = group_with(actor, [("Ana", "Ruiz")], facilitator=sup)
    note_id, _ = _written(sup, setup)
    notes.sign_note(sup, note_id, confirm=True)
    assert notes.cosign_queue(sup) == []
    with pytest.raises(DomainError, match="yourself"):
        notes.cosign(sup, note_id)


def test_sign_group_note_signs_every_part_in_one_go(actor):
    me = writer(actor)
    setup = group_with(actor, [("Ana", "Ruiz"), ("Ben", "Okafor"), ("Cleo", "Marsh")], facilitator=me)
    view = notes.open_group_note(me, setup.session.id)
    notes.save_draft(me, view.shared.id, {"interventions": "CBT worksheet."}, view.shared.version)
    a, _ = _written(me, setup, 0)
    b, _ = _written(me, setup, 1)
    # Cleo's part stays empty, then she turns out not to have been there.
    set_attendance(setup.session, setup.members[2], "absent_excused")

    with pytest.raises(ValidationError):
        notes.sign_group_note(me, setup.session.id, confirm=False)
    result = notes.sign_group_note(me, setup.session.id, confirm=True)
    assert result.status == "signed"
    assert set(result.signed) == {view.shared.id, a, b}
    assert len(result.retired_empty) == 1 and result.left_unsigned == ()
    assert Note.select().where(Note.status == "signed").count() == 3
    assert Note.get_by_id(result.retired_empty[0]).retired_at is not None  # kept, set aside
    with pytest.raises(DomainError, match="already signed"):
        notes.sign_group_note(me, setup.session.id, confirm=True)


def test_sign_group_note_refuses_all_when_one_part_is_not_ready(actor):
    me = writer(actor)
    setup = group_with(actor, [("Ana", "Ruiz"), ("Ben", "Okafor")], facilitator=me)
    view = notes.open_group_note(me, setup.session.id)
    notes.save_draft(me, view.shared.id, {"interventions": "CBT worksheet."}, view.shared.version)
    _written(me, setup, 0)
    with pytest.raises(ValidationError, match="Ben O."):
        notes.sign_group_note(me, setup.session.id, confirm=True)
    assert Note.select().where(Note.status == "signed").count() == 0

    _written(me, setup, 1)
    late = f.client(actor, "Dee", "Vance")
    f.attend(actor, setup.session, late, "present")  # marked after the note was opened
    with pytest.raises(ValidationError, match="no note part"):
        notes.sign_group_note(me, setup.session.id, confirm=True)
    assert Note.select().where(Note.status == "signed").count() == 0


def test_trainee_group_signing_waits_for_cosign_session(actor):
    sup = writer(actor, "Sky Supervisor", role="supervisor")
    trainee = writer(actor, "Tara Trainee", needs_cosign=True, supervisor=staff_of(sup))
    setup = group_with(actor, [("Ana", "Ruiz")], facilitator=trainee)
    view = notes.open_group_note(trainee, setup.session.id)
    notes.save_draft(trainee, view.shared.id, {"topic": "HALT"}, view.shared.version)
    _written(trainee, setup, 0)
    result = notes.sign_group_note(trainee, setup.session.id, confirm=True)
    assert result.status == "pending_cosign"
    assert len(notes.cosign_queue(sup)) == 2
    assert len(notes.cosign_session(sup, setup.session.id)) == 2
    assert Note.select().where(Note.status == "signed").count() == 2
