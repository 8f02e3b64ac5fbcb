"""Autosave keeps every text, copies are marked, and locked notes refuse edits."""

import dataclasses
import datetime as dt

import pytest

from iopdesk.domain import notes
from iopdesk.domain.kernel.errors import ConflictError, NoteLocked, NotFound, ValidationError
from iopdesk.store.models import Note, NoteConflict
from tests.support import factories as f
from tests.support.note_factories import DAY, REQUIRED_TEXT, group_with, require_nothing, writer


def _part(me, setup, i=0):
    return notes.open_group_note(me, setup.session.id).part(setup.members[i].id).note


def test_save_merges_fields_and_bumps_the_version(actor):
    me = writer(actor)
    setup = group_with(actor, [("Ana", "Ruiz")], facilitator=me)
    part = _part(me, setup)
    first = notes.save_draft(me, part.id, {"data": "Talked about work."}, part.version)
    assert first.saved and first.version == part.version + 1
    second = notes.save_draft(me, part.id, {"plan": "Call sponsor."}, first.version)
    assert second.saved
    stored = Note.get_by_id(part.id)
    assert '"data":"Talked about work."' in stored.body and stored.version == second.version
    same = notes.save_draft(me, part.id, {"plan": "Call sponsor."}, second.version)
    assert same.saved and same.version == second.version  # nothing changed, nothing written


def test_two_saves_from_the_same_version_keep_both_texts(actor):
    me = writer(actor)
    setup = group_with(actor, [("Ana", "Ruiz")], facilitator=me)
    part = _part(me, setup)
    laptop = dataclasses.replace(me, workstation="group-room-laptop")  # the same author elsewhere

    mine = notes.save_draft(me, part.id, {"data": "First writer's text."}, part.version)
    theirs = notes.save_draft(laptop, part.id, {"data": "Second writer's text."}, part.version)

    assert mine.saved and not theirs.saved
    assert theirs.conflict.mine["data"] == "Second writer's text."
    assert theirs.conflict.theirs["data"] == "First writer's text."
    assert theirs.version == mine.version
    assert Note.get_by_id(part.id).body.count("First writer's text.") == 1
    kept = notes.note_conflicts(me, part.id)
    assert [c.body["data"] for c in kept] == ["Second writer's text."]
    assert kept[0].author_name == "Casey Counselor" and kept[0].based_on_version == part.version
    view = notes.open_group_note(me, setup.session.id).part(setup.members[0].id).note
    assert view.open_conflicts == 1

    notes.resolve_conflict(laptop, kept[0].id)
    assert notes.note_conflicts(me, part.id) == []
    assert NoteConflict.select().count() == 1  # resolved, still kept
    assert len(notes.note_conflicts(me, part.id, include_resolved=True)) == 1


def test_unknown_fields_and_bad_values_are_refused_without_change(actor):
    me = writer(actor)
    setup = group_with(actor, [("Ana", "Ruiz")], facilitator=me)
    part = _part(me, setup)
    with pytest.raises(ValidationError, match="no field"):
        notes.save_draft(me, part.id, {"subjective": "x"}, part.version)  # a SOAP field in a DAP note
    with pytest.raises(ValidationError):
        notes.save_draft(me, part.id, {"data": 5}, part.version)
    with pytest.raises(ValidationError):
        notes.save_draft(me, part.id, ["data"], part.version)
    assert Note.get_by_id(part.id).version == part.version


def test_saving_a_signed_note_is_refused(actor):
    me = writer(actor)
    setup = group_with(actor, [("Ana", "Ruiz")], facilitator=me)
    part = _part(me, setup)
    saved = notes.save_draft(me, part.id, {"data": "Done.", **REQUIRED_TEXT}, part.version)
    notes.sign_note(me, part.id, confirm=True)
    with pytest.raises(NoteLocked):
        notes.save_draft(me, part.id, {"data": "Changed."}, saved.version + 1)
    assert NoteConflict.select().count() == 0


def test_copy_from_last_marks_each_copied_field_and_keeps_written_ones(actor):
    me = writer(actor)
    setup = group_with(actor, [("Ana", "Ruiz")], facilitator=me)
    require_nothing(actor, "DAP")  # so that a note without use / abstinence may be signed here
    old = _part(me, setup)
    old_text = {"data": "Old data.", "plan": "Old plan.", "risk": "Denies SI/HI."}
    notes.save_draft(me, old.id, old_text, old.version)
    notes.sign_note(me, old.id, confirm=True)

    later = f.session(actor, setup.group, DAY + dt.timedelta(days=7))
    f.attend(actor, later, setup.members[0])
    new = notes.open_group_note(me, later.id).part(setup.members[0].id).note
    saved = notes.save_draft(me, new.id, {"plan": "Fresh plan."}, new.version)

    result = notes.copy_from_last(me, new.id)

    assert result.source_note_id == old.id and result.source_date == DAY
    assert set(result.copied_fields) == {"data", "risk"} and result.skipped_fields == ("plan",)
    row = Note.get_by_id(new.id)
    assert row.copied_from_id == old.id and row.version == saved.version + 1
    body = notes.open_group_note(me, later.id).part(setup.members[0].id).note.body
    assert body["data"] == "[Copied from note of 2025-03-10 — edit before signing]\nOld data."
    assert body["plan"] == "Fresh plan."

    with pytest.raises(ValidationError, match="Copied from"):
        notes.sign_note(me, new.id, confirm=True)
    notes.save_draft(me, new.id, {"data": "Reviewed data.", "risk": "Denies SI/HI today."}, row.version)
    assert notes.sign_note(me, new.id, confirm=True).status == "signed"


def test_copy_from_last_needs_an_earlier_note_of_mine(actor):
    me = writer(actor)
    other = writer(actor, "Olly Other")
    setup = group_with(actor, [("Ana", "Ruiz")], facilitator=[other, me])
    part = _part(other, setup)
    notes.save_draft(other, part.id, {"data": "Someone else's note."}, part.version)
    later = f.session(actor, setup.group, DAY + dt.timedelta(days=7))
    f.attend(actor, later, setup.members[0])
    mine = notes.open_group_note(me, later.id).part(setup.members[0].id).note
    with pytest.raises(NotFound):
        notes.copy_from_last(me, mine.id)
    with pytest.raises(ConflictError):
        notes.copy_from_last(me, mine.id, expected_version=mine.version + 3)
