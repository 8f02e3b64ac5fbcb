"""The batch forms of the note-reading scope agree with the one-client check they replace.

``readable_client_ids`` and ``client_scope`` let lists (note search, the co-sign queue,
a group note's parts) filter many clients in one query; they must answer exactly what
``can(actor, NOTE_READ / NOTE_COSIGN, client_id=…)`` answers client by client.
"""

from __future__ import annotations

import datetime as dt

import pytest

from iopdesk.domain.kernel import permissions
from iopdesk.domain.kernel.actor import Actor
from iopdesk.store.models import Client, Note, Staff
from tests.support import factories as f
from tests.support.factories import MONDAY, TODAY


@pytest.fixture(autouse=True)
def today(monkeypatch):  # type: ignore[no-untyped-def]
    return f.pin_today(monkeypatch)


class Caseloads:
    """One client for each way into (or out of) a counselor's caseload or a supervisor's scope."""

    def __init__(self, actor: Actor) -> None:
        north = f.other_site()
        counselor = f.staff(actor, "counselor", "Casey Counselor")
        trainee = f.staff(actor, "counselor", "Terry Trainee")
        supervisor = f.staff(actor, "supervisor", "Sage Supervisor")
        Staff.update(supervisor=supervisor.id).where(Staff.id == trainee.id).execute()
        self.counselor, self.trainee = f.actor_as(actor, counselor), f.actor_as(actor, trainee)
        self.supervisor = f.actor_as(actor, supervisor)
        self.auditor = f.actor_as(actor, f.staff(actor, "auditor", "Avery Auditor"))
        self.frontdesk = f.actor_as(actor, f.staff(actor, "frontdesk", "Frankie Desk"))
        admin = f.staff(actor, "administrator", "Ada Admin")
        Staff.update(also_clinical=True).where(Staff.id == admin.id).execute()
        self.clinical_admin = Actor(admin.id, actor.site_id, "administrator", also_clinical=True)

        def far_client(first: str) -> Client:
            c = f.client(actor, first, "Elsewhere")
            Client.update(home_site=north.id).where(Client.id == c.id).execute()
            return Client.get_by_id(c.id)

        self.primary = far_client("Primary")
        Client.update(primary_counselor=counselor.id).where(Client.id == self.primary.id).execute()
        far_group = f.group(actor, "North Evening", site_id=north.id)
        f.facilitate(far_group, counselor.id)
        self.in_my_group = far_client("Member")
        f.enroll(actor, self.in_my_group, far_group, MONDAY)
        self.waiting = far_client("Waiting")
        f.enroll(actor, self.waiting, far_group, MONDAY, status="wait_listed")
        self.seen_alone = far_client("Individual")
        f.session(actor, None, TODAY, kind="individual", who=self.seen_alone, facilitator=counselor.id)
        self.came_once = far_client("Visitor")
        other_group = f.group(actor, "North Morning", site_id=north.id)
        led = f.session(actor, other_group, TODAY - dt.timedelta(days=7), facilitator=counselor.id)
        f.attend(actor, led, self.came_once)
        self.written_about = far_client("Written")
        Note.create(
            origin_site=actor.site_id,
            session=led.id,
            client=self.written_about.id,
            author=counselor.id,
            date=led.date,
        )
        self.trainees = far_client("Trainee's")
        Client.update(primary_counselor=trainee.id).where(Client.id == self.trainees.id).execute()
        self.at_home_site = f.client(actor, "Local", "Client")
        self.stranger = far_client("Stranger")
        self.all = [
            self.primary,
            self.in_my_group,
            self.waiting,
            self.seen_alone,
            self.came_once,
            self.written_about,
            self.trainees,
            self.at_home_site,
            self.stranger,
        ]
        self.actors = [
            self.counselor,
            self.trainee,
            self.supervisor,
            self.auditor,
            self.frontdesk,
            self.clinical_admin,
        ]


@pytest.fixture
def caseloads(db, actor) -> Caseloads:  # type: ignore[no-untyped-def]
    return Caseloads(actor)


def test_readable_client_ids_answers_as_can_does_client_by_client(caseloads: Caseloads) -> None:
    ids = [c.id for c in caseloads.all]
    for who in caseloads.actors:
        one_by_one = {c for c in ids if permissions.can(who, permissions.NOTE_READ, client_id=c)}
        assert permissions.readable_client_ids(who, ids) == one_by_one, who.role


def test_the_scope_is_what_the_caseload_rules_say(caseloads: Caseloads) -> None:
    c = caseloads
    counselor = permissions.readable_client_ids(c.counselor, [x.id for x in c.all])
    assert counselor == {
        c.primary.id,
        c.in_my_group.id,
        c.seen_alone.id,
        c.came_once.id,
        c.written_about.id,
    }  # not the one only waiting for a place, not another counselor's client
    supervisor = permissions.readable_client_ids(c.supervisor, [x.id for x in c.all])
    assert supervisor == {c.at_home_site.id, c.trainees.id}  # their site, and their supervisee's caseload
    assert permissions.readable_client_ids(c.frontdesk, [x.id for x in c.all]) == set()
    assert permissions.readable_client_ids(c.auditor, [x.id for x in c.all]) == {x.id for x in c.all}


def test_the_scope_as_a_query_condition_matches_too(caseloads: Caseloads) -> None:
    ids = [c.id for c in caseloads.all]
    for who in caseloads.actors:
        for action in (permissions.NOTE_READ, permissions.NOTE_COSIGN):
            scope = permissions.client_scope(who, action, Client.id)
            query = Client.select(Client.id).where(Client.id.in_(ids))
            found = {r.id for r in (query.where(scope) if scope is not None else query)}
            expected = {x for x in ids if permissions.can(who, action, client_id=x)}
            assert found == expected, (who.role, action)
