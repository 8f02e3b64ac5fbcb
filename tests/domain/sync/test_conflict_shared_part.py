"""A sync conflict about a group note's shared part is read as the notes screen reads that part: by
whoever writes it or may read one member's notes (notes.common.shared_readable), not by every
administrator who also does clinical work."""

from __future__ import annotations

import json

from iopdesk.domain import notes
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.notes.common import SHARED_REFUSED
from iopdesk.domain.sync import conflict_detail as cd
from iopdesk.domain.sync.rows import read_state, state_hash
from iopdesk.store.models import Note
from iopdesk.store.sync_models import SyncConflict
from tests.support import factories as f
from tests.support.note_factories import group_with, writer


def _clinical_admin(actor: Actor, name: str) -> Actor:
    member = f.staff(actor, role="administrator", name=name)
    member.also_clinical = True
    member.save()
    return Actor(member.id, actor.site_id, "administrator", also_clinical=True)


def test_a_shared_parts_text_is_withheld_from_an_administrator_outside_the_group(actor):
    me = writer(actor)
    setup = group_with(actor, [("Ana", "Ruiz")], facilitator=me)
    shared = notes.open_group_note(me, setup.session.id).shared
    notes.save_draft(me, shared.id, {"topic": "laptop words"}, Note.get_by_id(shared.id).version)
    kept = read_state("note", str(shared.id))
    lost = {**kept, "body": json.dumps({"topic": "clinic words"})}
    conflict = SyncConflict.create(
        table_name="note",
        row_id=str(shared.id),
        client_id=None,
        kept_hash=state_hash(kept),
        lost=json.dumps(lost),
    )
    outsider = _clinical_admin(actor, "Robin Admin")
    leader = _clinical_admin(actor, "Lee Admin")
    f.facilitate(setup.group, leader.staff_id)

    hidden = cd.conflict_detail(outsider, conflict.id)
    assert hidden.withheld_because == SHARED_REFUSED
    assert "words" not in " ".join(f"{c.kept} {c.lost}" for c in hidden.columns)
    shown = cd.conflict_detail(leader, conflict.id)
    assert shown.withheld_because == ""
    body = next(c for c in shown.columns if c.column == "body")
    assert "laptop words" in body.kept and "clinic words" in body.lost
