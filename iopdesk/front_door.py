"""The one front door: the window and every command open a clinic through ``open_clinic``.

It reads the key file beside the database once, then:
- an encrypted clinic opens by signing in (the password unwraps its key), or is
  handed back still locked (``stay_locked``) for the window's sign-in screen;
  a key file whose first run never finished is cleared first;
- a new SQLite file (``create``) becomes a new encrypted clinic: the first run
  follows;
- a plain file made by an earlier IOPdesk, or a server, opens as it is,
  upgraded to the current schema unless ``migrate`` is False (then an upgrade
  still pending is allowed and nothing is written);
- with ``act``, who acts is settled as well (``Opened.actor``): whoever signed
  in to open it, else the local staff member of a clinic whose accounts have no
  passwords yet, else a sign-in with the given credentials.
The database is closed when the ``with`` block ends.

The store opens files and keeps keys; the domain decides who may sign in and
unlock; this module only composes them, from plain values. No Qt.

Importing it loads no database library: a locked clinic is handed back from its key
file alone (domain/access/locked.py), so the window's sign-in screen is drawn before
peewee, the models and the domain are loaded (they are imported where they are used).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from iopdesk.domain.access import locked as key_file
from iopdesk.logs import setup_logging
from iopdesk.paths import Paths, resolve_paths
from iopdesk.store.errors import StoreError, as_damage
from iopdesk.store.target import Target

if TYPE_CHECKING:
    from uuid import UUID

    from peewee import Database

    from iopdesk.domain.access.unlock import Unwrapped
    from iopdesk.domain.kernel.actor import Actor

log = logging.getLogger(__name__)

PASSWORD_VARIABLE = "IOPDESK_PASSWORD"
DEMO_USER = "counselor"  # the demo clinic opens as its counselor unless told otherwise


@dataclass
class Opened:
    """A clinic database in use.

    ``db`` is None while an encrypted clinic waits for someone to sign in (the
    window's sign-in screen opens it: ``sign_in_to``); ``screen`` is then what
    its key file lets that screen show. ``actor`` is who signed in to open it,
    or who acts (``open_clinic(act=True)``).
    """

    db: Database | None
    target: Target
    paths: Paths
    actor: Actor | None = None
    screen: key_file.Screen | None = None
    write: bool = True  # False: opened to be read only; nothing is written, closing included

    @property
    def database(self) -> Database:
        assert self.db is not None, "the clinic is still locked"
        return self.db

    @property
    def acting(self) -> Actor:
        """Who acts (``open_clinic(act=True)`` settled it)."""
        assert self.actor is not None, "no one is acting yet"
        return self.actor

    @property
    def locked(self) -> bool:
        return self.db is None

    @property
    def encrypted(self) -> bool:
        if self.db is None:
            return self.screen is not None
        from iopdesk.store.database import database_key

        return database_key(self.db) is not None

    def sign_in_screen(self) -> key_file.Screen:
        """What a locked clinic's sign-in screen shows (its key file, read once)."""
        if self.screen is None:
            self.screen = key_file.screen(self.target)
        return self.screen

    def close(self) -> None:
        if self.db is not None:
            if self.write and not self.db.is_closed():
                from iopdesk.domain.kernel import audit

                audit.anchor_now()  # the audit trail's last entry, anchored in the key file
            self.db.close()


class Credentials:
    """Who signs in, and with what password: the one given, else $IOPDESK_PASSWORD, else the demo
    password (demo clinic only), else a prompt on the terminal. Asked once: a second use gets the
    same answer (the ``password`` command needs the old password after signing in with it)."""

    def __init__(self, user: str | None = None, password: str | None = None) -> None:
        self.user = user
        self._password = password
        self._given: tuple[str, str] | None = None

    def __call__(self, *, demo: bool) -> tuple[str, str]:
        from iopdesk.domain.clinic.setup import DEMO_PASSWORD, local_username

        if self._given is None:
            username = self.user or (DEMO_USER if demo else local_username())
            password = self._password
            if password is None:
                password = os.environ.get(PASSWORD_VARIABLE)
            if password is None and demo:
                password = DEMO_PASSWORD
            if password is None:
                password = _prompt_password(username)
            self._given = (username, password)
        return self._given


def password_given() -> bool:
    """Is a password waiting in the environment (a script, or timing start-up)?"""
    return os.environ.get(PASSWORD_VARIABLE) is not None


def prepare() -> Paths:
    """The program's folders, made if missing, and its log. On a read-only disk the program still
    reads what it may: it runs without its folders or its log file."""
    paths = resolve_paths()
    try:
        paths.ensure()
        setup_logging(paths.log_dir)
    except OSError:
        pass  # nothing is logged to a file; the database decides what else is possible
    return paths


def locate(location: str | Target | None, paths: Paths, *, demo: bool = False) -> Target:
    """What ``--db`` named, else the demo clinic's file or the clinic's own."""
    if isinstance(location, Target):
        return location
    if location:
        return Target.parse(location)
    return Target(path=paths.demo_db if demo else paths.default_db)


@contextmanager
def open_clinic(
    location: str | Target | None = None,
    *,
    credentials: Credentials | None = None,
    demo: bool = False,
    create: bool = False,
    migrate: bool = True,
    act: bool = False,
    stay_locked: bool = False,
    paths: Paths | None = None,
    write: bool = True,
) -> Iterator[Opened]:
    """Open the clinic at ``location`` (a path, a postgresql:// URL or a Target; None: the clinic's
    own file or, with ``demo``, the demo clinic's) and close it when the block ends.

    - ``credentials``: who signs in, if anyone has to (default: as the command line does);
    - ``create``: a missing SQLite file becomes a new encrypted clinic (its first run follows);
    - ``migrate=False``: a plain file or a server opens as it is, even with an upgrade pending
      (an encrypted clinic is always brought up to date: signing in writes to its audit trail);
    - ``act``: settle who acts (``Opened.actor``) before the block runs;
    - ``stay_locked``: an encrypted clinic is yielded still locked, for a sign-in screen;
    - ``write=False``: open it to be read only (``check``, ``audit verify``): nothing is written
      into the database (no upgrade, and the sign-in an encrypted clinic needs is noted in its
      key file for the audit trail); ``act`` is then not offered.
    """
    credentials = credentials or Credentials()
    paths = paths or prepare()
    target = locate(location, paths, demo=demo)
    if not write:
        migrate = False
    try:
        opened = _open(target, paths, credentials, create, migrate, stay_locked, write)
    except Exception as exc:
        damage = as_damage(exc, "opening it")
        if damage is None:
            raise
        raise damage from exc
    try:
        if act and opened.actor is None:
            try:
                opened.actor = act_as(credentials)
            except Exception as exc:
                damage = as_damage(exc, "signing in")
                if damage is None:
                    raise
                raise damage from exc
        yield opened
    finally:
        opened.close()


def _open(
    target: Target,
    paths: Paths,
    credentials: Credentials,
    create: bool,
    migrate: bool,
    stay_locked: bool,
    write: bool = True,
) -> Opened:
    locked = key_file.locked(target)  # the key file, read once
    if locked is not None and key_file.discard_unfinished(target, locked):
        print("A first run that did not finish was cleared; starting again.", file=sys.stderr)
        locked = None
    if locked is not None:
        key_file.check_database_beside(target, locked)
        if locked.building and (write or stay_locked):
            from iopdesk.domain.clinic.setup import DEMO_INTERRUPTED

            raise StoreError(DEMO_INTERRUPTED)  # only `check` looks into a half-built demo
        opened = Opened(None, target, paths, screen=locked.screen, write=write)
        if not stay_locked:
            try:
                sign_in_to(opened, *credentials(demo=locked.screen.demo_accounts is not None))
            except Exception as exc:
                if locked.building:  # killed before its tables or accounts were written
                    from iopdesk.domain.clinic.setup import DEMO_INTERRUPTED

                    raise StoreError(DEMO_INTERRUPTED) from exc
                raise
        return opened
    from iopdesk.store.database import open_database
    from iopdesk.store.files import is_vacant

    if target.path is not None and is_vacant(target.path):
        if not create:
            raise StoreError(
                f"{target.path} is an empty file, not an IOPdesk database: there is no clinic in it. "
                "Set one up there (iopdesk setup), or restore a backup onto it (iopdesk restore)."
            )
        target.path.unlink()  # it holds nothing: the new clinic is made in its place, encrypted
    if create and target.path is not None and not target.path.exists():
        from iopdesk.domain.access import unlock

        db = unlock.create_clinic(target)
        log.info("database created (sqlite, encrypted)")
        return Opened(db, target, paths)
    db = open_database(target, create=create, migrate=migrate, allow_pending=not migrate)
    log.info("database opened (%s)", "sqlite" if target.is_sqlite else "server")
    return Opened(db, target, paths, write=write)


def sign_in_to(opened: Opened, username: str, password: str, site_id: UUID | None = None) -> Actor:
    """Sign in to the clinic: a locked one opens with this password (SignInError if it does not)."""
    if not opened.locked:
        from iopdesk.domain.access import accounts

        return accounts.sign_in(username, password, site_id)
    return sign_in_unwrapped(opened, unwrap(opened, username, password), site_id)


def unwrap(opened: Opened, username: str, password: str) -> Unwrapped:
    """Signing in to a locked clinic, first half: the password unwraps the database key (the slow
    argon2id; no database, no Qt: a worker thread may run it). SignInError if it does not."""
    from iopdesk.domain.access import unlock

    return unlock.unwrap(opened.target, username, password)


def sign_in_unwrapped(opened: Opened, unwrapped: Unwrapped, site_id: UUID | None = None) -> Actor:
    """Second half: the key opens the database, and the sign-in is completed and audited."""
    from iopdesk.domain.access import unlock

    db, actor = unlock.open_unwrapped(opened.target, unwrapped, site_id, write=opened.write)
    opened.db, opened.actor = db, actor
    log.info("database opened (sqlite, encrypted)")
    return actor


def recover(opened: Opened, recovery_key: str, username: str, new_password: str) -> None:
    """Every administrator password lost: the recovery key sets a new one for ``username``; on a
    locked clinic the recovery key is also what opens it. Signing in comes next."""
    from iopdesk.domain.access import accounts, unlock

    if opened.locked:
        opened.db = unlock.recover(opened.target, recovery_key, username, new_password)
        return
    accounts.recover_with_key(recovery_key, username, new_password)


def act_as(credentials: Credentials) -> Actor:
    """Who acts on an open clinic, as the command line decides it (the window asks instead).

    Once any account has a password, this signs in with ``credentials``. A clinic
    whose accounts have no passwords yet acts as the named (else local) staff
    member, as before; the demo as its counselor.
    """
    from iopdesk.domain.access import accounts
    from iopdesk.domain.clinic.setup import ensure_local_setup, is_demo

    if not accounts.accounts_have_passwords():
        username = credentials.user
        if username is None and is_demo():
            username = DEMO_USER
        return ensure_local_setup(username)
    return accounts.sign_in(*credentials(demo=is_demo()))


def _prompt_password(username: str) -> str:
    from iopdesk.domain.access import accounts

    if not sys.stdin or not sys.stdin.isatty():
        raise accounts.SignInError(
            f"Signing in as {username!r} needs a password: set {PASSWORD_VARIABLE} "
            "or run the command from a terminal."
        )
    import getpass  # here: it loads termios, and the window never prompts on a terminal

    try:
        return getpass.getpass(f"Password for {username}: ")
    except EOFError:
        raise accounts.SignInError("No password was typed.") from None
