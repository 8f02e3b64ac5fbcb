"""A clinic on a PostgreSQL server: how IOPdesk connects, writes and reconnects.

Connecting the PostgreSQL way: ``--db postgresql://user@host[:port]/dbname[?sslmode=require]``
goes to libpq as it is, so its own password file (``~/.pgpass``, or ``PGPASSFILE``) and
``sslmode`` apply (libpq's default is ``prefer``); a password is never needed in the URL. When
the server wants a password that no file gives, the command line asks for it once
(``password_prompt``). Every way a connection can fail is told in one line
(``connection_problem``).

Writing: every transaction takes one lock first (``pg_advisory_xact_lock``, in the same
round trip as its BEGIN, which asks for READ COMMITTED whatever the server's default is), so
the writes of all workstations follow one another as they do on SQLite (BEGIN IMMEDIATE): the
audit trail's next number is read and written by one workstation at a time, a version-checked
save sees the version the save before it committed, and no two writers can deadlock. A writer
waits at most ``LOCK_WAIT_SECONDS`` for the others (then "busy", as on SQLite). Reading takes no lock.

Reconnecting: a connection the server dropped (a restart, a network cut) is noticed at the
next statement. When nothing of a transaction had been sent yet (its BEGIN, or a read outside
any transaction), IOPdesk connects again, waiting up to ``RECONNECT_SECONDS`` for the server to
come back, and goes on as if nothing happened: a draft saved after a server restart is simply
saved. A transaction cut in the middle was rolled back by the server; it fails as "connection
lost", and the next one reconnects.

The schema's own tools (its upgrade lock, the guards ``check`` looks for, removing a demo) are in
store/server_schema.py; they are handed out here too when first asked for.
"""

from __future__ import annotations

import getpass
import logging
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import peewee
from peewee import PostgresqlDatabase

from iopdesk import sql_drivers
from iopdesk.store.errors import StoreConnectionLost, StoreError, classify
from iopdesk.store.target import SCHEMES, describe, is_server_url  # noqa: F401  (found here too)

if TYPE_CHECKING:  # the schema's tools: found here too, loaded when first asked for (``__getattr__``)
    from iopdesk.store.server_schema import (  # noqa: F401
        GUARD_TRIGGERS,
        MIGRATION_LOCK,
        drop_clinic,
        guard_problems,
        owner_needed,
        schema_lock,
        summary,
    )

log = logging.getLogger(__name__)

MIN_SERVER_VERSION = 130000  # PostgreSQL 13 (trusted extensions; tested with 15)
LOCK_WAIT_SECONDS = 10.0  # as SQLite's busy timeout (store/database.py)
CONNECT_SECONDS = 10
RECONNECT_SECONDS = 20.0  # a server restart takes a few seconds
WRITE_LOCK = 0x10BDE5C  # the advisory lock every write transaction takes (any number, fixed)
APPLICATION = "IOPdesk"
UNKNOWN = object()  # ServerDatabase.audit_head when it was not read in this transaction
# This database's device id (a JSON string in ``setting``) and the last entry of its own audit chain
# (a damaged id is left to the program to report: it must not stop every transaction from beginning).
_UUID_TEXT = "^[0-9a-fA-F]{8}-?([0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12}$"
DEVICE_TAIL = (
    "SELECT d.id, t.device_seq, t.hash FROM (SELECT btrim(value, '\"')::uuid AS id FROM setting "
    f"WHERE key = 'device_id' AND btrim(value, '\"') ~ '{_UUID_TEXT}') AS d "
    "LEFT JOIN LATERAL (SELECT device_seq, hash FROM audit_event WHERE device_id = d.id "
    "ORDER BY device_seq DESC LIMIT 1) AS t ON true"
)

# What libpq says (no SQLSTATE is given for a connection that never opened), and what it means.
_CONNECTION_PROBLEMS: tuple[tuple[str, str], ...] = (
    (
        "no password supplied",
        "the server wants a password for {user} and none was given: put it in ~/.pgpass "
        "(or the file PGPASSFILE names), or run the command from a terminal to type it",
    ),
    (
        "password authentication failed",
        "the server refused the password of {user}: check ~/.pgpass (or PGPASSFILE)",
    ),
    (
        "does not exist",
        "the server has no database {dbname} (or no role {user}): an administrator creates them "
        '(see the README, "A clinic server")',
    ),
    (
        "connection refused",
        "nothing answers at {host} port {port} (connection refused): is the server running, and "
        "does it listen on the network (listen_addresses)?",
    ),
    (
        "no pg_hba.conf entry",
        "the server does not let this computer in as {user} (no pg_hba.conf line for it): ask its "
        "administrator to add one",
    ),
    (
        "server does not support ssl",
        "the URL asks for an encrypted connection (sslmode) and the server offers none",
    ),
    ("timeout expired", "the server at {host} did not answer within {seconds} s"),
    ("failed to resolve host", "no computer is called {host} (check the host name in the URL)"),
    ("could not translate host name", "no computer is called {host} (check the host name in the URL)"),
    ("too many connections", "the server has no connection left for IOPdesk (max_connections)"),
    ("the database system is starting up", "the server is starting up: try again in a moment"),
    ("the database system is shutting down", "the server is shutting down"),
)

# Statements that may be sent again on a new connection when the old one turned out to be gone:
# nothing of them can have happened (BEGIN), or running them twice changes nothing (reads).
_REPEATABLE = re.compile(r"^\s*(SELECT|BEGIN|SHOW|WITH\s+(?!.*\b(INSERT|UPDATE|DELETE)\b))", re.I | re.S)


def ask_at_terminal(where: str) -> str | None:
    """The server's password, typed at the terminal (None without one: the window, a script)."""
    if not sys.stdin or not sys.stdin.isatty():
        return None
    try:
        return getpass.getpass(f"Password for the database server {where}: ")
    except EOFError:
        return None


# Asked when the server wants a password that libpq found nowhere (~/.pgpass, PGPASSFILE,
# PGPASSWORD); asked once per process, the answer kept for reconnecting.
password_prompt: Callable[[str], str | None] | None = ask_at_terminal


class ServerDatabase(PostgresqlDatabase):
    """The clinic's PostgreSQL database, through psycopg 3."""

    def __init__(self, url: str, **kwargs: Any) -> None:
        url = "postgresql://" + url.split("://", 1)[1]  # libpq knows both; peewee only this one
        kwargs.setdefault("application_name", APPLICATION)
        kwargs.setdefault("connect_timeout", CONNECT_SECONDS)
        kwargs.setdefault("options", f"-c lock_timeout={int(LOCK_WAIT_SECONDS * 1000)}")
        sql_drivers.attach_postgresql()  # peewee was loaded without it (iopdesk/sql_drivers.py)
        super().__init__(url, prefer_psycopg3=True, **kwargs)
        self.url = url
        # The audit trail's last entry (seq, hash), read in the same round trip as a transaction's
        # BEGIN and write lock (once the clinic's tables exist: ``read_audit_head``), and kept up to
        # date by the entries the transaction appends; UNKNOWN outside that (store/audit_log.py).
        self.read_audit_head = False
        self.audit_head: object = UNKNOWN
        # Since migration 0010 (``read_device_tail``), also this database's device id and the last
        # entry of its own chain, (device id, (device_seq, hash) or None), for the same reason.
        self.read_device_tail = False
        self.device_head: object = UNKNOWN

    def describe(self) -> str:
        return describe(self.url)

    # --- connecting -------------------------------------------------------------------------
    def _connect(self):  # type: ignore[no-untyped-def]
        try:
            conn = super()._connect()
        except Exception as exc:
            if "no password supplied" in str(exc) and password_prompt is not None:
                password = password_prompt(self.describe())
                if password:
                    self.connect_params["password"] = password
                    return self._connect()
            raise StoreConnectionLost(connection_problem(self.url, exc)) from exc
        version = conn.info.server_version
        if version < MIN_SERVER_VERSION:
            conn.close()
            raise StoreError(
                f"The server at {self.describe()} runs PostgreSQL {version // 10000}; IOPdesk needs "
                f"{MIN_SERVER_VERSION // 10000} or later."
            )
        return conn

    def _reset_lost(self) -> bool:
        """Forget a connection the server dropped (outside a transaction); True if there was one."""
        state = self._state  # type: ignore[attr-defined]
        conn = state.conn
        if state.closed or conn is None or not (conn.closed or conn.broken):
            return False
        try:
            conn.close()
        except Exception:  # it is gone either way
            pass
        state.reset()
        return True

    def reconnect(self, cause: BaseException | None = None) -> None:
        """Connect again after a lost connection, waiting for the server to come back."""
        self._reset_lost()
        if not self.is_closed():
            self.close()
        deadline = time.monotonic() + RECONNECT_SECONDS
        pause = 0.1
        while True:
            try:
                self.connect()
                log.info("reconnected to the database server")
                return
            except StoreConnectionLost:
                if time.monotonic() + pause > deadline:
                    raise
                time.sleep(pause)
                pause = min(pause * 2, 2.0)

    @contextmanager
    def lock_wait(self, seconds: float) -> Iterator[None]:
        """Transactions begun in this block wait at most ``seconds`` for the write lock (outside a
        transaction; ``store.waiting_at_most``); then the usual wait again."""
        self.execute_sql(f"SET lock_timeout = {max(1, int(seconds * 1000))}")  # 0 would be forever
        try:
            yield
        finally:
            try:
                self.execute_sql(f"SET lock_timeout = {int(LOCK_WAIT_SECONDS * 1000)}")
            except Exception:  # the connection is gone: a new one starts with the usual wait
                log.info("could not set the lock wait back (the connection is gone)")

    # --- statements -------------------------------------------------------------------------
    def execute_sql(self, sql: str, params: Any = None) -> Any:
        if self.in_transaction():
            if sql.startswith("ROLLBACK TO SAVEPOINT"):
                self._forget_audit_head()  # an entry written since the savepoint may be undone
            return super().execute_sql(sql, params)
        self._reset_lost()
        try:
            return super().execute_sql(sql, params)
        except Exception as exc:
            if not _lost(exc) or not _REPEATABLE.match(sql):
                raise
            log.info("the database server connection was lost; reconnecting")
            self.reconnect(exc)
            return super().execute_sql(sql, params)

    def begin(self, isolation_level: Any = None) -> None:
        """BEGIN and the write lock, in one round trip; again on a new connection if the old one
        turned out to be gone (nothing was done in it yet)."""
        self._reset_lost()
        self._forget_audit_head()
        # READ COMMITTED whatever the server's default_transaction_isolation says: each statement
        # then reads what was committed when it starts, the save before included. Under REPEATABLE
        # READ or SERIALIZABLE the snapshot would be taken by the statement waiting for the lock,
        # before that save committed, and every save that waited would fail (40001) or count stale.
        statement = f"BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock({WRITE_LOCK})"
        if self.read_audit_head:
            statement += "; SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1"
            if self.read_device_tail:
                statement += "; " + DEVICE_TAIL
        try:
            cursor = self._begin_with(statement)
        except Exception as exc:
            if self.read_audit_head and _sqlstate(exc) in ("42P01", "42703"):
                # No audit trail (a schema taken back below 0003), or no device chains (below
                # 0010): read them when appending, if ever.
                self.read_audit_head = self.read_device_tail = False
                self.begin(isolation_level)
                return
            if not _lost(exc):
                raise
            log.info("the database server connection was lost; reconnecting")
            self.reconnect(exc)
            cursor = self._begin_with(statement)
        if self.read_audit_head:
            cursor.nextset()
            cursor.nextset()
            row = cursor.fetchone()
            self.audit_head = (int(row[0]), str(row[1])) if row is not None else None
            if self.read_device_tail:
                cursor.nextset()
                row = cursor.fetchone()
                if row is not None:  # else no device id yet: it is read when appending
                    tail = (int(row[1]), str(row[2])) if row[1] is not None else None
                    self.device_head = (row[0], tail)

    def _forget_audit_head(self) -> None:
        self.audit_head = UNKNOWN
        self.device_head = UNKNOWN

    def commit(self) -> None:
        self._forget_audit_head()
        super().commit()

    def rollback(self) -> None:
        self._forget_audit_head()
        super().rollback()

    def _begin_with(self, statement: str) -> Any:
        try:
            with peewee.__exception_wrapper__:  # type: ignore[attr-defined]
                return self.cursor().execute(statement)
        except Exception:
            # BEGIN went through and the lock did not (a wait that ran out): nothing is pushed yet
            # that would roll the transaction back, so end it here.
            conn = self._state.conn  # type: ignore[attr-defined]
            if conn is not None and not conn.closed and conn.info.transaction_status != 0:
                conn.rollback()
            raise


def _sqlstate(exc: BaseException) -> str | None:
    inner = getattr(exc, "orig", None) or exc
    return getattr(inner, "sqlstate", None)


def _lost(exc: BaseException) -> bool:
    return isinstance(classify(exc), StoreConnectionLost)


def connection_problem(url: str, exc: BaseException) -> str:
    """Why a connection to ``url`` could not be made, in one line."""
    parts = urlsplit(url)
    text = " ".join(str(exc).split())
    fields = {
        "user": repr(parts.username or "(your login name)"),
        "dbname": repr(parts.path.lstrip("/") or "(default)"),
        "host": parts.hostname or "localhost",
        "port": parts.port or 5432,
        "seconds": CONNECT_SECONDS,
    }
    if parts.password:  # libpq may quote the URL it could not read
        text = text.replace(parts.password, "…")
    lowered = text.lower()
    for fragment, message in _CONNECTION_PROBLEMS:
        if fragment in lowered:
            reason = message.format(**fields)
            break
    else:
        reason = text.removeprefix("connection failed: ")
    return f"Cannot connect to the database server {describe(url)}: {reason}."


# Found here before they moved to store/server_schema.py, which a clinic in a SQLite file never loads.
_SCHEMA_TOOLS = (
    "GUARD_TRIGGERS MIGRATION_LOCK drop_clinic guard_problems owner_needed schema_lock summary".split()
)


def __getattr__(name: str) -> Any:
    if name in _SCHEMA_TOOLS:
        from iopdesk.store import server_schema

        value = getattr(server_schema, name)
        globals()[name] = value  # asked once
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
