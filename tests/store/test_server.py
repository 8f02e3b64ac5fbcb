"""A clinic on a PostgreSQL server: connecting, the write lock, reconnecting, the guards, the search.

Runs only when the suite has a server (IOPDESK_TEST_PG_URL); everything else in the suite runs
there too (tests/conftest.py).
"""

from __future__ import annotations

import threading
import time
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from peewee import IntegrityError

from iopdesk.domain import notes
from iopdesk.domain.kernel import audit
from iopdesk.store import fulltext, server, transaction, waiting_at_most
from iopdesk.store.clock import utcnow
from iopdesk.store.database import Target, integrity_problems, open_database
from iopdesk.store.errors import StoreBusy, StoreConnectionLost, StoreError
from iopdesk.store.models import Note, Setting
from iopdesk.store.models import database as proxy
from tests.support import raw_sql, server_db
from tests.support.note_factories import group_with, writer

pytestmark = pytest.mark.postgresql


def with_password(url: str, password: str | None) -> str:
    parts = urlsplit(url)
    user = parts.username or ""
    login = f"{user}:{password}@" if password is not None else f"{user}@"
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit(parts._replace(netloc=login + host))


def one_line_refusal(url: str) -> str:
    with pytest.raises(StoreError) as refused:
        open_database(Target(url=url), create=False)
    text = str(refused.value)
    assert "\n" not in text and "Traceback" not in text
    password = urlsplit(url).password
    assert password is None or f":{password}@" not in text and "@" not in text.split("://", 1)[-1][:60]
    return text


# --- connecting ---------------------------------------------------------------------------------


def test_a_password_file_is_what_a_url_without_password_uses(db_target, tmp_path, monkeypatch):
    url = str(db_target.url)
    parts = urlsplit(url)
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"{parts.hostname}:{parts.port}:*:{parts.username}:{parts.password}\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    monkeypatch.delenv("PGPASSWORD", raising=False)
    db = open_database(Target(url=with_password(url, None)), create=False)
    try:
        assert Setting.select().count() >= 0
        assert "iopdesk" not in server.describe(url).split("/")[2] or "@" not in server.describe(url)
    finally:
        db.close()
        proxy.initialize(None)


def test_no_password_anywhere_is_one_line_saying_where_to_put_it(db_target, tmp_path, monkeypatch):
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setattr(server, "password_prompt", None)
    text = one_line_refusal(with_password(str(db_target.url), None))
    assert "wants a password" in text and ".pgpass" in text


def test_no_password_anywhere_is_asked_for_at_the_terminal(db_target, tmp_path, monkeypatch):
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    monkeypatch.delenv("PGPASSWORD", raising=False)
    asked = []
    password = urlsplit(str(db_target.url)).password

    def prompt(where: str) -> str | None:
        asked.append(where)
        return password

    monkeypatch.setattr(server, "password_prompt", prompt)
    db = open_database(Target(url=with_password(str(db_target.url), None)), create=False)
    try:
        assert asked and "@" not in asked[0]  # the server named, without a user
        db.close()
        db.connect()  # a reconnection does not ask again
        assert len(asked) == 1
    finally:
        db.close()
        proxy.initialize(None)


@pytest.mark.parametrize(
    "change, says",
    [
        (lambda url: with_password(url, "not-the-password"), "refused the password"),
        (lambda url: urlunsplit(urlsplit(url)._replace(path="/no_such_clinic")), "has no database"),
        (
            lambda url: urlunsplit(urlsplit(url)._replace(netloc=url.split("/")[2].rsplit(":", 1)[0] + ":1")),
            "connection refused",
        ),
        (lambda url: url + "?sslmode=require", "encrypted connection"),
    ],
    ids=["wrong password", "missing database", "refused", "no ssl on the server"],
)
def test_every_way_of_not_connecting_is_one_line(db_target, change, says):
    text = one_line_refusal(change(str(db_target.url)))
    assert text.startswith("Cannot connect to the database server postgresql://") and says in text


def test_a_server_too_old_is_refused(db_target, monkeypatch):
    monkeypatch.setattr(server, "MIN_SERVER_VERSION", 990000)
    assert "IOPdesk needs 99 or later" in one_line_refusal(str(db_target.url))


def test_another_programs_database_is_never_written_into(server_databases):
    url = server_databases.create(template=None)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE invoices (id integer)")
    text = one_line_refusal(url)
    assert "tables from another program" in text
    with pytest.raises(StoreError, match="another program"):
        open_database(Target(url=url), create=True)  # not even to set it up
    with psycopg.connect(url) as conn:
        tables = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
    assert tables == ["invoices"]


def test_an_empty_database_is_set_up_only_when_asked(server_databases):
    url = server_databases.create(template=None)
    assert "holds no IOPdesk clinic yet" in one_line_refusal(url)
    db = open_database(Target(url=url), create=True)
    try:
        assert integrity_problems(db) == "ok"  # every guard in place
    finally:
        db.close()
        proxy.initialize(None)


# --- writing: one writer at a time, waiting, never losing an update ------------------------------


def hold_write_lock(url: str, seconds: float, then=None) -> threading.Thread:  # type: ignore[no-untyped-def]
    """Another workstation's transaction: it takes the write lock, works ``seconds``, commits."""
    held = threading.Event()

    def work() -> None:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"BEGIN; SELECT pg_advisory_xact_lock({server.WRITE_LOCK})")
            held.set()
            time.sleep(seconds)
            if then is not None:
                then(conn)
            conn.execute("COMMIT")

    thread = threading.Thread(target=work)
    thread.start()
    assert held.wait(10)
    return thread


def test_a_save_waits_for_another_workstations_save_and_then_sees_it(db, db_target, actor):
    me = writer(actor)
    setup = group_with(actor, [("Ana", "Ruiz")], facilitator=me)
    part = notes.open_group_note(me, setup.session.id).part(setup.members[0].id).note
    version = Note.get_by_id(part.id).version

    def other_save(conn) -> None:  # type: ignore[no-untyped-def]
        conn.execute(
            "UPDATE note SET body = %s, version = version + 1 WHERE id = %s",
            ('{"data": "theirs"}', part.id),
        )

    other = hold_write_lock(str(db_target.url), 0.5, other_save)
    started = time.monotonic()
    result = notes.save_draft(me, part.id, {"data": "mine"}, version)  # waits, then finds theirs
    waited = time.monotonic() - started
    other.join()
    assert waited >= 0.3
    assert not result.saved and result.conflict is not None  # not written over: kept
    assert dict(result.conflict.theirs)["data"] == "theirs"
    kept = notes.note_conflicts(me, part.id)
    assert [dict(k.body)["data"] for k in kept] == ["mine"]
    assert audit.verify_chain().ok


def test_a_wait_that_runs_out_is_busy_and_saves_nothing(db, db_target):
    db.execute_sql("SET lock_timeout = 200")  # the clinic's 10 s would only make the test slow
    other = hold_write_lock(str(db_target.url), 1.5)
    try:
        with pytest.raises(StoreBusy, match="another workstation is saving"):
            with transaction():
                Setting.insert(key="probe", value="1").execute()
    finally:
        other.join()
    assert not Setting.select().where(Setting.key == "probe").exists()
    with transaction():
        Setting.insert(key="probe", value="1").execute()  # and once the other lets go, it saves


def test_a_retry_by_the_window_waits_only_a_moment_and_then_saves_wait_as_before(db, db_target):
    other = hold_write_lock(str(db_target.url), 3.0)
    try:
        started = time.monotonic()
        with pytest.raises(StoreBusy), waiting_at_most(0.3):
            with transaction():
                Setting.insert(key="probe", value="1").execute()
        assert time.monotonic() - started < 2.0  # not the 10 s a save otherwise waits
    finally:
        other.join()
    assert db.execute_sql("SHOW lock_timeout").fetchone()[0] == "10s"
    with transaction():
        Setting.insert(key="probe", value="1").execute()
    assert Setting.select().where(Setting.key == "probe").count() == 1


def test_reading_takes_no_lock(db, db_target):
    other = hold_write_lock(str(db_target.url), 1.0)
    started = time.monotonic()
    assert Setting.select().count() >= 0
    assert time.monotonic() - started < 0.5
    other.join()


# --- the connection lost ------------------------------------------------------------------------


def end_connection_of(db) -> None:  # type: ignore[no-untyped-def]
    """What a server restart does to IOPdesk's connection (terminate it, as the server would)."""
    pid = db.connection().info.backend_pid
    with psycopg.connect(db.url, autocommit=True) as conn:
        conn.execute("SELECT pg_terminate_backend(%s)", (pid,))
    deadline = time.monotonic() + 5
    with psycopg.connect(db.url, autocommit=True) as conn:
        while conn.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchone():
            assert time.monotonic() < deadline
            time.sleep(0.02)


def test_a_draft_typed_across_a_server_restart_is_saved(db, actor):
    me = writer(actor)
    setup = group_with(actor, [("Ana", "Ruiz")], facilitator=me)
    part = notes.open_group_note(me, setup.session.id).part(setup.members[0].id).note
    version = Note.get_by_id(part.id).version
    end_connection_of(db)  # the server restarted while the counselor typed
    saved = notes.save_draft(me, part.id, {"data": "typed while the server restarted"}, version)
    assert saved.saved
    assert "restarted" in Note.get_by_id(part.id).body
    end_connection_of(db)
    assert Note.get_by_id(part.id).version == saved.version  # a read reconnects too
    assert audit.verify_chain().ok


def test_a_transaction_cut_in_the_middle_fails_and_the_next_one_reconnects(db):
    with pytest.raises(StoreConnectionLost, match="connects again at the next try"):
        with transaction():
            Setting.insert(key="first", value="1").execute()
            end_connection_of(db)
            Setting.insert(key="second", value="1").execute()
    with transaction():
        Setting.insert(key="third", value="1").execute()
    keys = {s.key for s in Setting.select().where(Setting.key.in_(["first", "second", "third"]))}
    assert keys == {"third"}  # the cut transaction left nothing behind


# --- the guards ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "table",
    ["note", "note_addendum", "audit_event", "care_admission_change", "care_screening", "care_plan",
     "care_plan_review", "care_discharge", "measure_result", "measure_detox_observation",
     "measure_drug_screen", "measure_drug_screen_result", "measure_safety_alert", "measure_detox"],
)  # fmt: skip
def test_truncate_is_refused_on_every_guarded_table(db, table):
    with pytest.raises(IntegrityError, match="cannot be|never"):
        raw_sql.execute(f"TRUNCATE {table} CASCADE")


def test_a_disabled_guard_is_what_check_reports(db):
    assert integrity_problems(db) == "ok"
    raw_sql.execute("ALTER TABLE note DISABLE TRIGGER note_guard")
    raw_sql.execute("DROP TRIGGER note_addendum_no_truncate ON note_addendum")
    assert integrity_problems(db) == (
        "guards missing: note_addendum_no_truncate; guards disabled: note_guard"
    )


# --- the note search ----------------------------------------------------------------------------


@pytest.fixture
def written(actor):  # type: ignore[no-untyped-def]
    me = writer(actor)
    setup = group_with(actor, [("Ana", "Ruiz"), ("Ben", "Okafor")], facilitator=me)
    view = notes.open_group_note(me, setup.session.id)
    ana, ben = (view.part(m.id).note for m in setup.members)
    notes.save_draft(me, ana.id, {"data": "Talked about the café where she relapsed."}, ana.version)
    notes.save_draft(me, ben.id, {"data": "Practised urge surfing; the Cafe was calmer."}, ben.version)
    return me, ana.id, ben.id


def test_the_search_folds_accents_both_ways_and_ignores_field_names(written):
    me, ana, ben = written
    assert {h.note_id for h in notes.search_notes(me, "cafe")} == {ana, ben}
    assert {h.note_id for h in notes.search_notes(me, "CAFÉ")} == {ana, ben}
    assert notes.search_notes(me, "data") == []  # a field's name, not its text
    hit = notes.search_notes(me, "relapsed")[0]
    assert [hit.snippet[s:e] for s, e in hit.highlights] == ["relapsed"]


def test_the_search_knows_prefixes_and_phrases(written):
    me, ana, ben = written
    assert [h.note_id for h in notes.search_notes(me, "surf*")] == [ben]
    assert [h.note_id for h in notes.search_notes(me, '"urge surfing"')] == [ben]
    assert notes.search_notes(me, '"surfing urge"') == []
    assert [h.note_id for h in notes.search_notes(me, "caf* relapse*")] == [ana]


def test_the_search_uses_its_index_and_follows_every_change(written, db):
    me, ana, ben = written
    raw_sql.execute("SET enable_seqscan = off")  # a handful of notes: the planner would just read them
    plan = "\n".join(
        r[0]
        for r in raw_sql.execute(
            "EXPLAIN SELECT note_id FROM note_search "
            "WHERE document @@ to_tsquery('iopdesk_search'::regconfig, ?)",
            ("'cafe'",),
        ).fetchall()
    )
    assert "note_search_document" in plan
    assert fulltext.integrity_ok()
    Note.update(retired_at=utcnow()).where(Note.id == ana).execute()  # retired: out of the search
    assert [h.note_id for h in notes.search_notes(me, "cafe")] == [ben]
    raw_sql.execute("DELETE FROM note_search")  # the index lost: found out, and rebuilt
    assert not fulltext.integrity_ok()
    fulltext.rebuild()
    assert fulltext.integrity_ok() and [h.note_id for h in notes.search_notes(me, "cafe")] == [ben]


def test_the_tests_run_on_the_server():
    assert server_db.on_server()
