"""Opening an encrypted clinic: signing in is what unlocks the database.

The database key is wrapped once per account and once by the recovery key
(store/keyring.py). Signing in unwraps this account's copy with the password,
opens the file with the key, copies into the audit trail the failures noted
while it was locked, and completes the sign-in under the account rules
(accounts.complete_unlocked_sign_in).

A wrong password cannot open the database, so its failed attempt and any lock
it causes are kept in the key file (and moved into the trail at the next
successful sign-in); the lock holds before the file is open, and after.

A new clinic: ``create_clinic`` makes the key, an empty encrypted database and
a key file not yet marked set up. The first run (accounts.first_run_setup)
wraps the key for the administrator and the recovery key and marks it set up.
A key file never marked set up belongs to a first run that did not finish:
no account existed, so nothing anyone saved is in it, and
``discard_unfinished`` removes it so the first run can start again.
"""

from __future__ import annotations

import datetime as dt
import logging
import socket
from dataclasses import dataclass, field
from uuid import UUID

from peewee import Database
from peewee import DatabaseError as PeeweeError

from iopdesk.domain.access import keys as key_access
from iopdesk.domain.access.accounts import (
    WRONG,
    SignInError,
    complete_unlocked_sign_in,
    normalize_recovery_key,
    normalize_username,
    recover_with_key,
    refuse_empty,
    unlocked_account,
)
from iopdesk.domain.access.locked import (  # noqa: F401  (the key file before anyone signed in: here too)
    Locked,
    Screen,
    check_database_beside,
    discard_unfinished,
    keys_for,
    locked,
    needs_unlock,
    screen,
)
from iopdesk.domain.kernel import audit, held
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.store import cipher, driver, keyring, transaction
from iopdesk.store.database import Target, open_database
from iopdesk.store.errors import StoreError, StoreFull, StoreReadOnly, classify
from iopdesk.store.models import Staff, utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Unwrapped:
    """The database key, unwrapped by this account's password: what opens the file
    (``open_unwrapped``). Made on a worker thread, it touches neither the database nor Qt."""

    name: str  # the user name, normalized
    key: bytes = field(repr=False)
    station: str


def open_clinic(
    target: Target,
    username: str,
    password: str,
    site_id: UUID | None = None,
    workstation: str | None = None,
    *,
    write: bool = True,
) -> tuple[Database, Actor]:
    """Sign in to a locked clinic: the open database and who is acting; SignInError otherwise.

    ``write=False`` opens it to be read only (``iopdesk check``, ``audit verify``): nothing is
    written into the database, not even the sign-in, which is noted in the key file and goes
    into the audit trail at the next ordinary sign-in; the schema is left as it is."""
    unwrapped = unwrap(target, username, password, workstation)
    return open_unwrapped(target, unwrapped, site_id, write=write)


def unwrap(target: Target, username: str, password: str, workstation: str | None = None) -> Unwrapped:
    """The first half of signing in to a locked clinic: the password unwraps this account's copy
    of the database key (argon2id: the slow part, which releases the GIL), or the failure and any
    lock it causes are noted in the key file and SignInError says so. The database is not touched,
    so the window runs this off its GUI thread."""
    refuse_empty(password)  # not an attempt: the key file's count of failures stays as it is
    path = keys_for(target)
    if path is None:
        raise StoreError(f"{target.describe()} has no key file beside it.")
    if not driver.HAS_CIPHER:
        raise StoreError(driver.NO_CIPHER_MESSAGE)
    name = normalize_username(username)
    station = workstation or socket.gethostname()
    outcome: dict[str, object] = {}

    def attempt(keys: keyring.KeyFile) -> None:
        now = utcnow()
        tag = keys.tag(name)
        try:
            outcome["key"] = keys.unlock(name, password or "", now)
            return
        except keyring.Locked as refused:
            outcome["already_locked"] = refused.until
            keys.note_event(_event(now, tag, station, audit.SIGN_IN_FAILED, reason="locked"))
            return
        except cipher.WrongSecret:
            pass
        known = keys.has_account(name)
        count, until = keys.failed(name, now)
        reason = "wrong password" if known else "unknown user name or no copy of the key"
        keys.note_event(_event(now, tag, station, audit.SIGN_IN_FAILED, reason=reason, attempt=count))
        if until is not None:
            keys.note_event(_event(now, tag, station, audit.LOCK, attempts=count, until=until.isoformat()))
            outcome["locked_now"] = until

    keyring.update(path, attempt)
    key = outcome.get("key")
    if not isinstance(key, bytes):
        log.info("sign-in to a locked clinic refused")
        already, now_locked = outcome.get("already_locked"), outcome.get("locked_now")
        if isinstance(already, dt.datetime):
            raise SignInError(_locked_message(already), already)
        if isinstance(now_locked, dt.datetime):
            raise SignInError(f"{WRONG} {_locked_message(now_locked)}", now_locked)
        raise SignInError(WRONG)
    return Unwrapped(name, key, station)


def open_unwrapped(
    target: Target, unwrapped: Unwrapped, site_id: UUID | None = None, *, write: bool = True
) -> tuple[Database, Actor]:
    """The second half: open the file with the unwrapped key, copy the failures noted while it was
    locked into the audit trail, and complete the sign-in (on the thread that will use the database)."""
    name, key, station = unwrapped.name, unwrapped.key, unwrapped.station
    if not write:
        return _open_to_read(target, key, name, site_id, station)
    db = open_database(target, key=key, create=False)
    try:
        try:
            _copy_noted_failures()
        except (StoreFull, StoreReadOnly):
            log.info("noted events stay in the key file: the database cannot be written")
        actor = complete_unlocked_sign_in(name, site_id, station)
        held.later("sign-in screen", lambda: _refresh_screen(name))
    except BaseException:
        db.close()
        raise
    return db, actor


def _refresh_screen(name: str) -> None:
    """The key file's sign-in screen up to date, and ``name``'s failed attempts forgotten; copies of
    the key left unsettled by a save cut off in the middle settled."""
    try:
        key_access.settle_copies()
    except StoreError:  # busy, or read-only: settled at a later sign-in
        log.info("the key file's unsettled copies wait for a later sign-in")
    try:
        key_access.refresh_screen(unlocked=name)
    except StoreError:  # a read-only key file: the sign-in screen shows what it showed
        log.info("the key file's sign-in screen was not refreshed (it cannot be written)")


def _open_to_read(
    target: Target, key: bytes, name: str, site_id: UUID | None, station: str
) -> tuple[Database, Actor]:
    db = open_database(target, key=key, create=False, migrate=False, allow_pending=True)
    try:
        actor = unlocked_account(name, site_id, station)
    except PeeweeError as exc:
        db.close()
        if classify(exc) is not None:
            raise
        raise StoreError(  # no staff table yet: a schema upgrade that never ran
            f"{target.describe()} is not ready to be read: it needs an upgrade (open it once with "
            "this IOPdesk, signing in)."
        ) from exc
    except BaseException:
        db.close()
        raise
    path = keys_for(target)
    assert path is not None

    def note(keys: keyring.KeyFile) -> None:
        keys.note_event(_event(utcnow(), keys.tag(name), station, audit.SIGN_IN, read_only=True))

    try:
        keyring.update(path, note)
    except StoreError:  # a read-only disk: reading stays possible; the log keeps who (ids only)
        log.warning("a read-only sign-in could not be noted in the key file (staff %s)", actor.staff_id)
    log.info("signed in staff=%s to read only (database unlocked)", actor.staff_id)
    return db, actor


def _event(now: dt.datetime, tag: str, station: str, action: str, **details: object) -> dict[str, object]:
    return {"at": now.isoformat(), "tag": tag, "station": station, "action": action, "details": details}


def _locked_message(until: dt.datetime) -> str:
    local = until.replace(tzinfo=dt.UTC).astimezone()
    return (
        f"After too many failed attempts the account is locked until {local:%H:%M}. "
        "Try again then, or ask an administrator to unlock it."
    )


# Noted in the key file while the database could not take them: refused sign-ins and locks (a
# wrong password cannot open it), read-only sign-ins (check, audit verify), and the entries of
# readings on a full disk or a read-only database (audit.record_read).
COPIED_ACTIONS = (audit.SIGN_IN, audit.SIGN_IN_FAILED, audit.LOCK, audit.VIEW, audit.EXPORT, audit.PRINT)


def _copy_noted_failures() -> None:
    """Failures noted while the file was locked go into the audit trail (and a lock onto the account),
    with the sign-ins of commands that only read (``write=False``)."""
    events = key_access.pending_events()
    if not events:
        return
    path = key_access.key_file()
    assert path is not None
    keys = keyring.load(path)
    staff_rows = list(Staff.select(Staff.id, Staff.username, Staff.home_site))
    by_tag = {keys.tag(s.username): s for s in staff_rows}
    by_id = {str(s.id): s for s in staff_rows}
    with transaction():
        for event in events:
            staff = by_id.get(str(event.get("staff_id"))) or by_tag.get(str(event.get("tag")))
            details = dict(event.get("details") or {})  # type: ignore[call-overload]
            details["noted_at"] = event.get("at")
            details["before_unlock" if "staff_id" not in event else "kept_in_key_file"] = True
            action = str(event.get("action"))
            client = event.get("client_id")
            audit.append(
                staff.id if staff else None,
                UUID(str(event["site_id"]))
                if event.get("site_id")
                else staff.home_site_id
                if staff
                else None,
                str(event.get("station") or ""),
                action if action in COPIED_ACTIONS else audit.SIGN_IN_FAILED,
                client_id=UUID(str(client)) if client else None,
                record_type=str(event.get("record_type") or "staff"),
                record_id=event.get("record_id") or (staff.id if staff else ""),
                changes=details,
            )
            if staff is not None and action == audit.LOCK and details.get("until"):
                until = dt.datetime.fromisoformat(str(details["until"]))
                Staff.update(locked_until=until).where(
                    (Staff.id == staff.id) & (Staff.locked_until.is_null() | (Staff.locked_until < until))
                ).execute()
    key_access.drop_pending(len(events))


def recover(
    target: Target, recovery_key: str, username: str, new_password: str, workstation: str | None = None
) -> Database:
    """Forgotten passwords on a locked clinic: the recovery key opens it, and an administrator's
    password is set anew (accounts.recover_with_key). Returns the open database; sign in next."""
    path = keys_for(target)
    if path is None:
        raise StoreError(f"{target.describe()} has no key file beside it.")
    try:
        key = keyring.load(path).unlock_recovery(normalize_recovery_key(recovery_key))
    except cipher.WrongSecret:
        raise SignInError("That recovery key is not right.") from None
    db = open_database(target, key=key, create=False)
    try:
        recover_with_key(recovery_key, username, new_password, workstation)
    except BaseException:
        db.close()
        raise
    return db


def create_clinic(target: Target) -> Database:
    """A new, empty, encrypted clinic database and its key file (first run comes next)."""
    if target.path is None:
        raise StoreError("Only a SQLite file is encrypted by IOPdesk; a server encrypts its own storage.")
    if not driver.HAS_CIPHER:
        raise StoreError(driver.NO_CIPHER_MESSAGE)
    if target.path.exists():
        raise StoreError(f"{target.path} already exists; IOPdesk will not create a clinic over it.")
    target.path.parent.mkdir(parents=True, exist_ok=True)
    key = cipher.new_key()
    keyring.save(keyring.keys_path(target.path), keyring.KeyFile.new())
    return open_database(target, key=key)


def demo_keys(target: Target, key: bytes, usernames: tuple[str, ...], password: str) -> None:
    """The demo clinic's key file: every demo account opens it with the one demo password."""
    assert target.path is not None
    keys = keyring.KeyFile.new()
    keys.set_account(usernames[0], key, password)
    for name in usernames[1:]:  # one wrap serves them all (one argon2 run instead of five)
        keys.accounts[keys.tag(name)] = keyring.Account(keys.accounts[keys.tag(usernames[0])].wrapped)
    keys.setup_complete = True
    keys.building = True  # until demo_built: a killed build is reported as one, never as a wrong password
    keys.screen = {"clinic": "IOPdesk demo clinic", "sites": [], "demo_accounts": list(usernames)}
    keyring.save(keyring.keys_path(target.path), keys)


def demo_built(target: Target) -> None:
    """The demo clinic's build finished: its key file stops saying it is being built."""
    assert target.path is not None

    def finish(keys: keyring.KeyFile) -> None:
        keys.building = False

    keyring.update(keyring.keys_path(target.path), finish)


def check_not_demo_only(target: Target) -> None:
    """Used before replacing a demo database: a real clinic's key file says it is not a demo."""
    path = keys_for(target)
    if path is not None and keyring.load(path).screen.get("demo_accounts") is None:
        raise DomainError(
            f"{target.describe()} holds a real clinic, not a demo; "
            "IOPdesk will not replace it with demo data."
        )
