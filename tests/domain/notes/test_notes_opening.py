"""Opening a session's note: parts created lazily, never dropped, format chosen once."""

import datetime as dt

import pytest

from iopdesk.domain import notes
from iopdesk.domain.kernel.errors import DomainError, PermissionDenied, ValidationError
from iopdesk.store.models import Attendance, FamilyMember, Note
from tests.support import factories as f
from tests.support.note_factories import DAY, group_with, set_attendance, writer


def test_open_creates_shared_part_and_one_part_per_attending_member(actor):
    me = writer(actor)
    setup = group_with(actor, [("Ana", "Ruiz"), ("Ben", "Okafor"), ("Cleo", "Marsh")], facilitator=me)
    set_attendance(setup.session, setup.members[2], "absent_unexcused")
    setup.session.topic = "Urge surfing"
    setup.session.save()

    view = notes.open_group_note(me, setup.session.id)

    assert view.created_parts == 3
    assert view.shared is not None and view.shared.client_id is None
    assert view.shared.body["topic"] == "Urge surfing"
    assert view.shared.body["number_present"] == "2"
    assert [m.display_name for m in view.members] == ["Ana R.", "Ben O."]
    assert all(m.attending and m.note is not None and m.note.status == "draft" for m in view.members)
    assert view.note_format == "DAP" and set(view.members[0].note.body) == set(view.template.member_keys)
    assert view.header.title == "Relapse Prevention" and view.header.date == DAY
    # Opening again creates nothing new.
    again = notes.open_group_note(me, setup.session.id)
    assert again.created_parts == 0
    assert Note.select().where(Note.session == setup.session.id).count() == 3


def test_member_taken_off_the_session_keeps_their_written_part(actor):
    me = writer(actor)
    setup = group_with(actor, [("Ana", "Ruiz"), ("Ben", "Okafor")], facilitator=me)
    view = notes.open_group_note(me, setup.session.id)
    ben = view.part(setup.members[1].id)
    notes.save_draft(me, ben.note.id, {"data": "Ben's own words."}, ben.note.version)

    set_attendance(setup.session, setup.members[1], "absent_excused")
    Attendance.update(retired_at=dt.datetime(2025, 3, 11)).where(
        (Attendance.session == setup.session.id) & (Attendance.client == setup.members[1].id)
    ).execute()

    after = notes.open_group_note(me, setup.session.id)
    kept = after.part(setup.members[1].id)
    assert kept is not None and not kept.attending
    assert kept.note.body["data"] == "Ben's own words."
    assert after.members[-1].client_id == setup.members[1].id  # attending members first
    assert after.attending_count == 1


def test_absent_member_gets_no_new_part_and_late_joiner_gets_a_fresh_one(actor):
    me = writer(actor)
    setup = group_with(actor, [("Ana", "Ruiz"), ("Ben", "Okafor")], facilitator=me)
    set_attendance(setup.session, setup.members[1], "absent_unexcused")
    view = notes.open_group_note(me, setup.session.id)
    assert setup.members[1].id not in {m.client_id for m in view.members}
    notes.save_draft(me, view.shared.id, {"dynamics": "Engaged group."}, view.shared.version)

    late = f.client(actor, "Dee", "Vance")
    f.attend(actor, setup.session, late, "late", minutes=120)
    after = notes.open_group_note(me, setup.session.id)
    assert after.created_parts == 1
    fresh = after.part(late.id)
    assert fresh is not None and fresh.attending and fresh.attendance_status == "late"
    assert not any(fresh.note.body.values())
    assert after.shared.body["dynamics"] == "Engaged group."


def test_individual_and_family_sessions_have_one_client_part(actor):
    me = writer(actor)
    client = f.client(actor, "Eve", "Stone")
    solo = f.session(actor, None, DAY, kind="individual", who=client, facilitator=me.staff_id)
    view = notes.open_session_note(me, solo.id, note_format="SOAP")
    assert view.shared is None and len(view.members) == 1
    assert view.members[0].note.note_format == "SOAP"
    with pytest.raises(ValidationError):
        notes.open_session_note(me, solo.id, note_format="BIRP")

    fam = f.session(actor, None, DAY, kind="family", who=client, facilitator=me.staff_id)
    FamilyMember.create(origin_site=actor.site_id, session=fam.id, name="Rita Stone", relationship="Mother")
    fview = notes.open_session_note(me, fam.id)
    assert [(p.name, p.relationship) for p in fview.family_present] == [("Rita Stone", "Mother")]
    assert fview.members[0].note is not None

    absent = f.session(actor, None, DAY + dt.timedelta(days=1), kind="individual", who=client,
                       facilitator=me.staff_id)
    f.attend(actor, absent, client, "absent_unexcused")
    assert notes.open_session_note(me, absent.id).members[0].note is None


def test_format_follows_the_group_and_the_clinic_setting(actor):
    from iopdesk.domain.kernel import settings

    me = writer(actor)
    settings.set_value(actor, "note_format", "BIRP")
    first = group_with(actor, [("Ana", "Ruiz")], facilitator=me)
    assert notes.open_group_note(me, first.session.id).note_format == "BIRP"
    settings.set_value(actor, "note_format", "GIRP")
    next_week = f.session(actor, first.group, DAY + dt.timedelta(days=7))
    f.attend(actor, next_week, first.members[0])
    assert notes.open_group_note(me, next_week.id).note_format == "BIRP"  # the group keeps its format


def test_auditor_sees_the_note_but_creates_nothing_and_front_desk_cannot_open(actor):
    setup = group_with(actor, [("Ana", "Ruiz")])
    auditor = writer(actor, "Audrey Auditor", role="auditor")
    view = notes.open_group_note(auditor, setup.session.id)
    assert view.shared is None and view.members[0].note is None
    assert Note.select().count() == 0
    with pytest.raises(PermissionDenied):
        notes.open_group_note(writer(actor, "Fran Desk", role="frontdesk"), setup.session.id)


def test_cancelled_session_has_no_note_to_write(actor):
    me = writer(actor)
    setup = group_with(actor, [("Ana", "Ruiz")], facilitator=me)
    setup.session.status = "cancelled"
    setup.session.save()
    with pytest.raises(DomainError, match="cancelled"):
        notes.open_group_note(me, setup.session.id)
    assert Note.select().count() == 0
