"""demo, check, backup and restore."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from iopdesk.startup import open_store, prepare, target_for
from iopdesk.store.backup import backup_to, restore_from
from iopdesk.store.database import Target, open_database
from iopdesk.store.errors import StoreError

log = logging.getLogger(__name__)


class _Progress:
    """Progress on stderr: one updating line on a terminal, a line per step otherwise."""

    def __init__(self) -> None:
        self.last = ""

    def __call__(self, stage: str, fraction: float) -> None:
        line = f"{int(fraction * 100):3d}%  {stage}"
        if sys.stderr.isatty():
            print(f"\r{line:<60}", end="", file=sys.stderr, flush=True)
        elif line != self.last:
            print(line, file=sys.stderr, flush=True)
        self.last = line

    def finish(self) -> None:
        if sys.stderr.isatty():
            print(file=sys.stderr)


def remove_demo_database(target: Target) -> None:
    """Delete an earlier demo database, refusing anything that holds real records."""
    path = target.path
    assert path is not None
    if not path.exists():
        return
    from iopdesk.domain.clinic import is_demo

    db = open_database(target, create=False, migrate=False, allow_pending=True)
    try:
        demo_flag = is_demo()
        has_rows = bool(db.get_tables())
    finally:
        db.close()
    if has_rows and not demo_flag:
        raise StoreError(f"{path} holds a real clinic, not a demo; IOPdesk will not replace it with demo data.")
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def build_demo_database(target: Target, size: str, seed: int) -> float:
    """Build a fresh demo clinic at ``target``; returns the seconds it took."""
    from iopdesk.domain.demo import build_demo

    if not target.is_sqlite:
        raise StoreError("The demo clinic is built in a SQLite file; give --db a file path.")
    remove_demo_database(target)
    started = time.perf_counter()
    progress = _Progress()
    db = open_database(target)
    try:
        build_demo(size=size, seed=seed, progress=progress)
    finally:
        db.close()
        progress.finish()
    return time.perf_counter() - started


def demo(args: argparse.Namespace) -> int:
    paths = prepare(args)
    target = target_for(args, paths, demo=True)
    seconds = build_demo_database(target, args.size, args.seed)
    print(f"Demo clinic ({args.size}, seed {args.seed}) built in {seconds:.1f} s: {target.describe()}")
    return 0


def check(args: argparse.Namespace) -> int:
    from iopdesk.domain.clinic import health_check

    paths = prepare(args)
    target = target_for(args, paths, demo=args.demo)
    db = open_database(target, create=False, migrate=False, allow_pending=True)
    try:
        report = health_check()
    finally:
        db.close()
    print(f"database: {target.describe()}")
    for line in report.lines():
        print(line)
    print("result: " + ("sound" if report.ok else "PROBLEMS FOUND"))
    return 0 if report.ok else 1


def backup(args: argparse.Namespace) -> int:
    paths = prepare(args)
    opened = open_store(args, paths, demo=args.demo, create=False)
    if not opened.target.is_sqlite:
        raise StoreError("Back up a PostgreSQL clinic with the server's own tools (pg_dump).")
    try:
        from iopdesk.domain import maintenance
        from iopdesk.startup import acting_user

        actor = acting_user(args)
        maintenance.authorize(actor, "backup")
        dest = Path(args.dest).expanduser()
        result = backup_to(opened.db, dest)
        maintenance.record_backup(actor, str(dest), sum(result.counts.values()))
    finally:
        opened.db.close()
    rows = sum(result.counts.values())
    print(f"Backup written and verified: {args.dest} ({rows} rows, integrity {result.integrity})")
    return 0


def restore(args: argparse.Namespace) -> int:
    paths = prepare(args)
    opened = open_store(args, paths, demo=args.demo, create=False)
    if not opened.target.is_sqlite:
        raise StoreError("Restore a PostgreSQL clinic with the server's own tools (pg_restore).")
    assert opened.target.path is not None
    try:
        from iopdesk.domain import maintenance
        from iopdesk.startup import acting_user

        actor = acting_user(args)
        maintenance.authorize(actor, "restore")
        kept = restore_from(opened.db, opened.target.path, Path(args.src).expanduser())
        try:
            maintenance.record_restore(actor, str(args.src), str(kept))
        except Exception:  # the restored copy may not know this account: the restore itself stands
            log.warning("restore done; the restored database could not record it (staff %s)", actor.staff_id)
    finally:
        opened.db.close()
    print(f"Restored from {args.src}. The previous database was kept as {kept}.")
    return 0
