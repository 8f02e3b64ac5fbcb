"""The chart's Notes section: the client's own parts as lines (no text), for a period, read by those
who may read the client's notes, with one audit entry that says no text was shown."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from iopdesk.domain.care.chart_notes import note_lines
from iopdesk.domain.kernel.errors import PermissionDenied
from iopdesk.store.models import AuditEvent, Client, Note
from tests.support import care_factories as cf
from tests.support import factories as f
from tests.support.factories import TODAY

DAY = dt.timedelta(days=1)


def a_part(actor, session, client_id):  # type: ignore[no-untyped-def]
    return Note.create(
        origin_site=actor.site_id,
        session=session.id,
        client=client_id,
        author=actor.staff_id,
        body=json.dumps({"data": "Named two coping skills."}),
        date=session.date,
    )


def test_the_clients_parts_as_lines_for_a_period_with_one_audit_entry(actor) -> None:  # type: ignore[no-untyped-def]
    client = cf.person(actor)
    other = cf.person(actor, "Sky", "Other")
    group = f.group(actor, "Evening IOP")
    f.facilitate(group, actor.staff_id)
    early = f.session(actor, group, TODAY - 9 * DAY, facilitator=actor.staff_id)
    late = f.session(actor, group, TODAY - 2 * DAY, facilitator=actor.staff_id)
    for s in (early, late):
        f.attend(actor, s, Client.get_by_id(client.id))
        a_part(actor, s, client.id)
    a_part(actor, late, other.id)  # another client's part of the same session
    Note.create(
        origin_site=actor.site_id,
        session=late.id,
        client=None,
        author=actor.staff_id,
        body="{}",
        date=late.date,
    )  # the shared part is not the client's
    before = AuditEvent.select().count()
    lines = note_lines(actor, client.id)
    assert [(n.date, n.session_title, n.status_label) for n in lines] == [
        (early.date, "Evening IOP", "Draft"),
        (late.date, "Evening IOP", "Draft"),
    ]
    entry = AuditEvent.select().order_by(AuditEvent.seq.desc()).first()
    assert AuditEvent.select().count() == before + 1
    assert (entry.action, entry.record_type, entry.record_id) == ("view", "note", "chart")
    assert entry.client_id == client.id and '"text":false' in entry.changes.replace(" ", "")
    assert [n.date for n in note_lines(actor, client.id, TODAY - 5 * DAY, TODAY, audited=False)] == [
        late.date
    ]
    assert AuditEvent.select().count() == before + 1


def test_front_desk_may_not_list_notes(actor) -> None:  # type: ignore[no-untyped-def]
    client = cf.person(actor)
    desk = f.actor_as(actor, f.staff(actor, "frontdesk", "Fran Desk"))
    with pytest.raises(PermissionDenied, match="cannot read session notes"):
        note_lines(desk, client.id)
