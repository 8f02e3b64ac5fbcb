"""Change files between a satellite laptop and the clinic (issue 14): sealed, idempotent, all or nothing."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from peewee import PostgresqlDatabase

from iopdesk.domain import notes
from iopdesk.domain.attendance import marking
from iopdesk.domain.clients import clients
from iopdesk.domain.kernel import audit
from iopdesk.domain.kernel.errors import PermissionDenied, ValidationError
from iopdesk.domain.sync import exchange, sealing, service
from iopdesk.domain.sync.rows import SYNCED
from iopdesk.domain.sync.sealing import ChangeFileRefused
from iopdesk.store.errors import StoreFull
from iopdesk.store.models import AttendanceChange, AuditEvent, Client, Note, NoteConflict, Staff
from iopdesk.store.sync_models import SyncConflict
from tests.support import sync_places as sp

MIGRATIONS = [
    Path(__file__).resolve().parents[3] / f"iopdesk/store/migrations/{name}.py"
    for name in (
        "0010_sync",
        "0011_sync_care",
        "0012_sync_facilitators",
        "0013_sync_templates",
        "0014_sync_settings",
    )
]


def _first_part() -> Note:
    return sp.note_parts()[0]


def _edit(who, note_id, words: str) -> None:  # type: ignore[no-untyped-def]
    row = Note.get_by_id(note_id)
    body = json.loads(row.body)
    body["data"] = (body.get("data", "") + " " + words).strip()
    assert notes.save_draft(who, note_id, body, row.version).saved


def test_the_tables_the_triggers_watch_are_the_ones_that_travel() -> None:
    watched = []
    for migration in MIGRATIONS:
        text = migration.read_text()
        frozen = text[text.index("SYNCED_TABLES = (") : text.index(")", text.index("SYNCED_TABLES = ("))]
        watched += re.findall(r'"(\w+)"', frozen)  # one name a line, or one on the line (0012)
    assert [m._meta.table_name for m in SYNCED] == watched


def test_a_laptops_work_reaches_the_clinic_and_its_trail_verifies(clinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    laptop = clinic.laptops[0]
    with laptop.open():
        part = _first_part()
        _edit(clinic.counselor, part.id, "steady week at work")
        session, client = part.session_id, part.client_id
        marking.mark(clinic.counselor, session, client, "late", minutes=100)
        laptop_entries = sp.audit_ids()
    sp.receive(clinic, clinic.hub, sp.send(clinic, laptop, clinic.hub, tmp_path))
    with clinic.hub.open():
        assert "steady week at work" in Note.get_by_id(part.id).body
        assert laptop_entries <= sp.audit_ids()
        assert audit.verify_chain().ok
        last = AuditEvent.select().order_by(AuditEvent.seq.desc()).get()
        assert last.action == service.SYNC_IMPORT and json.loads(last.changes)["rows_applied"] >= 2


def test_the_same_file_twice_changes_nothing(clinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    laptop = clinic.laptops[0]
    with laptop.open():
        _edit(clinic.counselor, _first_part().id, "first words")
    file = sp.send(clinic, laptop, clinic.hub, tmp_path)
    sp.receive(clinic, clinic.hub, file)
    with clinic.hub.open():
        before = sp.dump()
    again = sp.receive(clinic, clinic.hub, file)
    assert again.counts.rows_applied == 0 and again.counts.entries_added == 0
    with clinic.hub.open():
        assert sp.dump() == before


def test_a_file_altered_by_one_byte_is_refused_and_changes_nothing(clinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    laptop = clinic.laptops[0]
    with laptop.open():
        _edit(clinic.counselor, _first_part().id, "words")
    file = sp.send(clinic, laptop, clinic.hub, tmp_path)
    data = bytearray(file.read_bytes())
    with clinic.hub.open():
        before, trail = sp.dump(), sp.audit_ids()
    for where in (len(data) - 1, len(data) // 2, 20):
        bad = bytearray(data)
        bad[where] ^= 0x01
        file.write_bytes(bytes(bad))
        with pytest.raises(ChangeFileRefused) as refused:
            sp.receive(clinic, clinic.hub, file)
        said = str(refused.value)
        assert "\n" not in said and "nothing was applied" in said
        assert "altered" in said
    with clinic.hub.open():
        assert sp.dump() == before and sp.audit_ids() == trail


def test_a_file_of_another_clinic_is_refused(clinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    other = sp.make_clinic(tmp_path / "other", laptops=0)
    with other.hub.open():
        file = tmp_path / "other.iopsync"
        service.export_changes(other.admin, file)
    with pytest.raises(ChangeFileRefused, match="made for another clinic"):
        sp.receive(clinic, clinic.hub, file)


def test_an_import_killed_midway_leaves_nothing_and_runs_again(clinic, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    laptop = clinic.laptops[0]
    with laptop.open():
        _edit(clinic.counselor, _first_part().id, "kept words")
    file = sp.send(clinic, laptop, clinic.hub, tmp_path)
    with clinic.hub.open():
        before, trail = sp.dump(), sp.audit_ids()

    def killed(*_a, **_k):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt  # the rows are written, the audit entries not yet: the process dies

    with monkeypatch.context() as m:
        m.setattr(exchange, "_apply_entries", killed)
        with pytest.raises(KeyboardInterrupt):
            sp.receive(clinic, clinic.hub, file)
    with clinic.hub.open():
        assert sp.dump() == before and sp.audit_ids() == trail
    sp.receive(clinic, clinic.hub, file)
    with clinic.hub.open():
        assert "kept words" in _first_part().body and audit.verify_chain().ok


def test_a_draft_edited_at_both_places_keeps_both_texts(clinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    laptop = clinic.laptops[0]
    with laptop.open():
        part = _first_part()
        _edit(clinic.counselor, part.id, "laptop words")
    with clinic.hub.open():
        _edit(clinic.counselor, part.id, "clinic words")
    sp.exchange(clinic, laptop, clinic.hub, tmp_path)
    sp.exchange(clinic, laptop, clinic.hub, tmp_path)
    seen = []
    for place in clinic.places:
        with place.open():
            texts = [Note.get_by_id(part.id).body] + [c.body for c in NoteConflict.select()]
            assert any("laptop words" in t for t in texts) and any("clinic words" in t for t in texts)
            shown = notes.note_conflicts(clinic.counselor, part.id)
            assert len(shown) == 1  # the author sees the text that lost, to merge it
            seen.append(sp.dump())
    assert seen[0] == seen[1]


@pytest.mark.expect_warnings("sync could not replace a locked row")
def test_a_note_signed_at_both_places_shows_the_other_text_to_its_author_at_each(clinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    laptop = clinic.laptops[0]
    with laptop.open():
        part = _first_part()
    for place, words in ((laptop, "laptop words"), (clinic.hub, "clinic words")):
        with place.open():
            _edit(clinic.counselor, part.id, words)
            notes.sign_note(clinic.counselor, part.id, True)
    sp.exchange(clinic, laptop, clinic.hub, tmp_path)
    sp.exchange(clinic, laptop, clinic.hub, tmp_path)
    for place, own, other in (
        (laptop, "laptop words", "clinic words"),
        (clinic.hub, "clinic words", "laptop words"),
    ):
        with place.open():
            note = Note.get_by_id(part.id)
            assert note.status == "signed" and own in note.body  # a signed note never changes
            shown = [" ".join(c.body.values()) for c in notes.note_conflicts(clinic.counselor, part.id)]
            assert any(other in text for text in shown), place.name  # the author sees the other one
            assert SyncConflict.select().where(SyncConflict.table_name == "note").exists()


def test_attendance_marked_at_both_places_keeps_both_marks_and_counts_once(clinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    laptop = clinic.laptops[0]
    with laptop.open():
        part = _first_part()
        marking.mark(clinic.counselor, part.session_id, part.client_id, "absent_excused")
    with clinic.hub.open():
        marking.mark(clinic.counselor, part.session_id, part.client_id, "late", minutes=60)
    sp.exchange(clinic, laptop, clinic.hub, tmp_path)
    sp.exchange(clinic, laptop, clinic.hub, tmp_path)
    states = []
    for place in clinic.places:
        with place.open():
            rows = sp.dump()["attendance"]
            mine = [
                r
                for r in rows.values()
                if r["client_id"] == part.client_id.hex and r["session_id"] == part.session_id.hex
            ]
            assert len(mine) == 1  # one row: minutes never counted twice
            afters = {json.loads(c.after).get("status") for c in AttendanceChange.select()}
            assert {"absent_excused", "late"} <= afters  # both marks in the history
            shown = service.conflicts(clinic.admin)
            assert [c.table for c in shown] == ["attendance"]  # the disagreement is shown
            assert SyncConflict.select().count() == 1
            states.append(sp.dump())
    assert states[0] == states[1]


def test_only_administrators_sync(clinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with clinic.hub.open():
        with pytest.raises(PermissionDenied):
            service.export_changes(clinic.counselor, tmp_path / "x.iopsync")
    assert not (tmp_path / "x.iopsync").exists()


def test_every_table_that_travels_has_its_capture_triggers(clinic) -> None:  # type: ignore[no-untyped-def]
    with clinic.hub.open():
        from iopdesk.store import current

        db = current()
        if isinstance(db, PostgresqlDatabase):  # one trigger per table, for all three events
            sql = (
                "SELECT tgname, tgtype FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D' "
                "AND tgfoid = 'iopdesk_sync_capture'::regproc"
            )
            found = {name: kind for name, kind in db.execute_sql(sql).fetchall()}
        else:
            names = {r[0] for r in db.execute_sql("SELECT name FROM sqlite_master WHERE type='trigger'")}
    for model in SYNCED:
        table = model._meta.table_name
        if isinstance(db, PostgresqlDatabase):
            # tgtype: ROW (1), INSERT (4), DELETE (8), UPDATE (16); AFTER: no BEFORE bit (2)
            assert found.get(f"sync_capture_{table}") == 1 | 4 | 8 | 16, table
            continue
        for event in ("insert", "update", "delete"):
            assert f"sync_capture_{table}_{event}" in names


def test_rows_that_point_at_rows_of_their_own_table_arrive_in_any_order(clinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A change set is applied table by table, each table's rows by id: a staff member made at a
    laptop may come before the supervisor made with them there (on a server, the synced tables'
    foreign keys are deferrable and an import defers them to its commit)."""
    laptop = clinic.laptops[0]
    boss_id, member_id = uuid.UUID(int=(1 << 128) - 1), uuid.UUID(int=1)  # the member sorts first
    with laptop.open():
        home = Staff.get_by_id(clinic.admin.staff_id).home_site_id
        made = {"home_site": home, "role": "counselor"}
        Staff.create(id=boss_id, username="boss-l", display_name="Blair Boss", **made)
        Staff.create(id=member_id, username="member-l", display_name="Morgan Mem", supervisor=boss_id, **made)
    sp.receive(clinic, clinic.hub, sp.send(clinic, laptop, clinic.hub, tmp_path))
    with clinic.hub.open():
        assert Staff.get_by_id(member_id).supervisor_id == boss_id


def test_clients_taken_in_at_two_places_get_chart_numbers_that_never_collide(clinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    laptop = clinic.laptops[0]
    made = {}
    for place in (clinic.hub, laptop, laptop):
        with place.open():
            draft = clients.ClientDraft("Nova", f"Intake{len(made)}", dt.date(1990, 1, 1))
            info = clients.add_client(clinic.counselor, draft)
            made[info.id] = info.chart_number
    hub_chart, first, second = made.values()
    assert hub_chart.startswith("C-") and len(hub_chart) == 8  # the clinic's own: C-000123
    assert first[:-4] == second[:-4] != hub_chart[:-4]  # the laptop's own mark: C-7F3A-0001
    assert int(second[-4:]) == int(first[-4:]) + 1
    sp.exchange(clinic, laptop, clinic.hub, tmp_path)
    sp.exchange(clinic, laptop, clinic.hub, tmp_path)
    for place in clinic.places:
        with place.open():
            assert {c.id: c.chart_number for c in Client.select().where(Client.id.in_(list(made)))} == made
            assert not SyncConflict.select().exists()


def _resealed(clinic, file: Path, change) -> Path:  # type: ignore[no-untyped-def]
    """The change set in ``file`` changed by ``change`` and sealed again with the clinic's key, as
    another version of IOPdesk at another place of this clinic would have made it."""
    with clinic.hub.open():
        key = sealing.clinic_key()
    change_set = sealing.unseal(file.read_bytes(), key, file.name)
    change(change_set)
    out = file.with_name("other-version.iopsync")
    out.write_bytes(sealing.seal(change_set, key))
    return out


def test_a_file_from_a_newer_iopdesk_is_refused_and_changes_nothing(clinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    laptop = clinic.laptops[0]
    with laptop.open():
        clients.update_client(clinic.admin, clinic.clients[0], phone="555-0100")
    file = sp.send(clinic, laptop, clinic.hub, tmp_path)

    def newer(change_set: dict) -> None:  # type: ignore[type-arg]
        change_set["schema"] = "0099_a_later_step"
        for row in change_set["rows"]:
            row[3]["column_added_later"] = "what this version would drop"

    with clinic.hub.open():
        before, trail = sp.dump(), sp.audit_ids()
    with pytest.raises(exchange.ChangeSetRefused) as refused:
        sp.receive(clinic, clinic.hub, _resealed(clinic, file, newer))
    said = str(refused.value)
    assert (
        "newer version of IOPdesk" in said and "0099_a_later_step" in said and "nothing was applied" in said
    )
    with clinic.hub.open():
        assert sp.dump() == before and sp.audit_ids() == trail
    sp.receive(clinic, clinic.hub, file)  # the same work from this version goes in
    with clinic.hub.open():
        assert Client.get_by_id(clinic.clients[0]).phone == "555-0100"


def test_a_file_from_an_older_iopdesk_is_applied(clinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    laptop = clinic.laptops[0]
    with laptop.open():
        clients.update_client(clinic.admin, clinic.clients[0], phone="555-0101")
    file = sp.send(clinic, laptop, clinic.hub, tmp_path)
    sp.receive(clinic, clinic.hub, _resealed(clinic, file, lambda change_set: change_set.pop("schema")))
    with clinic.hub.open():
        assert Client.get_by_id(clinic.clients[0]).phone == "555-0101"


def test_an_export_whose_commit_is_refused_leaves_no_file_and_the_next_carries_every_edit(
    clinic, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """A change file is named only once its export is committed: one left by an export undone
    (its database's disk full at the commit) held edit counts this laptop then gave its next edits
    again, and the clinic, having applied it, took the next edit for one it had and dropped it."""
    laptop = clinic.laptops[0]
    with laptop.open():
        part = _first_part()
        _edit(clinic.counselor, part.id, "first words")
    real = service.transaction

    @contextlib.contextmanager
    def refused_at_commit() -> Iterator[None]:
        with real():
            yield
            raise StoreFull()  # what SQLite says when the commit cannot be written

    with monkeypatch.context() as m:
        m.setattr(service, "transaction", refused_at_commit)
        with pytest.raises(StoreFull):
            sp.send(clinic, laptop, clinic.hub, tmp_path)
    assert list(tmp_path.glob("*.iopsync*")) == []
    with laptop.open():
        _edit(clinic.counselor, part.id, "second words")
    sp.receive(clinic, clinic.hub, sp.send(clinic, laptop, clinic.hub, tmp_path))
    with clinic.hub.open():
        assert "first words second words" in Note.get_by_id(part.id).body


def test_a_full_disk_while_writing_says_so_and_records_nothing(clinic, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    laptop = clinic.laptops[0]
    with laptop.open():
        _edit(clinic.counselor, _first_part().id, "words")
        trail = sp.audit_ids()

    def full(*_a, **_k):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as m:
        m.setattr(os, "fsync", full)
        with pytest.raises(ValidationError) as refused:
            sp.send(clinic, laptop, clinic.hub, tmp_path)
    assert "No space left on device" in str(refused.value)
    assert list(tmp_path.glob("*.iopsync*")) == []
    with laptop.open():
        assert sp.audit_ids() == trail  # no export recorded
    sp.receive(clinic, clinic.hub, sp.send(clinic, laptop, clinic.hub, tmp_path))
    with clinic.hub.open():
        assert "words" in _first_part().body
