"""Migration 0012 on a clinic's facilitator links: every link stays (not removed), takes the id every
place gives it, and from then on its changes are captured for sync. Runs on SQLite and on the server."""

from __future__ import annotations

import datetime as dt
import uuid

from iopdesk.domain.kernel.ids import facilitator_id
from iopdesk.store.database import Target, bind, make_database, runner
from iopdesk.store.models import GroupFacilitator, Site, Staff, TherapyGroup
from iopdesk.store.models import database as proxy
from iopdesk.store.server import ServerDatabase
from iopdesk.store.sync_models import SyncChange

BEFORE = "0011_sync_care"
MADE = dt.datetime(2025, 2, 3, 14, 30)


def test_0012_keeps_every_link_gives_it_the_shared_id_and_captures_its_changes(new_clinic) -> None:  # type: ignore[no-untyped-def]
    db = make_database(Target.parse(new_clinic))
    db.connect()
    bind(db)
    try:
        runner(db).up(BEFORE)
        site = Site.create(name="Main")
        lead, co = (
            Staff.create(username=f"user{n}", display_name=f"Staff {n}", role="counselor", home_site=site.id)
            for n in (1, 2)
        )
        group = TherapyGroup.create(origin_site=site.id, name="Process", kind="process", site=site.id)
        old_ids = {}
        for member, is_lead in ((lead, True), (co, False)):
            old_ids[member.id] = uuid.uuid4()  # as 0001..0011 made them: random
            stored = [old_ids[member.id], group.id, member.id]
            values = [str(v) if isinstance(db, ServerDatabase) else v.hex for v in stored]
            mark = db.param
            db.execute_sql(
                "INSERT INTO group_facilitator (id, group_id, staff_id, is_lead, created_at) "
                f"VALUES ({mark}, {mark}, {mark}, {mark}, {mark})",
                (*values, is_lead, MADE),
            )
        captured = SyncChange.select().count()

        runner(db).up()

        links = {link.staff_id: link for link in GroupFacilitator.select()}
        assert set(links) == {lead.id, co.id}
        for member, is_lead in ((lead, True), (co, False)):
            link = links[member.id]
            assert link.id == facilitator_id(group.id, member.id) != old_ids[member.id]
            assert (link.is_lead, link.removed_at) == (is_lead, None)
            assert link.created_at == link.updated_at == MADE
        assert SyncChange.select().count() == captured  # new ids are no edit of this place
        GroupFacilitator.update(removed_at=MADE, updated_at=MADE).where(
            GroupFacilitator.staff == co.id
        ).execute()
        lines = SyncChange.select().where(SyncChange.table_name == "group_facilitator")
        assert [uuid.UUID(line.row_id) for line in lines] == [facilitator_id(group.id, co.id)]
    finally:
        db.close()
        proxy.initialize(None)
