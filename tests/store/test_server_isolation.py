"""A clinic server whose administrator made a stricter isolation level the default.

The one write lock (store/server.py) makes each save see the one before it only if every
statement reads what is committed when it starts (READ COMMITTED, PostgreSQL's own default).
Under ``default_transaction_isolation = 'repeatable read'`` (or serializable) a transaction's
snapshot is taken by its first statement, the very one that waits for the lock: the save then
counts, checks and numbers from a clinic as it was before the save it waited for, and fails
(could not serialize access: "busy"). Interleaving: A takes the lock and counts the group's free
place; B begins and waits for the lock; A enrolls and commits; B goes on.
"""

from __future__ import annotations

import threading
import time
from urllib.parse import urlsplit

import psycopg
import pytest

from iopdesk.domain.enrollment import enrollment, placement
from iopdesk.domain.kernel import audit
from iopdesk.store import server
from iopdesk.store.models import Enrollment, TherapyGroup
from iopdesk.store.models import database as proxy
from tests.support import factories as f
from tests.support import server_db

pytestmark = pytest.mark.postgresql


def waiting_for_the_lock(url: str) -> bool:
    with psycopg.connect(server_db.URL or "", autocommit=True) as admin:
        row = admin.execute(
            "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database "
            "WHERE l.locktype = 'advisory' AND l.objid = %s AND NOT l.granted AND d.datname = %s",
            (server.WRITE_LOCK, urlsplit(url).path.lstrip("/")),
        ).fetchone()
    return bool(row and row[0])


@pytest.mark.parametrize("isolation", ["repeatable read", "serializable"])
def test_two_front_desks_taking_the_last_place_when_the_server_defaults_to_stricter_isolation(  # type: ignore[no-untyped-def]
    db, db_target, actor, monkeypatch, isolation
):
    f.pin_today(monkeypatch)
    name = urlsplit(str(db_target.url)).path.lstrip("/")
    db.execute_sql(f"ALTER DATABASE \"{name}\" SET default_transaction_isolation = '{isolation}'")
    db.close()  # the setting applies to new connections: every workstation's from now on
    grp = f.group(actor, "Evening Recovery")
    TherapyGroup.update(max_size=1).where(TherapyGroup.id == grp.id).execute()
    first, second = f.client(actor, "Ana", "Ruiz"), f.client(actor, "Ben", "Ode")

    counted, go_on = threading.Event(), threading.Event()
    real = placement.places_taken

    def places_taken(group_id, day):  # type: ignore[no-untyped-def]
        taken = real(group_id, day)
        if threading.current_thread().name == "A":
            counted.set()
            assert go_on.wait(20)
        return taken

    monkeypatch.setattr(placement, "places_taken", places_taken)
    outcome: dict[str, str] = {}

    def front_desk(name: str, client_id) -> None:  # type: ignore[no-untyped-def]
        try:
            outcome[name] = enrollment.enroll(actor, client_id, grp.id).status
        except Exception as exc:  # what the person would be told
            outcome[name] = f"{type(exc).__name__}: {exc}"
        finally:
            proxy.close()

    a = threading.Thread(target=front_desk, args=("A", first.id), name="A")
    a.start()
    assert counted.wait(20)
    b = threading.Thread(target=front_desk, args=("B", second.id), name="B")
    b.start()
    deadline = time.monotonic() + 20
    while not waiting_for_the_lock(str(db_target.url)):
        assert time.monotonic() < deadline and b.is_alive(), outcome
        time.sleep(0.02)
    go_on.set()
    a.join(30)
    b.join(30)

    assert outcome == {"A": "active", "B": "wait_listed"}
    active = Enrollment.select().where((Enrollment.group == grp.id) & (Enrollment.status == "active"))
    assert active.count() == 1
    assert audit.verify_chain().ok
