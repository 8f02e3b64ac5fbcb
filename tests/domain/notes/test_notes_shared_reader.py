"""A group note's shared part is read by those who write it or may read one member's notes.

It names no one, but it is clinical text about the people at that session (whose names and marks
the note shows beside it): a counselor who neither leads the group nor has any of its members in
their caseload, or a supervisor of another site, must not read it, find it by search, or run
the checks that quote it.
"""

from dataclasses import replace

import pytest

from iopdesk.domain import notes
from iopdesk.domain.kernel.errors import PermissionDenied
from iopdesk.domain.notes.readiness import signing_readiness
from iopdesk.store.models import AuditEvent, Client, Note
from tests.support import factories as f
from tests.support.note_factories import group_with, writer


def _group_note(actor):
    me = writer(actor)
    setup = group_with(actor, [("Ana", "Ruiz"), ("Ben", "Okafor")], facilitator=me)
    shared = notes.open_group_note(me, setup.session.id).shared
    notes.save_draft(me, shared.id, {"topic": "Zanzibar relapse triggers"}, Note.get_by_id(shared.id).version)
    return me, setup, shared.id


def test_a_stranger_does_not_read_the_shared_part(actor):
    me, setup, shared_id = _group_note(actor)
    stranger = writer(actor, "Stan Stranger")

    assert notes.open_group_note(stranger, setup.session.id).shared is None
    assert notes.search_notes(stranger, "zanzibar") == []
    for read in (notes.check_confidentiality, notes.note_conflicts, notes.verify_note):
        with pytest.raises(PermissionDenied, match="not about anyone in your caseload"):
            read(stranger, shared_id)
    with pytest.raises(PermissionDenied):
        signing_readiness(stranger, [shared_id])
    denied = AuditEvent.select().where(
        (AuditEvent.action == "permission.denied") & (AuditEvent.record_id == str(shared_id))
    )
    assert denied.count() >= 3

    # Its writer, and the auditor, still read it (by opening and by search).
    assert notes.open_group_note(me, setup.session.id).shared.body["topic"] == "Zanzibar relapse triggers"
    assert [h.note_id for h in notes.search_notes(me, "zanzibar")] == [shared_id]
    auditor = writer(actor, "Audrey Auditor", role="auditor")
    assert notes.open_group_note(auditor, setup.session.id).shared is not None
    assert [h.note_id for h in notes.search_notes(auditor, "zanzibar")] == [shared_id]


def test_one_member_in_the_caseload_opens_the_shared_part(actor):
    _me, setup, shared_id = _group_note(actor)
    colleague = writer(actor, "Cory Colleague")
    Client.update(primary_counselor=colleague.staff_id).where(Client.id == setup.members[1].id).execute()

    view = notes.open_group_note(colleague, setup.session.id)
    assert view.shared is not None and view.shared.id == shared_id
    assert [m.note is not None for m in view.members] == [False, True]  # Ben's part only
    assert [h.note_id for h in notes.search_notes(colleague, "zanzibar")] == [shared_id]


def test_a_supervisor_of_another_site_does_not_read_it(actor):
    _me, setup, shared_id = _group_note(actor)
    north = f.other_site()
    here = writer(actor, "Sky Supervisor", role="supervisor")
    away = replace(writer(actor, "Remy Remote", role="supervisor"), site_id=north.id)

    assert notes.open_group_note(here, setup.session.id).shared is not None
    assert notes.open_group_note(away, setup.session.id).shared is None
    assert notes.search_notes(away, "zanzibar") == []
    with pytest.raises(PermissionDenied):
        notes.check_confidentiality(away, shared_id)
