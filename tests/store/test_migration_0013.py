"""Migration 0013 on a clinic's note templates and snippets: every one stays as it was, a template
takes the id every place gives its format, a snippet its first edit stamp, and from then on their
changes are captured for sync. Runs on SQLite and on the server."""

from __future__ import annotations

import datetime as dt
import uuid

from iopdesk.domain.kernel.ids import template_id
from iopdesk.store.database import Target, bind, make_database, runner
from iopdesk.store.models import NoteTemplate, Site, Snippet, Staff
from iopdesk.store.models import database as proxy
from iopdesk.store.server import ServerDatabase
from iopdesk.store.sync_models import SyncChange

BEFORE = "0012_sync_facilitators"
MADE = dt.datetime(2025, 2, 3, 14, 30)
DAP = '{"format": "DAP", "title": "DAP (clinic)"}'


def test_0013_keeps_templates_and_snippets_gives_ids_and_stamps_and_captures_changes(new_clinic) -> None:  # type: ignore[no-untyped-def]
    db = make_database(Target.parse(new_clinic))
    db.connect()
    bind(db)
    try:
        runner(db).up(BEFORE)
        site = Site.create(name="Main")
        owner = Staff.create(username="user1", display_name="Staff 1", role="counselor", home_site=site.id)
        mark = db.param

        def stored(*values: object) -> list[object]:
            return [
                (str(v) if isinstance(db, ServerDatabase) else v.hex) if isinstance(v, uuid.UUID) else v
                for v in values
            ]

        old_template = uuid.uuid4()  # as 0001..0012 made them: random
        db.execute_sql(
            "INSERT INTO note_template (id, note_format, definition, updated_at) "
            f"VALUES ({mark}, {mark}, {mark}, {mark})",
            stored(old_template, "DAP", DAP, MADE),
        )
        snippets = {None: uuid.uuid4(), owner.id: uuid.uuid4()}
        for who, snippet_id in snippets.items():
            db.execute_sql(
                "INSERT INTO snippet (id, owner_id, title, text, created_at) "
                f"VALUES ({mark}, {mark}, {mark}, {mark}, {mark})",
                stored(snippet_id, who, "Safety", "Denies SI/HI.", MADE),
            )
        captured = SyncChange.select().count()

        runner(db).up()

        (template,) = NoteTemplate.select()
        assert template.id == template_id("DAP") != old_template
        assert (template.note_format, template.definition, template.updated_at) == ("DAP", DAP, MADE)
        kept = {row.id: row for row in Snippet.select()}
        assert set(kept) == set(snippets.values())  # random ids stay: a snippet has no natural key
        for who, snippet_id in snippets.items():
            row = kept[snippet_id]
            assert (row.owner_id, row.title, row.text, row.removed_at) == (
                who,
                "Safety",
                "Denies SI/HI.",
                None,
            )
            assert row.created_at == row.updated_at == MADE
        assert SyncChange.select().count() == captured  # new ids and stamps are no edit of this place
        NoteTemplate.update(definition=None, updated_at=MADE).execute()  # reset: the row stays
        Snippet.update(removed_at=MADE, updated_at=MADE).where(Snippet.id == snippets[None]).execute()
        lines = [
            (line.table_name, uuid.UUID(line.row_id))
            for line in SyncChange.select()
            .where(SyncChange.table_name.in_(["note_template", "snippet"]))
            .order_by(SyncChange.id)
        ]
        assert lines == [("note_template", template_id("DAP")), ("snippet", snippets[None])]
    finally:
        db.close()
        proxy.initialize(None)
