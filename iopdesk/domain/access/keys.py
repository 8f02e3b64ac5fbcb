"""Keeping an encrypted clinic's key file (store/keyring.py) in step with its accounts.

Called from the account rules whenever something that unlocks the database
changes: a password set or changed (that account's copy of the key is wrapped
again, and only that one), an account deactivated (its copy is removed, so its
password no longer opens the file), the recovery key replaced, a lock after
failed attempts. Each call runs inside the caller's transaction: if the key
file cannot be written, the database change is rolled back with it; if the
database change then fails to commit (a full disk, the file gone), the key
file's change is put back, so its copies open with the passwords the database
holds.

A plain (unencrypted) clinic or a server database has no key file: every
call here does nothing.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import logging
from collections.abc import Callable
from pathlib import Path

from iopdesk.domain.access.recovery_keys import RECOVERY_KEY_SETTING
from iopdesk.domain.kernel import settings
from iopdesk.store import cipher, current, keyring, settle_after, transaction, waiting_at_most
from iopdesk.store.database import database_key
from iopdesk.store.errors import StoreError
from iopdesk.store.models import Setting, Site, Staff

log = logging.getLogger(__name__)


def key_file() -> Path | None:
    """The open clinic's key file; None when the database is not encrypted."""
    db = current()
    if database_key(db) is None:
        return None
    return keyring.keys_path(Path(db.database))


def encrypted() -> bool:
    return key_file() is not None


def _with_the_save(
    path: Path,
    change: Callable[[keyring.KeyFile], None],
    undo: Callable[[keyring.KeyFile], None],
    finish: Callable[[keyring.KeyFile], None] | None = None,
) -> None:
    """Apply ``change`` to the key file now; ``finish`` once the transaction around it commits,
    ``undo`` if it does not."""

    def write(what: str, edit: Callable[[keyring.KeyFile], None]) -> None:
        try:
            keyring.update(path, edit)
        except StoreError:  # the save's own outcome is the one to report; the next sign-in settles it
            log.warning("key file: %s could not be written", what, exc_info=True)

    keyring.update(path, change)
    settle_after(
        (lambda: write("a committed change", finish)) if finish is not None else (lambda: None),
        lambda: write("a change whose save failed", undo),
    )


def _account_change(
    path: Path, username: str, change: Callable[[keyring.KeyFile], None], *, unsettled: bool = False
) -> None:
    """Change one account's copy of the key, in step with the database (``_with_the_save``).
    ``unsettled``: the change keeps the copy it replaces until the save has committed."""
    before: list[keyring.Account | None] = []

    def apply(keys: keyring.KeyFile) -> None:
        before.append(copy.deepcopy(keys.accounts.get(keys.tag(username))))
        change(keys)

    def undo(keys: keyring.KeyFile) -> None:
        if before[0] is None:
            keys.remove_account(username)
        else:
            keys.accounts[keys.tag(username)] = before[0]

    def finish(keys: keyring.KeyFile) -> None:
        entry = keys.accounts.get(keys.tag(username))
        if entry is not None:
            entry.previous, entry.settles_with = None, None

    _with_the_save(path, apply, undo, finish if unsettled else None)


def fingerprint(password_hash: str) -> str:
    """What the key file keeps of a password hash to tell, after a crash, whether it was saved."""
    import hashlib

    return hashlib.sha256(password_hash.encode("utf-8")).hexdigest()[:16]


def password_set(username: str, password: str, password_hash: str) -> None:
    """Wrap the key with ``password``, whose hash the caller's transaction stores as ``password_hash``.
    Until that commits, the copy it replaces stays beside it: a crash in between leaves the file
    opening with either password, and the next sign-in keeps the one the database holds."""
    path = key_file()
    if path is None:
        return
    key = database_key(current())
    assert key is not None
    settles = fingerprint(password_hash)
    _account_change(
        path, username, lambda keys: keys.set_account(username, key, password, settles), unsettled=True
    )
    log.info("key file: a copy of the key was wrapped for one account")


def settle_copies() -> int:
    """Accounts whose copy of the key was changed by a save cut off before it ended (the program
    killed between writing the key file and COMMIT) keep the copy the database agrees with: the new
    one if their password hash is the one it was wrapped for, else the one before (none: removed).
    Under the write lock, so a change another program is saving right now is settled by it, not
    here. Returns how many were settled."""
    path = key_file()
    if path is None:
        return 0
    now = keyring.load(path)
    if now.recovery_settles_with is None and not any(a.settles_with for a in now.accounts.values()):
        return 0
    settled: list[str] = []
    with waiting_at_most(2.0), transaction():
        stored = dict(Staff.select(Staff.username, Staff.password_hash).tuples())
        recovery = Setting.get_or_none(Setting.key == RECOVERY_KEY_SETTING)

        def change(keys: keyring.KeyFile) -> None:
            if keys.recovery_settles_with is not None:
                if recovery is None or fingerprint(json.loads(recovery.value)) != keys.recovery_settles_with:
                    keys.recovery = keys.recovery_previous  # the new recovery key was not saved
                keys.recovery_previous, keys.recovery_settles_with = None, None
                settled.append("recovery")
            saved = {keys.tag(name): fingerprint(h) for name, h in stored.items() if h}
            for tag, entry in list(keys.accounts.items()):
                if entry.settles_with is None:
                    continue
                if saved.get(tag) == entry.settles_with:
                    entry.previous = None  # the change was saved
                elif entry.previous is not None:
                    entry.wrapped, entry.previous = entry.previous, None  # it was not
                else:
                    del keys.accounts[tag]  # a first copy for a change that was not saved
                    continue
                entry.settles_with = None
                settled.append(tag)

        keyring.update(path, change)
    if settled:
        log.info("key file: %d copies of the key settled after an interrupted save", len(settled))
    return len(settled)


def has_copy(username: str) -> bool:
    path = key_file()
    return path is None or keyring.load(path).has_account(username)


def account_removed(username: str) -> None:
    path = key_file()
    if path is not None:
        _account_change(path, username, lambda keys: keys.remove_account(username))
        log.info("key file: an account's copy of the key was removed")


def recovery_key_set(recovery_key: str, recovery_hash: str) -> None:
    """Wrap the key with a new recovery key, whose hash the caller's transaction stores as
    ``recovery_hash``; the one it replaces stays until that commits (as ``password_set``)."""
    path = key_file()
    if path is None:
        return
    key = database_key(current())
    assert key is not None
    before: list[keyring.WrappedKey | None] = []

    def apply(keys: keyring.KeyFile) -> None:
        before.append(keys.recovery)
        keys.set_recovery(key, recovery_key, fingerprint(recovery_hash))

    def undo(keys: keyring.KeyFile) -> None:
        keys.recovery, keys.recovery_previous, keys.recovery_settles_with = before[0], None, None

    def finish(keys: keyring.KeyFile) -> None:
        keys.recovery_previous, keys.recovery_settles_with = None, None

    _with_the_save(path, apply, undo, finish)


def lock_state(username: str, failures: int, locked_until: dt.datetime | None) -> None:
    """Mirror an account's failed attempts and lock, so a sign-in before the file is open sees them."""
    path = key_file()
    if path is not None:
        keyring.update(path, lambda keys: keys.set_lock(username, failures, locked_until))


def screen_now() -> tuple[dict[str, object], int, int]:
    """What the sign-in screen shows before the file is unlocked (the clinic's name, its open sites,
    the demo accounts of the demo clinic) and the lockout rule (attempts, minutes), as the database
    bound now says."""
    from iopdesk.domain.clinic.setup import DEMO_FLAG
    from iopdesk.domain.clinic.workstation import DEMO_ACCOUNTS

    demo = Setting.select().where(Setting.key == DEMO_FLAG).exists()
    screen: dict[str, object] = {
        "clinic": str(settings.get("clinic_name")),
        "sites": [
            [str(s.id), s.name]
            for s in Site.select(Site.id, Site.name).where(Site.active == True).order_by(Site.name)  # noqa: E712
        ],
        "demo_accounts": sorted(
            (s.username for s in Staff.select(Staff.username).where(Staff.username.in_(DEMO_ACCOUNTS))),
            key=DEMO_ACCOUNTS.index,
        )
        if demo
        else None,
    }
    return screen, int(settings.get("lockout_attempts")), int(settings.get("lockout_minutes"))


def refresh_screen(*, setup_complete: bool | None = None, unlocked: str | None = None) -> None:
    """Bring the key file's sign-in screen and lockout rule up to date (``screen_now``)."""
    path = key_file()
    if path is None:
        return
    screen, attempts, minutes = screen_now()

    def change(keys: keyring.KeyFile) -> None:
        keys.screen = screen
        keys.lockout_attempts, keys.lockout_minutes = attempts, minutes
        if setup_complete is not None:
            keys.setup_complete = setup_complete
        if unlocked is not None:  # this account just signed in: its failed attempts are forgotten
            keys.set_lock(unlocked, 0, None)

    keyring.update(path, change)


def follow_staff(keys: keyring.KeyFile, db_key: bytes) -> tuple[int, int]:
    """Make ``keys`` open ``db_key`` for exactly the active accounts, each with the password its
    staff row's hash holds (a satellite copy, and after a sync brought staff changes: a password set
    at the clinic works on the laptop, a deactivated account no longer opens it). Returns (accounts
    that can sign in, active accounts without a usable password hash). No password is needed:
    ``cipher.wrap_from_password_hash``."""
    able = without = 0
    for username, active, stored in Staff.select(Staff.username, Staff.active, Staff.password_hash).tuples():
        wrapped = cipher.wrap_from_password_hash(db_key, stored) if active and stored else None
        if wrapped is not None:
            keys.set_wrapped(username, wrapped)
            able += 1
        elif not active:
            keys.remove_account(username)
        else:
            without += 1  # kept as it is: a copy wrapped here still opens with its password
    return able, without


def staff_changed() -> None:
    """After a sync changed staff rows: the key file follows them (``follow_staff``)."""
    path = key_file()
    if path is None:
        return
    key = database_key(current())
    assert key is not None
    keyring.update(path, lambda keys: follow_staff(keys, key))
    log.info("key file: accounts follow the staff records a sync brought")


def pending_events() -> list[dict[str, object]]:
    """Sign-in failures noted in the key file while the database was locked (for the trail)."""
    path = key_file()
    return list(keyring.load(path).pending) if path is not None else []


def drop_pending(count: int) -> None:
    """Forget the first ``count`` noted failures, once the trail holds them."""
    path = key_file()
    if path is not None and count:

        def change(keys: keyring.KeyFile) -> None:
            del keys.pending[:count]

        keyring.update(path, change)
