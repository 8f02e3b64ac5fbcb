"""The audit trail: every roster and attendance action leaves its entry, and tampering is always found."""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
import uuid

import peewee
import pytest

from iopdesk.domain.attendance import marking as attendance
from iopdesk.domain.calendar import edits as session_edits
from iopdesk.domain.calendar import holidays
from iopdesk.domain.clients.clients import ClientDraft, add_client, get_client, update_client
from iopdesk.domain.enrollment import enrollment, keep_apart, waitlist
from iopdesk.domain.kernel import audit
from iopdesk.domain.overviews import audit_trail as audit_view
from iopdesk.domain.roster_files.export import export_roster
from iopdesk.domain.roster_files.importing import import_roster
from iopdesk.store import transaction
from iopdesk.store.database import Target, open_database
from iopdesk.store.driver import dbapi  # the one SQLite library of this process
from iopdesk.store.models import AuditEvent
from iopdesk.store.models import database as proxy
from tests.support import factories as f
from tests.support import raw_sql
from tests.support.factories import MONDAY, TODAY


@pytest.fixture(autouse=True)
def today(monkeypatch):  # type: ignore[no-untyped-def]
    return f.pin_today(monkeypatch)


def last(n: int = 1) -> list[AuditEvent]:
    rows = list(AuditEvent.select().order_by(AuditEvent.seq.desc()).limit(n))
    return rows[::-1]


def entries_since(seq: int) -> list[AuditEvent]:
    return list(AuditEvent.select().where(AuditEvent.seq > seq).order_by(AuditEvent.seq))


def head() -> int:
    row = AuditEvent.select(AuditEvent.seq).order_by(AuditEvent.seq.desc()).first()
    return row.seq if row else 0


def test_client_create_change_and_view_are_recorded(db, actor) -> None:  # type: ignore[no-untyped-def]
    info = add_client(actor, ClientDraft("Ana", "Lopez", dt.date(1990, 1, 2), phone="555-0100"), today=TODAY)
    made = last()[0]
    assert (made.action, made.client_id, made.record_type, made.staff_id) == (
        "create",
        info.id,
        "client",
        actor.staff_id,
    )
    assert json.loads(made.changes)["legal_last"] == [None, "Lopez"]
    update_client(actor, info.id, phone="555-0199", today=TODAY)
    changed = last()[0]
    assert changed.action == "change" and json.loads(changed.changes) == {"phone": ["555-0100", "555-0199"]}
    update_client(actor, info.id, phone="555-0199", today=TODAY)  # nothing changed: no entry
    assert last()[0].seq == changed.seq
    get_client(actor, info.id)
    viewed = last()[0]
    assert (viewed.action, viewed.client_id, viewed.workstation) == ("view", info.id, actor.workstation)
    get_client(actor, info.id, audited=False)  # a refresh of the open record
    assert last()[0].seq == viewed.seq


def test_enrollment_wait_list_and_keep_apart_are_recorded(db, actor) -> None:  # type: ignore[no-untyped-def]
    group = f.group(actor, "Evening Recovery")
    group.max_size = 1
    group.save()
    sam, ana = f.client(actor, "Sam", "Rivera"), f.client(actor, "Ana", "Lopez")
    start = head()
    joined = enrollment.enroll(actor, sam.id, group.id, TODAY, today=TODAY)
    waiting = enrollment.enroll(actor, ana.id, group.id, TODAY, today=TODAY)  # full: wait list
    assert waiting.status == "wait_listed"
    enrollment.end_enrollment(actor, joined.id, TODAY, "completed")
    waitlist.leave_waitlist(actor, waiting.id, "withdrawn")
    note = keep_apart.add_keep_apart(actor, sam.id, ana.id, "relatives")
    keep_apart.retire_keep_apart(actor, note.id)
    got = [(e.action, e.record_type, e.client_id) for e in entries_since(start)]
    assert got == [
        ("create", "enrollment", sam.id),
        ("create", "enrollment", ana.id),
        ("change", "enrollment", sam.id),
        ("change", "enrollment", ana.id),
        ("create", "keep_apart", sam.id),
        ("create", "keep_apart", ana.id),
        ("change", "keep_apart", sam.id),
        ("change", "keep_apart", ana.id),
    ]
    ended = entries_since(start)[2]
    assert json.loads(ended.changes)["status"] == ["active", "completed"]


def test_attendance_marks_walk_ins_and_session_changes_are_recorded(db, actor) -> None:  # type: ignore[no-untyped-def]
    group = f.group(actor)
    sam, ana, walker = (
        f.client(actor, "Sam", "Rivera"),
        f.client(actor, "Ana", "Lopez"),
        f.client(actor, "Wal", "Ker"),
    )
    for who in (sam, ana):
        f.enroll(actor, who, group, MONDAY)
    session = f.session(actor, group, TODAY)
    start = head()
    attendance.session_attendance(actor, session.id)
    attendance.mark(actor, session.id, sam.id, "absent_unexcused")
    attendance.mark(actor, session.id, sam.id, "present")
    attendance.mark_all_present(actor, session.id)
    attendance.add_walk_in(actor, session.id, walker.id, "Covering for another group")
    later = f.session(actor, group, TODAY + dt.timedelta(days=7))
    session_edits.reschedule_session(actor, later.id, TODAY + dt.timedelta(days=8))
    session_edits.cancel_session(actor, later.id, "Facilitator ill")
    got = [(e.action, e.record_type, e.client_id) for e in entries_since(start)]
    assert got == [
        ("view", "session", None),
        ("create", "attendance", sam.id),
        ("change", "attendance", sam.id),
        ("create", "attendance", ana.id),
        ("create", "attendance", walker.id),
        ("change", "session", None),
        ("change", "session", None),
    ]
    corrected = entries_since(start)[2]
    assert json.loads(corrected.changes)["status"] == ["absent_unexcused", "present"]
    moved = entries_since(start)[5]
    assert json.loads(moved.changes)["date"] == [str(later.date), str(TODAY + dt.timedelta(days=8))]


def test_holidays_imports_and_exports_are_recorded(db, actor) -> None:  # type: ignore[no-untyped-def]
    group = f.group(actor, "Evening Recovery")
    start = head()
    result = holidays.add_holiday(actor, TODAY + dt.timedelta(days=3), "Founders' Day")
    holidays.remove_holiday(actor, result.holiday.id)
    data = b"First name,Last name,Date of birth,Group\r\nAna,Lopez,1990-01-02,Evening Recovery\r\n"
    import_roster(actor, data, dry_run=True)
    assert [e.action for e in entries_since(start)] == ["create", "change"]  # a dry run leaves no trace
    report = import_roster(actor, data)
    assert report.ok and report.created == 1
    export_roster(actor, group.name)
    actions = [(e.action, e.record_type) for e in entries_since(start)][2:]
    assert actions == [
        ("create", "client"),
        ("create", "enrollment"),
        ("import", "roster"),
        ("export", "report"),
    ]
    assert json.loads(last()[0].changes) == {"group": group.name, "rows": 1}


def test_note_text_stands_in_the_trail_as_a_digest() -> None:
    digest = audit.text_digest("Client spoke about relapse triggers at work.")
    assert set(digest) == {"sha256", "length"} and digest["length"] == 44
    assert "relapse" not in json.dumps(digest)


def test_a_rolled_back_action_leaves_no_entry_and_the_chain_holds(db, actor) -> None:  # type: ignore[no-untyped-def]
    add_client(actor, ClientDraft("Ana", "Lopez", dt.date(1990, 1, 2)), today=TODAY)
    before = head()
    with pytest.raises(RuntimeError), transaction():
        add_client(actor, ClientDraft("Sam", "Rivera", dt.date(1991, 1, 2)), today=TODAY)
        raise RuntimeError("power cut")
    assert head() == before
    add_client(actor, ClientDraft("Sam", "Rivera", dt.date(1991, 1, 2)), today=TODAY)
    report = audit.verify_chain()
    assert report.ok and report.head_seq == before + 1, report.message


def test_the_store_refuses_to_change_or_remove_entries(db, db_target, actor) -> None:  # type: ignore[no-untyped-def]
    add_client(actor, ClientDraft("Ana", "Lopez", dt.date(1990, 1, 2)), today=TODAY)
    with pytest.raises(peewee.IntegrityError, match="cannot be changed"):
        AuditEvent.update(action="view").execute()
    with pytest.raises(peewee.IntegrityError, match="cannot be removed"):
        AuditEvent.delete().execute()
    with pytest.raises(peewee.IntegrityError):
        last()[0].delete_instance()
    with raw_sql.another_connection(db_target) as (conn, integrity_error):  # a database tool's
        with pytest.raises(integrity_error):
            conn.execute("UPDATE audit_event SET changes = '{}'")
        with pytest.raises(integrity_error):
            conn.execute("DELETE FROM audit_event")
        if db_target.is_server:  # a statement SQLite does not have; row triggers do not see it
            with pytest.raises(integrity_error, match="cannot be removed"):
                conn.execute("TRUNCATE audit_event")
    assert audit.verify_chain().ok


def test_audit_view_filters_and_is_itself_audited(db, actor) -> None:  # type: ignore[no-untyped-def]
    ana = add_client(actor, ClientDraft("Ana", "Lopez", dt.date(1990, 1, 2), chart_number="A-1"), today=TODAY)
    sam = add_client(actor, ClientDraft("Sam", "Rivera", dt.date(1991, 1, 2)), today=TODAY)
    get_client(actor, ana.id)
    entries = audit_view.audit_events(actor, client_id=ana.id)
    assert [e.action for e in entries] == ["view", "create"]
    assert entries[0].client_label == "A-1 Ana Lopez" and entries[0].staff_name.startswith("tester")
    assert {e.client_id for e in audit_view.audit_events(actor, action="create")} == {ana.id, sam.id}
    assert audit_view.audit_events(actor, start=dt.date(2100, 1, 1)) == []
    assert audit_view.audit_events(actor, end=dt.date(2000, 1, 1)) == []
    assert len(audit_view.audit_events(actor, start=dt.date(2000, 1, 1), end=dt.date(2100, 1, 1))) > 3
    looked = last()[0]
    assert (looked.action, looked.record_type) == ("view", "audit_trail")
    text = audit_view.export_audit_csv(actor, client_id=ana.id)
    lines = text.splitlines()
    assert lines[0].startswith("Entry,When (UTC),Staff") and "A-1" in lines[1] and "42 CFR part 2" in text
    assert last()[0].action == "export"


def _tamper_trial(base: str, trial: str, rng: random.Random, conn_rows: list[tuple]) -> tuple[str, int]:  # type: ignore[type-arg]
    """Change the copy at ``trial`` one random way; returns (what, the first entry that is now wrong)."""
    shutil.copy(base, trial)
    conn = dbapi.connect(trial)
    conn.execute("DROP TRIGGER audit_event_no_update")
    conn.execute("DROP TRIGGER audit_event_no_delete")
    kind, bad = _tamper(conn, rng, len(conn_rows))
    conn.commit()
    conn.close()
    return kind, bad


class _Raw:
    """The open clinic's own connection, as a database tool would use it (tests/support/raw_sql)."""

    def execute(self, sql: str, params: tuple = ()):  # type: ignore[no-untyped-def, type-arg]
        return raw_sql.execute(sql, params)


def _tamper(conn, rng: random.Random, n: int) -> tuple[str, int]:  # type: ignore[no-untyped-def]
    """Change the trail one random way through ``conn``; returns (what, the first entry now wrong)."""
    kind = rng.choice(("edit", "edit", "delete", "swap"))
    if kind == "delete":
        seq = rng.randint(1, n)
        conn.execute("DELETE FROM audit_event WHERE seq = ?", (seq,))
        bad = seq
    elif kind == "swap":
        i, j = sorted(rng.sample(range(1, n + 1), 2))
        conn.execute("UPDATE audit_event SET seq = -1 WHERE seq = ?", (i,))
        conn.execute("UPDATE audit_event SET seq = ? WHERE seq = ?", (i, j))
        conn.execute("UPDATE audit_event SET seq = ? WHERE seq = -1", (j,))
        bad = i
    else:
        seq = rng.randint(1, n)
        column = rng.choice(
            (
                "id",
                "seq",
                "at",
                "staff_id",
                "workstation",
                "site_id",
                "action",
                "client_id",
                "record_type",
                "record_id",
                "changes",
                "prev_hash",
                "hash",
            )
        )
        old = conn.execute(f"SELECT {column} FROM audit_event WHERE seq = ?", (seq,)).fetchone()[0]
        new = {
            "seq": n + rng.randint(1, 50),
            "at": (dt.datetime(2025, 1, 1) + dt.timedelta(seconds=rng.randint(0, 10**7))).isoformat(sep=" "),
            "changes": json.dumps({"status": ["present", rng.choice(["absent", "late", "x"])]}),
            "prev_hash": f"{rng.getrandbits(256):064x}",
            "hash": f"{rng.getrandbits(256):064x}",
        }.get(
            column,
            uuid.UUID(int=rng.getrandbits(128)).hex if column.endswith("id") else f"forged-{rng.random()}",
        )
        assert new != old
        conn.execute(f"UPDATE audit_event SET {column} = ? WHERE seq = ?", (new, seq))
        kind, bad = f"edit {column}", seq
    return kind, bad


@pytest.mark.expect_warnings(r"audit trail check failed")  # the tampering is the test
def test_verify_chain_finds_every_randomized_tampering(db, db_path, actor, tmp_path) -> None:  # type: ignore[no-untyped-def]
    group = f.group(actor)
    clients = [f.client(actor, f"C{i}", "Test") for i in range(4)]
    for who in clients:
        f.enroll(actor, who, group, MONDAY)
    session = f.session(actor, group, TODAY)
    for who in clients:
        get_client(actor, who.id)
        attendance.mark(actor, session.id, who.id, "present")
    update_client(actor, clients[0].id, phone="555-0100", today=TODAY)
    assert audit.verify_chain().ok
    rows = list(AuditEvent.select().tuples())
    assert len(rows) >= 9
    rng = random.Random(20260216)
    if isinstance(db, peewee.PostgresqlDatabase):
        _tamper_on_the_server(db, rng, len(rows))
        return
    db.close()
    proxy.initialize(None)
    trial = str(tmp_path / "trial.sqlite3")
    found = {}
    for _ in range(150):
        kind, bad = _tamper_trial(str(db_path), trial, rng, rows)
        opened = open_database(Target(path=tmp_path / "trial.sqlite3"))
        try:
            report = audit.verify_chain()
        finally:
            opened.close()
            proxy.initialize(None)
        assert not report.ok, f"{kind} at entry {bad} went unnoticed"
        assert report.first_bad_seq == bad, (kind, bad, report.message)
        found[kind.split()[0]] = found.get(kind.split()[0], 0) + 1
    assert set(found) == {"edit", "delete", "swap"}
    open_database(Target(path=db_path))  # the fixture closes it


def _tamper_on_the_server(db, rng: random.Random, n: int) -> None:  # type: ignore[no-untyped-def]
    """The same trials on a server: each in a transaction that takes the trail's triggers away
    (the tables' owner can), tampers, checks the chain, and is rolled back."""
    found = {}
    for _ in range(150):
        with db.atomic() as trial:
            raw_sql.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only")
            kind, bad = _tamper(_Raw(), rng, n)
            report = audit.verify_chain()
            trial.rollback()
        assert not report.ok, f"{kind} at entry {bad} went unnoticed"
        assert report.first_bad_seq == bad, (kind, bad, report.message)
        found[kind.split()[0]] = found.get(kind.split()[0], 0) + 1
    assert set(found) == {"edit", "delete", "swap"}
    assert audit.verify_chain().ok  # every trial was rolled back


@pytest.mark.expect_warnings(r"audit trail check failed")  # the tampering is the test
def test_entries_added_behind_the_programs_back_are_found(db, db_path, actor) -> None:  # type: ignore[no-untyped-def]
    add_client(actor, ClientDraft("Ana", "Lopez", dt.date(1990, 1, 2)), today=TODAY)
    newest = last()[0]
    forged = {
        "seq": newest.seq + 1,
        "id": uuid.uuid4(),
        "at": newest.at,
        "staff_id": actor.staff_id,
        "workstation": "x",
        "site_id": None,
        "action": "view",
        "client_id": None,
        "record_type": "",
        "record_id": "",
        "changes": "{}",
        "prev_hash": newest.hash,
    }
    forged["hash"] = audit.entry_hash([forged[c] for c in audit.CHAIN_COLUMNS[:-1]])
    AuditEvent.insert(**forged).execute()  # a well-formed entry, but the head record was not moved
    report = audit.verify_chain()
    assert not report.ok and report.first_bad_seq == newest.seq + 1


def test_the_trail_reads_in_words_who_which_client_what(db, actor) -> None:  # type: ignore[no-untyped-def]
    """A co-signature reads "Co-signed note" (it is stored as "sign"), records are named, not ids."""
    from iopdesk.domain import notes
    from tests.support.note_factories import DAY, REQUIRED_TEXT, group_with, staff_of, writer

    supervisor = writer(actor, "Sky Supervisor", role="supervisor")
    trainee = writer(actor, "Tara Trainee", needs_cosign=True, supervisor=staff_of(supervisor))
    setup = group_with(actor, [("Ana", "Ruiz")], facilitator=trainee)
    part = notes.open_group_note(trainee, setup.session.id).part(setup.members[0].id).note
    notes.save_draft(
        trainee, part.id, {"data": "Engaged and shared a recent trigger.", **REQUIRED_TEXT}, part.version
    )
    notes.sign_note(trainee, part.id, confirm=True)
    notes.cosign(supervisor, part.id)

    entries = audit_view.audit_page(supervisor, action="sign")
    cosigned, signed = entries[0], entries[1]
    day = f"{DAY:%b} {DAY.day}, {DAY.year}"
    assert (cosigned.what, cosigned.staff_name.split(" (")[0]) == ("Co-signed note", "Sky Supervisor")
    assert (signed.what, signed.staff_name.split(" (")[0]) == ("Signed note", "Tara Trainee")
    assert cosigned.record_label == f"note on Relapse Prevention, {day}"
    assert cosigned.client_name == "Ana Ruiz" and cosigned.record_id[:8] not in cosigned.record_label
    assert "content_hash" not in cosigned.details and "sha256" not in signed.details
    trail = audit_view.audit_page(supervisor)
    drafts = [e for e in trail if e.action == "change" and e.record_type == "note"]
    attendance.mark(trainee, setup.session.id, setup.members[0].id, "absent_excused", reason="paper sheet")
    (marked,) = [e for e in audit_view.audit_page(supervisor) if e.record_type == "attendance"]
    assert (marked.what, marked.record_label) == ("Changed attendance", f"Relapse Prevention, {day}")
    assert "status: Present → Absent (excused)" in marked.details
    assert drafts and all("text of" in e.details or e.details == "" for e in drafts if "data" in e.changes)


def test_the_audit_view_counts_what_the_chain_check_counts(db, actor) -> None:  # type: ignore[no-untyped-def]
    """The list used to be read before its own look was written: one short of Verify's count."""
    add_client(actor, ClientDraft("Ona", "Count", dt.date(1985, 2, 3)), today=TODAY)
    shown = audit_view.audit_page(actor, limit=50_000)
    assert len(shown) == audit.verify_chain().entries
    assert shown[0].what == "Looked at the audit trail" and shown[0].staff_id == actor.staff_id
    assert json.loads(shown[0].changes_json)["entries"] == len(shown) - 1  # what was there to look at
    before = audit_view.audit_page(actor, end=TODAY - dt.timedelta(days=400))  # a window without today
    assert before == []


def test_an_entry_undone_with_its_savepoint_leaves_the_chain_whole(db, actor) -> None:  # type: ignore[no-untyped-def]
    """A server keeps the trail's last entry for the rest of a transaction (no second read): an
    entry rolled back with a savepoint must not be what the next one follows."""
    with transaction():
        audit.record(actor, audit.VIEW, record_type="probe", record_id="kept")
        with pytest.raises(RuntimeError):
            with transaction():  # a savepoint
                audit.record(actor, audit.VIEW, record_type="probe", record_id="undone")
                raise RuntimeError("the inner step failed")
        audit.record(actor, audit.VIEW, record_type="probe", record_id="after")
    ids = [e.record_id for e in last(2)]
    assert ids == ["kept", "after"]
    assert audit.verify_chain().ok
