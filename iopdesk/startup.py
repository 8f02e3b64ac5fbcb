"""The Qt-free first steps shared by the GUI and the command line: paths, logging, the store."""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from dataclasses import dataclass

from peewee import Database

from iopdesk.domain.actor import Actor
from iopdesk.logs import setup_logging
from iopdesk.paths import Paths, resolve_paths
from iopdesk.store.database import Target, open_database

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Opened:
    db: Database
    target: Target
    paths: Paths


def prepare(args: argparse.Namespace) -> Paths:
    paths = resolve_paths().ensure()
    setup_logging(paths.log_dir)
    return paths


def target_for(args: argparse.Namespace, paths: Paths, *, demo: bool = False) -> Target:
    if args.db:
        return Target.parse(args.db)
    return Target(path=paths.demo_db if demo else paths.default_db)


def open_store(args: argparse.Namespace, paths: Paths, *, demo: bool = False, create: bool = True) -> Opened:
    target = target_for(args, paths, demo=demo)
    db = open_database(target, create=create)
    log.info("database opened (%s)", "sqlite" if target.is_sqlite else "server")
    return Opened(db, target, paths)


def acting_user(args: argparse.Namespace) -> Actor:
    """Who a command acts as (the window signs in through iopdesk.ui.signin instead).

    Once any account has a password, this signs in: the user name comes from
    ``--user`` (or $IOPDESK_USER, else the login name), the password from
    $IOPDESK_PASSWORD or a prompt on the terminal. The demo clinic opens as its
    counselor with the demo password unless told otherwise. A clinic whose
    accounts have no passwords yet keeps acting as the local staff member.
    """
    from iopdesk.domain.accounts import accounts_have_passwords, sign_in
    from iopdesk.domain.clinic import ensure_local_setup, is_demo

    if not accounts_have_passwords():
        username = args.user
        if username is None and is_demo():
            username = "counselor"  # the demo opens as its counselor account
        return ensure_local_setup(username)
    return sign_in(*credentials(args))


def credentials(args: argparse.Namespace) -> tuple[str, str]:
    """(user name, password) for signing in from the command line."""
    from iopdesk.domain.clinic import is_demo, local_username

    demo = is_demo()
    username = args.user or ("counselor" if demo else local_username())
    password = os.environ.get(PASSWORD_VARIABLE)
    if password is None and demo:
        from iopdesk.domain.demo import DEMO_PASSWORD

        password = DEMO_PASSWORD
    if password is None:
        password = _prompt_password(username)
    return username, password


PASSWORD_VARIABLE = "IOPDESK_PASSWORD"


def _prompt_password(username: str) -> str:
    from iopdesk.domain.accounts import SignInError

    if not sys.stdin or not sys.stdin.isatty():
        raise SignInError(
            f"Signing in as {username!r} needs a password: set {PASSWORD_VARIABLE} "
            "or run the command from a terminal."
        )
    try:
        return getpass.getpass(f"Password for {username}: ")
    except EOFError:
        raise SignInError("No password was typed.") from None
