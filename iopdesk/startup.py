"""The Qt-free first steps shared by the GUI and the command line: paths, logging, the store."""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from dataclasses import dataclass

from peewee import Database

from iopdesk.domain.kernel.actor import Actor
from iopdesk.logs import setup_logging
from iopdesk.paths import Paths, resolve_paths
from iopdesk.store.database import Target, open_database

log = logging.getLogger(__name__)


@dataclass
class Opened:
    """The clinic database in use. ``db`` is None while an encrypted clinic waits for a sign-in
    (the window's sign-in screen opens it); ``actor`` is who signed in to open it, if anyone."""

    db: Database | None
    target: Target
    paths: Paths
    actor: Actor | None = None

    @property
    def database(self) -> Database:
        assert self.db is not None, "the clinic is still locked"
        return self.db


def prepare(args: argparse.Namespace) -> Paths:
    paths = resolve_paths().ensure()
    setup_logging(paths.log_dir)
    return paths


def target_for(args: argparse.Namespace, paths: Paths, *, demo: bool = False) -> Target:
    if args.db:
        return Target.parse(args.db)
    return Target(path=paths.demo_db if demo else paths.default_db)


def open_store(
    args: argparse.Namespace,
    paths: Paths,
    *,
    demo: bool = False,
    create: bool = True,
    sign_in_now: bool = True,
    given: tuple[str, str] | None = None,
) -> Opened:
    """Open the clinic the command line names.

    - An encrypted clinic opens by signing in (the command line's credentials),
      unless ``sign_in_now`` is False: then it is returned still locked, for the
      window's sign-in screen.
    - A new SQLite file (``create``) is made encrypted: the first run follows.
    - An existing plain file, or a server, opens as it is.
    """
    from iopdesk.domain.access import unlock

    target = target_for(args, paths, demo=demo)
    if target.path is not None and unlock.needs_unlock(target) and unlock.discard_unfinished(target):
        print("A first run that did not finish was cleared; starting again.", file=sys.stderr)
    if target.path is not None and unlock.needs_unlock(target):
        if not sign_in_now:
            return Opened(None, target, paths)
        db, actor = unlock.open_clinic(target, *(given or credentials(args, target)))
        log.info("database opened (sqlite, encrypted)")
        return Opened(db, target, paths, actor)
    if create and target.path is not None and not target.path.exists():
        db = unlock.create_clinic(target)
        log.info("database created (sqlite, encrypted)")
        return Opened(db, target, paths)
    db = open_database(target, create=create)
    log.info("database opened (%s)", "sqlite" if target.is_sqlite else "server")
    return Opened(db, target, paths)


def open_for_reading(args: argparse.Namespace, paths: Paths, *, demo: bool = False) -> Opened:
    """For a command that only reads (check, audit verify): a plain clinic opens without upgrading
    it or signing in; an encrypted one opens only by signing in."""
    from iopdesk.domain.access.unlock import needs_unlock

    target = target_for(args, paths, demo=demo)
    if needs_unlock(target):
        return open_store(args, paths, demo=demo, create=False)
    return Opened(open_database(target, create=False, migrate=False, allow_pending=True), target, paths)


def acting_user(args: argparse.Namespace, opened: Opened | None = None) -> Actor:
    """Who a command acts as (the window signs in through iopdesk.ui.signin instead).

    Once any account has a password, this signs in: the user name comes from
    ``--user`` (or $IOPDESK_USER, else the login name), the password from
    $IOPDESK_PASSWORD or a prompt on the terminal. The demo clinic opens as its
    counselor with the demo password unless told otherwise. A clinic whose
    accounts have no passwords yet keeps acting as the local staff member.
    """
    from iopdesk.domain.access.accounts import accounts_have_passwords, sign_in
    from iopdesk.domain.clinic.setup import ensure_local_setup, is_demo

    if opened is not None and opened.actor is not None:
        return opened.actor  # signing in is what opened this encrypted clinic
    if not accounts_have_passwords():
        username = args.user
        if username is None and is_demo():
            username = "counselor"  # the demo opens as its counselor account
        return ensure_local_setup(username)
    return sign_in(*credentials(args))


def credentials(args: argparse.Namespace, locked: Target | None = None) -> tuple[str, str]:
    """(user name, password) for signing in from the command line (``locked``: a clinic not yet open,
    whose key file says whether it is the demo)."""
    from iopdesk.domain.clinic.setup import is_demo, local_username

    if locked is not None:
        from iopdesk.domain.access.unlock import screen

        demo = screen(locked).demo_accounts is not None
    else:
        demo = is_demo()
    username = args.user or ("counselor" if demo else local_username())
    password = os.environ.get(PASSWORD_VARIABLE)
    if password is None and demo:
        from iopdesk.demo import DEMO_PASSWORD

        password = DEMO_PASSWORD
    if password is None:
        password = _prompt_password(username)
    return username, password


PASSWORD_VARIABLE = "IOPDESK_PASSWORD"


def _prompt_password(username: str) -> str:
    from iopdesk.domain.access.accounts import SignInError

    if not sys.stdin or not sys.stdin.isatty():
        raise SignInError(
            f"Signing in as {username!r} needs a password: set {PASSWORD_VARIABLE} "
            "or run the command from a terminal."
        )
    try:
        return getpass.getpass(f"Password for {username}: ")
    except EOFError:
        raise SignInError("No password was typed.") from None
