"""Full-text search: current after every save and sign, filtered, accent-insensitive."""

import datetime as dt
import uuid

import pytest

from iopdesk.domain import notes
from iopdesk.domain.kernel.errors import PermissionDenied, ValidationError
from iopdesk.store import fulltext
from iopdesk.store.database import runner
from iopdesk.store.models import Note
from tests.support import factories as f
from tests.support.note_factories import DAY, fill_required, group_with, writer


def _write(me, part_id, text, field="data"):
    row = Note.get_by_id(part_id)
    return notes.save_draft(me, part_id, {field: text}, row.version)


@pytest.fixture
def world(actor):
    me = writer(actor)
    colleague = writer(actor, "Cory Colleague")
    first = group_with(actor, [("Ana", "Ruiz"), ("Ben", "Okafor")], name="Relapse Prevention", facilitator=me)
    view = notes.open_group_note(me, first.session.id)
    ana = view.part(first.members[0].id).note.id
    ben = view.part(first.members[1].id).note.id
    _write(me, ana, "Discussed cravings at the warehouse; practised urge surfing.")
    _write(me, ben, "Reported cravings after the café visit.")
    fill_required(me, ben)
    notes.sign_note(me, ben, confirm=True)
    second = group_with(actor, [("Cleo", "Marsh")], name="Process Group", day=DAY + dt.timedelta(days=30),
                        facilitator=[colleague, me])
    cleo = notes.open_group_note(colleague, second.session.id).part(second.members[0].id).note.id
    _write(colleague, cleo, "Cravings were low this week.")
    return {"me": me, "colleague": colleague, "first": first, "second": second,
            "ana": ana, "ben": ben, "cleo": cleo}


def test_finds_words_in_drafts_and_signed_notes(world):
    me = world["me"]
    hits = notes.search_notes(me, "cravings")
    assert {h.note_id for h in hits} == {world["ana"], world["ben"], world["cleo"]}
    assert hits[0].note_id == world["cleo"]  # newest date of service first
    by_id = {h.note_id: h for h in hits}
    assert by_id[world["ben"]].status == "signed" and by_id[world["ana"]].status == "draft"
    assert by_id[world["ana"]].client_name == "Ana R." and by_id[world["ana"]].date == DAY
    hit = by_id[world["ana"]]
    assert [hit.snippet[s:e] for s, e in hit.highlights] == ["cravings"]
    assert "\x02" not in hit.snippet
    assert by_id[world["ana"]].session_title == "Relapse Prevention"
    assert by_id[world["ana"]].author_name == "Casey Counselor"


def test_filters(world):
    me, first = world["me"], world["first"]
    ben = first.members[1].id
    assert [h.note_id for h in notes.search_notes(me, "cravings", client_id=ben)] == [world["ben"]]
    assert [h.note_id for h in notes.search_notes(me, "crav*", client_id=ben)] == [world["ben"]]
    assert {h.note_id for h in notes.search_notes(me, "cravings", group_id=first.group.id)} == {
        world["ana"], world["ben"]}
    assert [h.note_id for h in notes.search_notes(me, "cravings", author_id=world["colleague"].staff_id)] == [
        world["cleo"]]
    later = notes.search_notes(me, "cravings", start=DAY + dt.timedelta(days=1))
    assert [h.note_id for h in later] == [world["cleo"]]
    assert len(notes.search_notes(me, "cravings", end=DAY)) == 2
    assert len(notes.search_notes(me, "cravings", limit=1)) == 1
    ana = first.members[0].id
    assert notes.search_notes(me, "cravings", client_id=ana, start=DAY + dt.timedelta(days=1)) == []


def test_accents_phrases_prefixes_and_every_word(world):
    me = world["me"]
    assert [h.note_id for h in notes.search_notes(me, "cafe")] == [world["ben"]]
    assert [h.note_id for h in notes.search_notes(me, '"urge surfing"')] == [world["ana"]]
    assert notes.search_notes(me, '"surfing urge"') == []
    assert [h.note_id for h in notes.search_notes(me, "wareh*")] == [world["ana"]]
    assert [h.note_id for h in notes.search_notes(me, "cravings week")] == [world["cleo"]]
    # Field keys are not indexed and FTS syntax typed by a person is taken as words.
    assert notes.search_notes(me, "assessment") == []
    assert notes.search_notes(me, "data:cravings OR NEAR(") == []


def test_index_follows_every_save_and_leaves_retired_notes(world):
    me = world["me"]
    _write(me, world["ana"], "Talked about the new job instead.")
    assert world["ana"] not in {h.note_id for h in notes.search_notes(me, "cravings")}
    assert [h.note_id for h in notes.search_notes(me, "job")] == [world["ana"]]
    Note.update(retired_at=dt.datetime(2025, 5, 1)).where(Note.id == world["ana"]).execute()
    assert notes.search_notes(me, "job") == []
    assert fulltext.integrity_ok()


def test_search_is_refused_without_words_or_permission(world, actor):
    with pytest.raises(ValidationError):
        notes.search_notes(world["me"], "  ?! ")
    with pytest.raises(ValidationError):
        notes.search_notes(world["me"], "cravings", start=DAY, end=DAY - dt.timedelta(days=1))
    with pytest.raises(PermissionDenied):
        notes.search_notes(writer(actor, "Fran Desk", role="frontdesk"), "cravings")


def test_notes_written_before_the_index_existed_are_indexed_by_the_migration(world, db):
    steps = runner(db)
    steps.down("0002_notes")  # back to 0001 (later steps first): no index, no triggers
    assert "note_fts" not in db.get_tables()
    Note.insert(
        id=uuid.UUID(int=12345),
        origin_site=world["me"].site_id,
        session=world["second"].session.id,
        client=world["second"].members[0].id,
        author=world["me"].staff_id,
        body='{"data":"Written while the index was missing: zeppelin."}',
        date=DAY,
    ).execute()
    steps.up()
    assert len(notes.search_notes(world["me"], "zeppelin")) == 1
    assert len(notes.search_notes(world["me"], "cravings")) == 3
    assert fulltext.integrity_ok()


def test_rebuild_gives_the_same_answers(world):
    fulltext.rebuild()
    assert len(notes.search_notes(world["me"], "cravings")) == 3
    assert fulltext.integrity_ok()


def test_walk_in_with_a_part_is_searchable_by_group(world, actor):
    me, first = world["me"], world["first"]
    walk_in = f.client(actor, "Dee", "Vance")
    f.attend(actor, first.session, walk_in)
    part = notes.open_group_note(me, first.session.id).part(walk_in.id).note.id
    _write(me, part, "First visit; quiet but attentive.")
    assert [h.note_id for h in notes.search_notes(me, "attentive", group_id=first.group.id)] == [part]
