"""Before two places can merge (issue 14): ids made alike at every place, one audit chain per device."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import uuid
from pathlib import Path

import pytest
from peewee import IntegrityError, PostgresqlDatabase

from iopdesk.domain.attendance import marking as attendance
from iopdesk.domain.calendar.sessions import generate_sessions
from iopdesk.domain.kernel import audit, ids
from iopdesk.store import server_schema, transaction
from iopdesk.store.audit_log import CHAIN_COLUMNS
from iopdesk.store.database import Target, make_database, open_database, runner
from iopdesk.store.models import Attendance, AuditEvent, Session, Setting
from iopdesk.store.models import database as proxy
from tests.fixtures import make_schema_fixtures as made
from tests.support import factories as f
from tests.support.factories import MONDAY

D = dt.timedelta


@pytest.fixture(autouse=True)
def today(monkeypatch):  # type: ignore[no-untyped-def]
    return f.pin_today(monkeypatch)


def test_a_generated_session_id_comes_from_its_schedule_and_date(db, actor) -> None:  # type: ignore[no-untyped-def]
    grp = f.group(actor)
    slot = f.schedule(actor, grp, 0)
    generate_sessions(actor, MONDAY, MONDAY + D(days=7))
    rows = list(Session.select().where(Session.schedule == slot.id).order_by(Session.date))
    assert [r.id for r in rows] == [ids.generated_session_id(slot.id, r.origin_date) for r in rows]
    # Fixed forever: the same schedule and date give this id at every place, in every version.
    assert ids.generated_session_id(uuid.UUID(int=1), dt.date(2024, 2, 5)) == uuid.uuid5(
        uuid.UUID("7cddd654-77e3-5c08-84fe-e5388cf18298"), "session:" + "0" * 31 + "1:2024-02-05"
    )


def test_an_attendance_row_id_comes_from_its_session_and_client(db, actor) -> None:  # type: ignore[no-untyped-def]
    grp = f.group(actor)
    who = f.client(actor)
    f.enroll(actor, who, grp, MONDAY)
    session = f.session(actor, grp, MONDAY)
    attendance.mark(actor, session.id, who.id, "present")
    row = Attendance.get((Attendance.session == session.id) & (Attendance.client == who.id))
    assert row.id == ids.attendance_id(session.id, who.id)


def test_existing_session_ids_stay(tmp_path: Path) -> None:
    path = tmp_path / "clinic.sqlite3"
    shutil.copyfile(made.path_for("0008_measures"), path)
    db = open_database(Target(path=path))
    try:
        assert Session.get_by_id(uuid.UUID(made.SESSION)).origin_date == dt.date(2024, 2, 5)
    finally:
        db.close()
        proxy.initialize(None)


def test_each_entry_carries_its_device_and_place_in_that_devices_chain(db, actor) -> None:  # type: ignore[no-untyped-def]
    f.client(actor)
    audit.record(actor, audit.VIEW, record_type="client")
    audit.record(actor, audit.VIEW, record_type="client")
    device = audit.this_device()
    rows = list(AuditEvent.select().order_by(AuditEvent.seq))
    assert rows and {r.device_id for r in rows} == {device}
    assert [r.device_seq for r in rows] == list(range(1, len(rows) + 1))
    assert all(b.prev_hash == a.hash for a, b in zip(rows, rows[1:], strict=False))
    assert audit.verify_chain().ok


def test_an_old_single_chain_becomes_the_first_devices_and_still_verifies(tmp_path: Path) -> None:
    path = tmp_path / "clinic.sqlite3"
    shutil.copyfile(made.path_for("0008_measures"), path)
    db = open_database(Target(path=path))
    try:
        device = audit.this_device()
        rows = list(AuditEvent.select().order_by(AuditEvent.seq))
        assert [(r.device_id, r.device_seq) for r in rows] == [(device, 1), (device, 2)]
        assert audit.verify_chain().ok
        audit.append(None, None, "desk", audit.VIEW)  # continues that chain in the newer form
        newest = AuditEvent.get(AuditEvent.seq == 3)
        assert (newest.device_id, newest.device_seq, newest.prev_hash) == (device, 3, rows[-1].hash)
        assert audit.verify_chain().ok
    finally:
        db.close()
        proxy.initialize(None)


def _second_device_entries(db, count: int) -> None:  # type: ignore[no-untyped-def]
    """Entries of another device arriving here (as a sync brings them), chained the program's way,
    written with plain SQL (either engine)."""
    other, prev = uuid.uuid4(), audit.GENESIS
    mark = db.param
    seq = db.execute_sql("SELECT max(seq) FROM audit_event").fetchone()[0]
    for number in range(1, count + 1):
        values: dict[str, object] = {
            "seq": seq + number,
            "device_id": other.hex,
            "device_seq": number,
            "id": uuid.uuid4().hex,
            "at": "2024-02-06 10:00:00",
            "staff_id": None,
            "workstation": "laptop",
            "site_id": None,
            "action": "view",
            "client_id": None,
            "record_type": "",
            "record_id": "",
            "changes": "{}",
            "prev_hash": prev,
        }
        values["hash"] = prev = audit.rehashed(values)
        names, marks = ", ".join(values), ", ".join([mark] * len(values))
        db.execute_sql(f"INSERT INTO audit_event ({names}) VALUES ({marks})", list(values.values()))
        db.execute_sql(
            f"UPDATE setting SET value = {mark} WHERE key = {mark}",
            (json.dumps({"seq": seq + number, "hash": prev}), audit.HEAD_KEY),
        )


def _lift_no_update(db) -> None:  # type: ignore[no-untyped-def]
    """Someone holding the key (the tables' owner, on a server) lifts the trail's no-update guard."""
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only")
    else:
        db.execute_sql("DROP TRIGGER audit_event_no_update")


@pytest.mark.expect_warnings("audit trail check failed")
def test_verification_checks_every_devices_chain(db, actor) -> None:  # type: ignore[no-untyped-def]
    audit.record(actor, audit.VIEW)
    _second_device_entries(db, 3)
    assert audit.verify_chain().ok  # two chains, interleaved, each intact
    mine = audit.this_device()
    before = AuditEvent.select().where(AuditEvent.device_id == mine).count()
    audit.record(actor, audit.VIEW)  # this device's chain goes on from its own last entry
    newest = AuditEvent.select().order_by(AuditEvent.seq.desc()).get()
    assert newest.device_id == mine and newest.device_seq == before + 1
    assert audit.verify_chain().ok
    _lift_no_update(db)
    second = AuditEvent.select().where(AuditEvent.device_id != mine).order_by(AuditEvent.device_seq)
    middle = list(second)[1]
    db.execute_sql(f"UPDATE audit_event SET changes = '{{\"x\":1}}' WHERE id = {db.param}", (middle.id.hex,))
    report = audit.verify_chain()
    assert not report.ok and report.first_bad_seq == middle.seq


def test_the_device_id_is_stored_in_the_database(db) -> None:  # type: ignore[no-untyped-def]
    stored = Setting.get(Setting.key == audit.DEVICE_KEY)
    assert uuid.UUID(json.loads(stored.value)) == audit.this_device()


@pytest.mark.postgresql
def test_a_servers_trail_from_before_0010_becomes_its_first_devices_chain(server_databases) -> None:  # type: ignore[no-untyped-def]
    """Upgrading a clinic server: 0010 lifts the trail's guard for its one UPDATE and puts it back."""
    url = server_databases.create(template=None)
    old = make_database(Target(url=url))
    runner(old).up("0009_measures_server")
    prev = audit.GENESIS
    for seq in (1, 2):
        values: dict[str, object] = {
            "seq": seq, "id": uuid.uuid4().hex, "at": "2024-02-05 15:30:00", "staff_id": None,
            "workstation": "desk-1", "site_id": None, "action": "view", "client_id": None,
            "record_type": "", "record_id": "", "changes": "{}", "prev_hash": prev,
        }  # fmt: skip
        values["hash"] = prev = audit.entry_hash([values[c] for c in CHAIN_COLUMNS[:-1]])
        names, marks = ", ".join(values), ", ".join(["%s"] * len(values))
        old.execute_sql(f"INSERT INTO audit_event ({names}) VALUES ({marks})", list(values.values()))
    head = json.dumps({"seq": 2, "hash": prev})
    old.execute_sql("INSERT INTO setting (key, value) VALUES (%s, %s)", (audit.HEAD_KEY, head))
    old.close()
    db = open_database(Target(url=url))  # 0010 runs
    try:
        device = audit.this_device()
        rows = list(AuditEvent.select().order_by(AuditEvent.seq))
        assert [(r.device_id, r.device_seq) for r in rows] == [(device, 1), (device, 2)]
        assert audit.verify_chain().ok
        assert server_schema.guard_problems(db) == "ok"  # the trail's guard is back, enabled
        with pytest.raises(IntegrityError):
            AuditEvent.update(workstation="forged").where(AuditEvent.seq == 1).execute()
        audit.append(None, None, "desk", audit.VIEW)  # continues that chain in the newer form
        newest = AuditEvent.get(AuditEvent.seq == 3)
        assert (newest.device_id, newest.device_seq, newest.prev_hash) == (device, 3, rows[-1].hash)
        assert audit.verify_chain().ok
    finally:
        db.close()
        proxy.initialize(None)
        server_databases.drop(url)


@pytest.mark.postgresql
def test_on_a_server_an_entry_is_one_statement_after_begin(db, actor, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """BEGIN's round trip takes the write lock and reads the trail's last entry and this device's
    id and chain tail: each entry after it is the one statement that writes it and the head."""
    audit.record(actor, audit.VIEW)
    statements: list[str] = []
    real = type(db).execute_sql

    def counted(self, sql, params=None):  # type: ignore[no-untyped-def]
        statements.append(sql)
        return real(self, sql, params)

    monkeypatch.setattr(type(db), "execute_sql", counted)
    with transaction():
        audit.append(actor.staff_id, actor.site_id, "desk", audit.VIEW)
        audit.append(actor.staff_id, actor.site_id, "desk", audit.VIEW)
    monkeypatch.undo()
    assert len(statements) == 2, statements  # the two entries (COMMIT is the connection's own)
    assert all("audit_event" in s for s in statements)
    mine = audit.this_device()
    rows = list(AuditEvent.select().order_by(AuditEvent.seq))
    assert [(r.device_id, r.device_seq) for r in rows[-2:]] == [(mine, len(rows) - 1), (mine, len(rows))]
    assert audit.verify_chain().ok
