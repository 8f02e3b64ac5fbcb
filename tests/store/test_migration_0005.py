"""Migration 0005 on a clinic's older rows: which stored minutes were typed, and the complete note guards."""

from __future__ import annotations

import shutil
import sqlite3
import uuid

import pytest
from peewee import IntegrityError

from iopdesk.store import current
from iopdesk.store.database import Target, open_database
from iopdesk.store.models import Attendance
from iopdesk.store.models import database as proxy
from tests.fixtures import make_schema_fixtures as made

pytestmark = pytest.mark.sqlite_only("migration 0005 on saved SQLite databases")

# (status, minutes stored, arrived, departed) on a 09:00–12:00 session -> typed after 0005?
MARKS = {
    "present-whole": ("present", 180, None, None, False),  # what "present" gave: derived
    "present-typed": ("present", 150, None, None, True),  # typed in by hand
    "left-derived": ("left_early", 120, None, "11:00:00", False),  # what the departure gives
    "left-typed": ("left_early", 100, None, "11:00:00", True),
    "late-no-time": ("late", 90, None, None, True),  # only the minutes are known: kept as typed
    "late-unknown": ("late", None, None, None, False),  # nothing known: stays unknown
    "absent": ("absent_unexcused", 0, None, None, False),
    "early-arrival": ("present", 180, "08:30:00", None, False),  # time before the start does not count
}


@pytest.fixture
def upgraded(tmp_path):
    path = tmp_path / "clinic.sqlite3"
    shutil.copyfile(made.path_for("0004_indexes"), path)
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    with con:
        session = dict(con.execute("SELECT * FROM session WHERE id = ?", (made.SESSION,)).fetchone())
        mark = dict(con.execute("SELECT * FROM attendance WHERE id = ?", (made.MARK,)).fetchone())
        for name, (status, minutes, arrived, departed, _) in MARKS.items():
            session_id = made.ids(f"session-{name}")
            made.insert(con, "session", dict(session, id=session_id, schedule_id=None, origin_date=None))
            row = dict(mark, id=made.ids(f"mark-{name}"), session_id=session_id, status=status)
            row.update(minutes_attended=minutes, arrived_at=arrived, departed_at=departed)
            made.insert(con, "attendance", row)
        con.execute("UPDATE note SET status = 'signed', content_hash = ? WHERE id = ?", ("0" * 64, made.NOTE))
    con.close()
    db = open_database(Target(path=path))
    yield db
    db.close()
    proxy.initialize(None)


def test_stored_minutes_are_typed_only_where_the_times_or_the_session_do_not_give_them(upgraded):
    typed = {name: Attendance.get_by_id(uuid.UUID(made.ids(f"mark-{name}"))).minutes_typed for name in MARKS}
    assert typed == {name: expected for name, (*_, expected) in MARKS.items()}
    assert Attendance.get_by_id(uuid.UUID(made.MARK)).minutes_typed is False  # late 09:15: 165 derived


def test_a_note_signed_before_0005_is_guarded_in_every_column(upgraded):
    for column, value in (("date", "2001-01-01"), ("author_id", made.ADMIN), ("documented", "{}")):
        with pytest.raises(IntegrityError, match="signed notes cannot be changed"):
            current().execute_sql(f'UPDATE note SET "{column}" = ? WHERE id = ?', (value, made.NOTE))
