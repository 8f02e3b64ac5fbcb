"""Session notes name the plan goals they addressed (from the plan in force), locked with the note;
the plan lists the notes that addressed each goal, across versions."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from peewee import IntegrityError

from iopdesk.domain.care import note_goals, plans
from iopdesk.domain.kernel.errors import ConflictError, NoteLocked, PermissionDenied, ValidationError
from iopdesk.domain.notes import sign_note
from iopdesk.store.models import AuditEvent, Client, Note
from tests.support import care_factories as cf
from tests.support import factories as f
from tests.support import note_factories as nf
from tests.support import raw_sql
from tests.support.factories import TODAY

DAY = dt.timedelta(days=1)


@pytest.fixture
def setting(actor):  # type: ignore[no-untyped-def]
    """A client with a signed two-goal plan, and a group session (yesterday) with the shared part and
    the client's part of its note, written by the actor."""
    client = cf.person(actor)
    cf.admitted(actor, client.id, on=TODAY - 20 * DAY)
    plan = cf.signed_plan(actor, client.id, goals=2)
    group = f.group(actor)
    f.facilitate(group, actor.staff_id)
    session = f.session(actor, group, TODAY - DAY, facilitator=actor.staff_id)
    f.attend(actor, session, Client.get_by_id(client.id))
    shared = Note.create(
        origin_site=actor.site_id,
        session=session.id,
        client=None,
        author=actor.staff_id,
        body=json.dumps({"topic": "Coping with cravings"}),
        date=session.date,
    )
    part = Note.create(
        origin_site=actor.site_id,
        session=session.id,
        client=client.id,
        author=actor.staff_id,
        body=json.dumps({"data": "Named two coping skills."}),
        date=session.date,
    )
    return client, plan, session, shared, part


def test_a_part_offers_the_goals_of_the_plan_in_force(actor, setting) -> None:  # type: ignore[no-untyped-def]
    client, plan, session, _shared, part = setting
    offered = note_goals.goals_for_note(actor, part.id)
    assert offered.plan_id == plan.id and offered.message == "" and not offered.locked
    assert [c.text for c in offered.choices] == [
        "Goal 1: stay abstinent from alcohol.",
        "Goal 2: stay abstinent from alcohol.",
    ]
    assert [c.client_words for c in offered.choices][0] == "I want to stop drinking (1)."
    assert not any(c.chosen for c in offered.choices)
    by_note = note_goals.goals_for_session(actor, session.id)
    assert list(by_note) == [part.id]  # the shared part addresses no goal
    assert (
        AuditEvent.select().where(AuditEvent.record_type == "care_plan", AuditEvent.action == "view").count()
        == 2
    )


def test_choosing_goals_is_checked_stored_and_audited(actor, setting) -> None:  # type: ignore[no-untyped-def]
    client, plan, _session, shared, part = setting
    first = next(plan.content.goals())[1].id
    chosen = note_goals.set_goals_addressed(actor, part.id, [first], expected_version=1)
    assert [c.chosen for c in chosen.choices] == [True, False] and chosen.version == 2
    assert json.loads(Note.get_by_id(part.id).goals_addressed) == [str(first)]
    assert (
        AuditEvent.select().where(AuditEvent.record_id == str(part.id), AuditEvent.action == "change").count()
        == 1
    )
    with pytest.raises(ValidationError, match="treatment plan in force"):
        note_goals.set_goals_addressed(actor, part.id, [client.id])
    with pytest.raises(ValidationError, match="no client"):
        note_goals.set_goals_addressed(actor, shared.id, [first])
    with pytest.raises(ConflictError):
        note_goals.set_goals_addressed(actor, part.id, [], expected_version=1)
    cleared = note_goals.set_goals_addressed(actor, part.id, [])
    assert Note.get_by_id(part.id).goals_addressed is None and not any(c.chosen for c in cleared.choices)


def test_the_goals_are_locked_with_the_signed_note(actor, setting) -> None:  # type: ignore[no-untyped-def]
    _client, plan, _session, _shared, part = setting
    first = next(plan.content.goals())[1].id
    note_goals.set_goals_addressed(actor, part.id, [first])
    nf.fill_required(actor, part.id)
    sign_note(actor, part.id, True)
    assert note_goals.goals_for_note(actor, part.id).locked
    with pytest.raises(NoteLocked):
        note_goals.set_goals_addressed(actor, part.id, [])
    with pytest.raises(IntegrityError, match="goals a signed note addressed"):
        raw_sql.execute("UPDATE note SET goals_addressed = NULL WHERE id = ?", (part.id.hex,))


def test_only_the_author_chooses_and_only_readers_see(actor, setting) -> None:  # type: ignore[no-untyped-def]
    _client, plan, _session, _shared, part = setting
    stranger = cf.clinician(actor, "Sol Stranger")
    with pytest.raises(PermissionDenied):
        note_goals.goals_for_note(stranger, part.id)
    colleague = cf.clinician(actor, "Dana Colleague")
    from iopdesk.domain.care import team

    team.add_team_member(actor, part.client_id, colleague.staff_id, "nurse", TODAY - DAY)
    assert note_goals.goals_for_note(colleague, part.id).choices  # on the team: reads
    with pytest.raises(PermissionDenied):
        note_goals.set_goals_addressed(colleague, part.id, [next(plan.content.goals())[1].id])


def test_the_plan_lists_the_notes_of_each_goal_across_versions(actor, setting) -> None:  # type: ignore[no-untyped-def]
    client, plan, _session, _shared, part = setting
    first, second = (g.id for _p, g in plan.content.goals())
    note_goals.set_goals_addressed(actor, part.id, [first, second])
    v2 = plans.start_plan(actor, client.id)
    plans.save_plan(actor, v2.id, v2.content, client_agreed=True, client_agreement="Re-signed.")
    plans.sign_plan(actor, v2.id, True, today=TODAY)
    listed = note_goals.notes_by_goal(actor, client.id)
    assert set(listed) == {first, second}
    ref = listed[first][0]
    assert (ref.note_id, ref.date, ref.session_title, ref.status_label) == (
        part.id,
        TODAY - DAY,
        "Relapse Prevention",
        "Draft",
    )
    offered = note_goals.goals_for_note(actor, part.id)
    assert offered.plan_number == 2 and all(c.chosen for c in offered.choices)


def test_without_a_signed_plan_there_is_nothing_to_choose(actor) -> None:  # type: ignore[no-untyped-def]
    client = cf.person(actor)
    session = f.session(
        actor, None, TODAY, kind="individual", who=Client.get_by_id(client.id), facilitator=actor.staff_id
    )
    part = Note.create(
        origin_site=actor.site_id,
        session=session.id,
        client=client.id,
        author=actor.staff_id,
        body="{}",
        date=TODAY,
    )
    offered = note_goals.goals_for_note(actor, part.id)
    assert offered.choices == () and "no signed treatment plan" in offered.message
