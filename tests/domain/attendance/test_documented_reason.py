"""A screen can tell, before marking, that a change needs the reason a signed note asks for (issue 17).

The late-entry reason and the signed-note reason travel in the same ``reason``; a screen that
already holds a late-entry reason must not pass it on as the reason a signed note's mark changed,
so it asks ``change_needs_reason`` first and asks the person for that reason specifically.
"""

from __future__ import annotations

import datetime as dt

import pytest

from iopdesk.domain import notes
from iopdesk.domain.attendance.documented import change_needs_reason
from iopdesk.domain.attendance.marking import mark
from iopdesk.domain.kernel.errors import PermissionDenied
from tests.support import factories as f
from tests.support import note_factories as nf

T = dt.time


@pytest.fixture(autouse=True)
def today(monkeypatch):
    return f.pin_today(monkeypatch, nf.DAY)


def test_only_a_change_to_what_a_signed_note_documents_needs_the_reason(actor):
    me = nf.writer(actor)
    setup = nf.group_with(actor, [("Ana", "Ruiz"), ("Ben", "Cole")], facilitator=me)
    ana, ben = setup.members
    sid = setup.session.id
    assert not change_needs_reason(me, sid, ana.id, "absent_unexcused")  # nothing signed yet
    part = notes.open_group_note(me, sid).part(ana.id).note
    notes.save_draft(me, part.id, {"data": "Engaged.", **nf.REQUIRED_TEXT}, part.version)
    notes.sign_note(me, part.id, confirm=True)

    assert change_needs_reason(me, sid, ana.id, "absent_unexcused")
    assert change_needs_reason(me, sid, ana.id, "left_early", departed=T(10, 30))
    assert not change_needs_reason(me, sid, ana.id, "present")  # the same mark again
    assert not change_needs_reason(me, sid, ana.id, "left_early")  # refused anyway: no time given
    assert not change_needs_reason(me, sid, ana.id, "nonsense")
    assert not change_needs_reason(me, sid, ben.id, "absent_unexcused")  # his part is not signed
    mark(me, sid, ana.id, "absent_unexcused", reason="She was not there after all.")
    assert change_needs_reason(me, sid, ana.id, "present")
    auditor = f.actor_as(actor, f.staff(actor, role="auditor"))
    with pytest.raises(PermissionDenied):
        change_needs_reason(auditor, sid, ana.id, "present")
