"""Every released schema version opens: a saved database per version (tests/fixtures) upgrades intact.

Each copy is opened the program's normal way (``open_database``), which keeps a
copy of the file as it was and migrates it; the rows written by that version
must come through, the schema must be the newest, and the domain must read them.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import pytest
from peewee import Database
from playhouse.schema_diff import diff_models

from iopdesk.domain import notes
from iopdesk.domain.enrollment.waitlist import enroll_from_waitlist
from iopdesk.domain.groups.groups import get_group
from iopdesk.domain.kernel import audit, settings
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.ids import facilitator_id, setting_id, template_id
from iopdesk.domain.notes.body import default_template
from iopdesk.domain.overviews.rosters import group_roster
from iopdesk.store import fulltext
from iopdesk.store.database import (
    HISTORY_TABLE,
    SQLITE_HEADER,
    Target,
    known_migrations,
    open_database,
    schema_state,
)
from iopdesk.store.models import (
    ALL_MODELS,
    Attendance,
    Client,
    ClinicSetting,
    Enrollment,
    GroupFacilitator,
    Note,
    NoteTemplate,
    Session,
    Setting,
    Snippet,
    Staff,
)
from iopdesk.store.models import database as proxy
from tests.fixtures import make_schema_fixtures as made

pytestmark = pytest.mark.sqlite_only("the saved SQLite database of every schema version")

STEPS = known_migrations()


def uid(hex_id: str) -> UUID:
    return UUID(hex_id)


def test_there_is_a_saved_database_for_every_schema_version() -> None:
    assert list(made.VERSIONS) == STEPS, "a new migration: add it to tests/fixtures/make_schema_fixtures.py"
    assert sorted(made.HERE.glob("*.sqlite3")) == [made.path_for(step) for step in STEPS]


def applied_in(path: Path) -> list[str]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [name for (name,) in con.execute(f"SELECT name FROM {HISTORY_TABLE} ORDER BY name")]
    finally:
        con.close()


@pytest.fixture(params=STEPS, ids=[step[:4] for step in STEPS])
def upgraded(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[int, Path, Database]]:
    step: str = request.param
    saved = made.path_for(step)
    path = tmp_path / "clinic.sqlite3"
    shutil.copyfile(saved, path)
    assert applied_in(path) == STEPS[: STEPS.index(step) + 1]  # the file is what that version wrote
    db = open_database(Target(path=path))
    yield STEPS.index(step) + 1, path, db
    db.close()
    proxy.initialize(None)


def test_an_old_database_upgrades_to_the_newest_schema_and_keeps_a_copy_as_it_was(upgraded) -> None:
    level, path, db = upgraded
    assert schema_state(db) == (STEPS, [], [])
    assert not diff_models(db, ALL_MODELS)
    kept = sorted(path.parent.glob("*before-upgrade*"))
    if level == len(STEPS):
        assert kept == []  # nothing to upgrade, nothing copied
    else:
        assert [p.name for p in kept] == [f"clinic.before-upgrade-from-{STEPS[level - 1][:4]}.sqlite3"]
        assert applied_in(kept[0]) == STEPS[:level]
    with path.open("rb") as fh:
        assert fh.read(16) == SQLITE_HEADER  # still plain: opening never encrypts on its own


def test_the_rows_of_an_old_database_come_through(upgraded) -> None:
    level, _, _ = upgraded
    river, stone = Client.get_by_id(uid(made.RIVER)), Client.get_by_id(uid(made.STONE))
    assert (river.legal_first, river.legal_last, river.chart_number) == ("Robin", "River", "FX-0001")
    assert (river.date_of_birth, river.admission_date) == (dt.date(1988, 7, 14), dt.date(2024, 1, 8))
    assert stone.chart_number == "FX-0002" and river.primary_counselor_id == uid(made.COUNSELOR)
    member, waiting = Enrollment.get_by_id(uid(made.MEMBER)), Enrollment.get_by_id(uid(made.WAITING))
    assert (member.status, member.start_date, member.client_id) == ("active", dt.date(2024, 1, 8), river.id)
    assert (waiting.status, waiting.waitlist_position) == ("wait_listed", 1.0)
    assert waiting.waitlisted_at == dt.datetime(2024, 2, 5, 15, 30)
    session = Session.get_by_id(uid(made.SESSION))
    assert (session.date, session.start_time, session.topic) == (
        dt.date(2024, 2, 5),
        dt.time(9, 0),
        "Refusal skills",
    )
    mark = Attendance.get_by_id(uid(made.MARK))
    assert (mark.status, mark.minutes_attended, mark.arrived_at) == ("late", 165, dt.time(9, 15))
    assert mark.minutes_typed is False  # 165 is what the arrival at 09:15 gives: derived (0005)
    note = Note.get_by_id(uid(made.NOTE))
    assert json.loads(note.body) == json.loads(made.NOTE_BODY) and note.status == "draft"
    assert note.guard_override == (None if level < 2 else "no names: checked with the client")
    admin, counselor = Staff.get_by_id(uid(made.ADMIN)), Staff.get_by_id(uid(made.COUNSELOR))
    assert (admin.username, counselor.supervisor_id) == ("fixadmin", admin.id)
    # Columns added by 0003: a database from before it gets their defaults.
    added = (admin.also_clinical, counselor.must_change_password)
    assert added == ((True, True) if level >= 3 else (False, False))
    assert settings.get("clinic_name") == "Fixture Clinic"


def test_the_facilitators_of_an_old_database_come_through_with_the_ids_every_place_gives(upgraded) -> None:
    level, _, _ = upgraded
    group, counselor = uid(made.GROUP), uid(made.COUNSELOR)
    links = {link.staff_id: link for link in GroupFacilitator.select()}
    kept = links[counselor]
    assert kept.id == facilitator_id(group, counselor)  # 0012 gave the link its shared id
    assert kept.is_lead and kept.removed_at is None and kept.updated_at == kept.created_at
    # From 0012 on the admin's link, taken off, is kept as removed; before it there was none.
    assert sorted(links) == sorted([counselor, uid(made.ADMIN)] if level >= 12 else [counselor])
    actor = Actor(counselor, uid(made.SITE), "counselor", workstation="test")
    assert [f.staff_id for f in get_group(actor, group).facilitators] == [counselor]


def test_the_templates_and_snippets_of_an_old_database_come_through(upgraded) -> None:
    level, _, _ = upgraded
    counselor = Actor(uid(made.COUNSELOR), uid(made.SITE), "counselor", workstation="test")
    if level < 13:
        # Before 0013 none were saved in the fixtures: the shipped defaults, and no snippets.
        assert NoteTemplate.select().count() == Snippet.select().count() == 0
        assert notes.template_for("DAP") == default_template("DAP")
        return
    rows = {row.note_format: row for row in NoteTemplate.select()}
    assert {fmt: row.id for fmt, row in rows.items()} == {fmt: template_id(fmt) for fmt in ("DAP", "SOAP")}
    assert notes.template_for("DAP").member_keys == ("summary",)  # the clinic's own
    assert rows["SOAP"].definition is None and notes.template_for("SOAP") == default_template("SOAP")
    customized = {t.note_format for t in notes.list_templates(counselor) if t.customized}
    assert customized == {"DAP"}
    assert [s.id for s in notes.list_snippets(counselor)] == [uid(made.SNIPPET_KEPT)]  # removed: kept, unseen
    assert Snippet.get_by_id(uid(made.SNIPPET_REMOVED)).removed_at is not None


def test_the_settings_of_an_old_database_come_through_in_the_table_that_travels(upgraded) -> None:
    level, _, _ = upgraded
    # 0014 moved the clinic's settings out of ``setting`` (which keeps this database's own metadata).
    row = ClinicSetting.get(ClinicSetting.key == "clinic_name")
    assert (row.id, json.loads(row.value)) == (setting_id("clinic_name"), "Fixture Clinic")
    assert not Setting.select().where(Setting.key.in_(list(settings.DECLARED))).exists()
    assert settings.get("absence_limit") == (4 if level >= 14 else settings.DECLARED["absence_limit"].default)
    if level >= 10:
        assert Setting.select().where(Setting.key.in_(["device_id", "sync_key"])).count() == 2


def test_the_program_works_on_an_upgraded_database(upgraded) -> None:
    level, _, _ = upgraded
    # Notes written before full-text search existed (0001) are found too: 0002 indexed them.
    assert [hit.note_id for hit in fulltext.search("refusal skills")] == [uid(made.NOTE)]
    # The audit trail is intact (two entries from 0003 on, empty before).
    report = audit.verify_chain()
    assert report.ok and report.entries == (2 if level >= 3 else 0)
    actor = Actor(uid(made.COUNSELOR), uid(made.SITE), "counselor", workstation="test")
    roster = group_roster(actor, uid(made.GROUP), today=dt.date(2024, 2, 5))
    assert [m.chart_number for m in roster.members] == ["FX-0001"]
    assert [w.chart_number for w in roster.waitlist] == ["FX-0002"]
    # Taking the client from the line writes the enrollment and continues the old trail.
    tuesday = dt.date(2024, 2, 6)
    joined = enroll_from_waitlist(actor, uid(made.WAITING), override_reason="fixture", today=tuesday)
    assert (joined.status, joined.start_date) == ("active", dt.date(2024, 2, 12))  # the next Monday
    after = audit.verify_chain()
    assert after.ok and after.entries > report.entries
    with pytest.raises(Exception, match="cannot be changed"):
        db = proxy.obj
        db.execute_sql("UPDATE audit_event SET action = 'x'")
