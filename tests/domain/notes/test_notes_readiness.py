"""Required fields and what stops signing: every problem named at once, before anything is signed."""

from __future__ import annotations

import pytest

from iopdesk.domain import notes
from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.domain.kernel.vocab import NOTE_FORMATS
from iopdesk.domain.notes.body import default_template, default_templates
from iopdesk.domain.notes.readiness import COPIED, EMPTY, FLAGGED, REQUIRED, signing_readiness
from iopdesk.store.models import Note
from tests.support.note_factories import REQUIRED_TEXT, group_with, require_nothing, writer

PEOPLE = [("Ana", "Ruiz"), ("Ben", "Okafor"), ("Cleo", "Marsh")]


@pytest.fixture
def group(actor):
    me = writer(actor)
    setup = group_with(actor, PEOPLE, facilitator=me)
    view = notes.open_group_note(me, setup.session.id)
    return me, setup, view


def _save(me, note_id, body):
    notes.save_draft(me, note_id, body, Note.get_by_id(note_id).version)


def test_the_shipped_formats_require_risk_and_use_and_show_them_first():
    for fmt, template in default_templates().items():
        first = [f.key for f in template.member_fields[:3]]
        assert first == ["risk", "use_since_last", "progress"], fmt
        assert [f.key for f in template.required_fields(shared=False)] == ["risk", "use_since_last"], fmt
        assert template.required_fields(shared=True) == (), fmt  # the group's shared part: none
    assert set(default_templates()) == set(NOTE_FORMATS)


def test_a_part_with_a_required_field_blank_is_not_signed_and_the_fields_are_named(group):
    me, setup, view = group
    part = view.part(setup.members[0].id).note
    _save(me, part.id, {"data": "Engaged.", "risk": "Denies SI/HI."})
    with pytest.raises(ValidationError) as refused:
        notes.sign_note(me, part.id, confirm=True)
    message = str(refused.value)
    assert "Ana R." in message and "“Use / abstinence since last session”" in message
    assert "Risk" not in message  # written: not asked for
    assert refused.value.field == "use_since_last"
    assert Note.get_by_id(part.id).status == "draft"
    _save(me, part.id, {"use_since_last": "   "})  # blank is not written
    with pytest.raises(ValidationError, match="Use / abstinence"):
        notes.sign_note(me, part.id, confirm=True)
    _save(me, part.id, {"use_since_last": "Abstinent; UDS negative."})
    assert notes.sign_note(me, part.id, confirm=True).status == "signed"


def test_group_signing_names_every_part_and_field_at_once_and_signs_none(group):
    me, setup, view = group
    _save(me, view.shared.id, {"topic": "Cravings"})
    ana, ben, cleo = (view.part(m.id).note.id for m in setup.members)
    _save(me, ana, {"data": "Engaged.", **REQUIRED_TEXT})  # ready
    _save(me, ben, {"data": "Quiet today."})  # both required fields blank
    # Cleo's part stays empty.
    with pytest.raises(ValidationError) as refused:
        notes.sign_group_note(me, setup.session.id, confirm=True)
    lines = str(refused.value).splitlines()
    assert lines[0] == "Nothing was signed. Fix these first:"
    assert len(lines) == 3
    assert "Ben O." in lines[1] and "“Risk” and “Use / abstinence since last session”" in lines[1]
    assert "Cleo M." in lines[2] and "empty" in lines[2]
    assert Note.select().where(Note.status == "signed").count() == 0


def test_readiness_lists_every_problem_of_every_part_flags_included(group):
    me, setup, view = group
    _save(me, view.shared.id, {"topic": "Cravings"})
    ana, ben, cleo = (view.part(m.id).note.id for m in setup.members)
    _save(me, ana, {"data": "Gave Ben feedback.", **REQUIRED_TEXT})  # a name: may be overridden
    _save(me, ben, {"data": "[Copied from note of 2025-03-03 — edit before signing]\nOld.", "risk": "Low."})

    readiness = signing_readiness(me, [view.shared.id, ana, ben, cleo])

    kinds = [(p.part, p.kind) for p in readiness.problems]
    assert kinds == [("Ana R.", FLAGGED), ("Ben O.", COPIED), ("Ben O.", REQUIRED), ("Cleo M.", EMPTY)]
    assert [p.kind for p in readiness.to_fix] == [COPIED, REQUIRED, EMPTY]
    assert [p.part for p in readiness.flagged] == ["Ana R."] and readiness.flagged[0].overridable
    required = next(p for p in readiness.problems if p.kind == REQUIRED)
    assert required.fields == ("use_since_last",)
    assert required.labels == ("Use / abstinence since last session",)
    assert [f.found for f in readiness.flags[ana]] == ["Ben"]
    assert not readiness.ready


def test_readiness_of_ready_parts_is_empty_and_signed_parts_are_not_asked_about(group):
    me, setup, view = group
    ana = view.part(setup.members[0].id).note.id
    _save(me, ana, {"data": "Engaged.", **REQUIRED_TEXT})
    assert signing_readiness(me, [ana]).ready
    notes.sign_note(me, ana, confirm=True)
    assert signing_readiness(me, [ana]).problems == ()


def test_the_clinic_decides_which_fields_are_required(actor, group):
    me, setup, view = group
    ana = view.part(setup.members[0].id).note.id
    require_nothing(actor, "DAP")
    _save(me, ana, {"data": "Engaged."})
    assert signing_readiness(me, [ana]).ready  # nothing required: risk may stay blank

    shipped = default_template("DAP")
    fields = [{"key": f.key, "label": f.label, "required": f.key == "plan"} for f in shipped.member_fields]
    shared = [{"key": f.key, "label": f.label} for f in shipped.shared_fields]
    doc = {"format": "DAP", "title": shipped.title, "shared_fields": shared, "member_fields": fields}
    saved = notes.save_template(actor, "DAP", doc)
    assert [f.key for f in saved.required_fields(shared=False)] == ["plan"]
    with pytest.raises(ValidationError, match="“Plan”"):
        notes.sign_note(me, ana, confirm=True)

    doc["member_fields"][0]["required"] = "yes"  # type: ignore[index]
    with pytest.raises(ValidationError, match="Say whether “Risk” is required") as refused:
        notes.save_template(actor, "DAP", doc)
    assert refused.value.field == "member_fields"
