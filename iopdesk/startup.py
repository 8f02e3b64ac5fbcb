"""The Qt-free first steps shared by the GUI and the command line: paths, logging, the store."""

from __future__ import annotations

import argparse
import logging
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
    from iopdesk.domain.clinic import ensure_local_setup, is_demo

    username = args.user
    if username is None and is_demo():
        username = "counselor"  # the demo opens as its counselor account
    return ensure_local_setup(username)
