"""Unsigned work, a client's chart, print packets, snippets, templates, and who may see what."""

import datetime as dt

import pytest

from iopdesk.domain import notes
from iopdesk.domain.kernel import settings
from iopdesk.domain.kernel.errors import NotFound, PermissionDenied, ValidationError
from iopdesk.domain.kernel.ids import template_id
from iopdesk.store.models import AuditEvent, Note, NoteTemplate, Snippet
from tests.support import factories as f
from tests.support.note_factories import DAY, fill_required, group_with, writer

UTC = dt.UTC


def _write(me, part_id, text):
    return notes.save_draft(me, part_id, {"data": text}, Note.get_by_id(part_id).version)


def test_unsigned_list_oldest_first_with_days_overdue(actor):
    me = writer(actor)
    sup = writer(actor, "Sky Supervisor", role="supervisor")
    old = group_with(actor, [("Ana", "Ruiz")], facilitator=me, day=DAY)
    recent = group_with(actor, [("Ben", "Okafor")], facilitator=me, day=DAY + dt.timedelta(days=8))
    forgotten = group_with(
        actor, [("Cleo", "Marsh"), ("Dee", "Vance")], facilitator=me, day=DAY + dt.timedelta(days=3)
    )
    old_view = notes.open_group_note(me, old.session.id)
    recent_view = notes.open_group_note(me, recent.session.id)
    # A trainee-style return: signed, sent back by a supervisor with a comment.
    ana = old_view.part(old.members[0].id).note
    _write(me, ana.id, "Shared about work.")
    Note.update(status="pending_cosign").where(Note.id == ana.id).execute()
    notes.return_note(sup, ana.id, "Add the goal addressed.")

    # Session 09:00-12:00 in New York (EDT) ends 16:00 UTC; due 72 hours later.
    now = dt.datetime(2025, 3, 20, 12, 0, tzinfo=UTC)
    items = notes.my_unsigned_notes(me, now)

    assert [(i.session_id, i.client_id is None) for i in items] == [
        (old.session.id, True),
        (old.session.id, False),
        (forgotten.session.id, True),
        (recent.session.id, True),
        (recent.session.id, False),
    ]
    first, returned, missing, fresh = items[0], items[1], items[2], items[3]
    assert first.due_at == dt.datetime(2025, 3, 13, 16, 0) and first.overdue and first.days_overdue == 6
    assert returned.status == "returned" and returned.return_comment == "Add the goal addressed."
    assert missing.status == "not_started" and missing.note_id is None and missing.missing_parts == 2
    assert missing.days_overdue == 3
    assert fresh.status == "draft" and fresh.due_at == dt.datetime(2025, 3, 21, 16, 0)
    assert not fresh.overdue and fresh.days_overdue == 0
    assert recent_view.shared.id in {i.note_id for i in items}

    settings.set_value(actor, "note_due_hours", 24 * 10)
    later = notes.my_unsigned_notes(me, now.replace(tzinfo=None))
    assert not later[0].overdue and later[0].days_overdue == 0


def test_client_chart_in_date_order_with_the_shared_part(actor):
    me = writer(actor)
    setup = group_with(actor, [("Ana", "Ruiz")], facilitator=me, day=DAY + dt.timedelta(days=7))
    earlier = f.session(actor, setup.group, DAY, facilitator=me.staff_id)
    f.attend(actor, earlier, setup.members[0])
    for sess in (setup.session, earlier):
        view = notes.open_group_note(me, sess.id)
        notes.save_draft(me, view.shared.id, {"topic": f"Topic {sess.date}"}, view.shared.version)
        _write(me, view.part(setup.members[0].id).note.id, f"Part {sess.date}")
    chart = notes.client_notes(me, setup.members[0].id)
    assert [e.session.date for e in chart] == [DAY, DAY + dt.timedelta(days=7)]
    assert chart[0].shared.body["topic"] == f"Topic {DAY}" and chart[0].note.body["data"] == f"Part {DAY}"
    assert chart[0].session.facilitators == ("Casey Counselor",)
    assert (
        AuditEvent.select()
        .where((AuditEvent.action == "view") & (AuditEvent.client_id == setup.members[0].id))
        .exists()
    )


def test_print_packet_carries_seals_addenda_and_the_part2_notice(actor):
    me = writer(actor)
    setup = group_with(actor, [("Ana", "Ruiz")], facilitator=me)
    view = notes.open_group_note(me, setup.session.id)
    part = view.part(setup.members[0].id).note
    _write(me, part.id, "Engaged.")
    fill_required(me, part.id)
    notes.sign_note(me, part.id, confirm=True)
    notes.add_addendum(me, part.id, "UDS result received: negative.")
    settings.set_value(actor, "part2_notice", "Protected by 42 CFR part 2 (clinic wording).")

    packet = notes.notes_for_print(me, setup.members[0].id, DAY, DAY)

    assert packet.part2_notice == "Protected by 42 CFR part 2 (clinic wording)."
    assert packet.client.legal_name == "Ana Ruiz"
    assert packet.client.chart_number == setup.members[0].chart_number
    (entry,) = packet.entries
    assert entry.note.status == "signed" and entry.note.signed_by_name == "Casey Counselor"
    assert entry.note.content_hash
    assert [a.text for a in entry.note.addenda] == ["UDS result received: negative."]
    assert notes.notes_for_print(me, setup.members[0].id, DAY, DAY, signed_only=True).entries
    assert AuditEvent.select().where(AuditEvent.action == "print").count() == 2
    with pytest.raises(ValidationError):
        notes.notes_for_print(me, setup.members[0].id, DAY, DAY - dt.timedelta(days=1))


def test_counselors_only_see_and_write_their_own_caseload(actor):
    me = writer(actor)
    stranger = writer(actor, "Stan Stranger")
    setup = group_with(actor, [("Ana", "Ruiz")], facilitator=me)
    part = notes.open_group_note(me, setup.session.id).part(setup.members[0].id).note
    _write(me, part.id, "Private words.")

    assert notes.open_group_note(stranger, setup.session.id).members[0].note is None
    with pytest.raises(PermissionDenied):
        notes.client_notes(stranger, setup.members[0].id)
    with pytest.raises(PermissionDenied):
        notes.save_draft(stranger, part.id, {"data": "Not mine."}, Note.get_by_id(part.id).version)
    assert notes.search_notes(stranger, "private") == []
    assert [h.note_id for h in notes.search_notes(me, "private")] == [part.id]
    assert Note.select().where(Note.author == stranger.staff_id).count() == 0
    with pytest.raises(PermissionDenied):
        notes.my_unsigned_notes(writer(actor, "Fran Desk", role="frontdesk"), dt.datetime(2025, 3, 20))


def test_snippets_clinic_wide_and_personal(actor):
    me = writer(actor)
    colleague = writer(actor, "Cory Colleague")
    clinic = notes.add_snippet(actor, "Safety", "Denies SI/HI; safety plan reviewed.", clinic_wide=True)
    mine = notes.add_snippet(me, "Homework", "Homework: thought record daily.")
    with pytest.raises(PermissionDenied):
        notes.add_snippet(me, "Clinic", "x", clinic_wide=True)
    with pytest.raises(ValidationError):
        notes.add_snippet(me, "  ", "x")
    assert [s.title for s in notes.list_snippets(me)] == ["Safety", "Homework"]
    assert [s.title for s in notes.list_snippets(colleague)] == ["Safety"]
    notes.update_snippet(me, mine.id, "Homework (CBT)", "Homework: thought record daily.")
    with pytest.raises(PermissionDenied):
        notes.update_snippet(me, clinic.id, "Mine now", "x")
    with pytest.raises(Exception, match="no longer exists"):
        notes.delete_snippet(colleague, mine.id)
    notes.delete_snippet(me, mine.id)
    assert [s.title for s in notes.list_snippets(me)] == ["Safety"]
    # Snippets travel between places (migration 0013): the deleted one is kept, marked, and gone
    # for every reader (listing it, changing it, deleting it again).
    assert Snippet.get_by_id(mine.id).removed_at is not None
    with pytest.raises(NotFound):
        notes.update_snippet(me, mine.id, "Back", "x")
    with pytest.raises(NotFound):
        notes.delete_snippet(me, mine.id)


def test_clinic_template_overrides_the_default_and_old_fields_keep_their_text(actor):
    me = writer(actor)
    setup = group_with(actor, [("Ana", "Ruiz")], facilitator=me)
    part = notes.open_group_note(me, setup.session.id).part(setup.members[0].id).note
    _write(me, part.id, "Written under the shipped template.")
    template = {
        "format": "DAP",
        "title": "DAP (clinic)",
        "shared_fields": [{"key": "topic", "label": "Topic"}],
        "member_fields": [{"key": "summary", "label": "Summary"}],
    }
    with pytest.raises(PermissionDenied):
        notes.save_template(me, "DAP", template)
    with pytest.raises(ValidationError):
        notes.save_template(actor, "SOAP", template)
    notes.save_template(actor, "DAP", template)
    view = notes.open_group_note(me, setup.session.id)
    assert view.template.member_keys == ("summary",)
    body = view.part(setup.members[0].id).note.body
    fields = [fd.key for fd in notes.part_fields(view.template, False, body)]
    assert fields[0] == "summary" and "data" in fields
    notes.save_draft(me, part.id, {"summary": "New field."}, Note.get_by_id(part.id).version)
    assert Note.get_by_id(part.id).body.count("Written under the shipped template.") == 1
    notes.reset_template(actor, "DAP")
    assert "data" in notes.template_for("DAP").member_keys
    # Templates travel between places (migration 0013): the reset keeps the row, with no
    # definition (the shipped default), under the id every place gives the format.
    (row,) = NoteTemplate.select().where(NoteTemplate.note_format == "DAP")
    assert row.id == template_id("DAP") and row.definition is None
    assert not next(t for t in notes.list_templates(actor) if t.note_format == "DAP").customized
    notes.save_template(actor, "DAP", template)  # changed again: the same row
    assert [r.id for r in NoteTemplate.select().where(NoteTemplate.note_format == "DAP")] == [row.id]
    assert notes.template_for("DAP").member_keys == ("summary",)
