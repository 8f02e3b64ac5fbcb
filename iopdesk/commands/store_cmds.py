"""demo, check, backup and restore."""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import time
from pathlib import Path

from iopdesk.startup import Opened, open_for_reading, open_store, prepare, target_for
from iopdesk.store import keyring
from iopdesk.store.backup import backup_to, restore_from
from iopdesk.store.database import Target, is_plain_sqlite, open_database
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
    keys = keyring.keys_path(path)
    if not path.exists():
        keys.unlink(missing_ok=True)
        return
    if not is_plain_sqlite(path) and path.stat().st_size > 0:
        # Encrypted: its key file says whether it is the demo (a real clinic's never does).
        from iopdesk.domain.access.unlock import check_not_demo_only

        check_not_demo_only(target)
    else:
        from iopdesk.domain.clinic.setup import is_demo

        db = open_database(target, create=False, migrate=False, allow_pending=True)
        try:
            demo_flag = is_demo()
            has_rows = bool(db.get_tables())
        finally:
            db.close()
        if has_rows and not demo_flag:
            raise StoreError(
                f"{path} holds a real clinic, not a demo; IOPdesk will not replace it with demo data."
            )
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    keys.unlink(missing_ok=True)
    keys.with_name(keys.name + ".lock").unlink(missing_ok=True)


def build_demo_database(target: Target, size: str, seed: int, *, encrypt: bool = True) -> float:
    """Build a fresh demo clinic at ``target``; returns the seconds it took.

    Encrypted like any new clinic (``encrypt=False`` builds a plain file, for
    measuring what encryption costs): every demo account opens it with the demo password.
    """
    from iopdesk.demo import DEMO_PASSWORD, build_demo
    from iopdesk.domain.access import keys as key_access
    from iopdesk.domain.clinic.workstation import DEMO_ACCOUNTS
    from iopdesk.store import cipher, driver

    if not target.is_sqlite:
        raise StoreError("The demo clinic is built in a SQLite file; give --db a file path.")
    if encrypt and not driver.HAS_CIPHER:
        # Invented people only: the demo still opens where SQLCipher is missing (a real clinic does not).
        print("No SQLCipher here: the demo clinic is built unencrypted.", file=sys.stderr)
        encrypt = False
    remove_demo_database(target)
    started = time.perf_counter()
    progress = _Progress()
    key = None
    if encrypt:
        from iopdesk.domain.access.unlock import demo_keys

        assert target.path is not None
        target.path.parent.mkdir(parents=True, exist_ok=True)
        key = cipher.new_key()
        demo_keys(target, key, DEMO_ACCOUNTS, DEMO_PASSWORD)
    db = open_database(target, key=key)
    try:
        build_demo(size=size, seed=seed, progress=progress)
        key_access.refresh_screen()
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
    from iopdesk.domain.clinic.setup import health_check

    paths = prepare(args)
    opened = open_for_reading(args, paths, demo=args.demo)
    target = opened.target
    try:
        report = health_check()
    finally:
        opened.database.close()
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
        from iopdesk.domain.access import maintenance
        from iopdesk.startup import acting_user

        actor = acting_user(args, opened)
        maintenance.authorize(actor, "backup")
        dest = Path(args.dest).expanduser()
        result = backup_to(opened.db, dest)
        maintenance.record_backup(actor, str(dest), sum(result.counts.values()))
    finally:
        opened.db.close()
    rows = sum(result.counts.values())
    print(f"Backup written and verified: {result.path} ({rows} rows, integrity {result.integrity})")
    if result.encrypted and result.path is not None:
        print(
            f"It is encrypted; its key file {keyring.keys_path(result.path).name} is beside it. "
            "Keep the two files together: the backup opens with a staff password or the recovery key."
        )
    return 0


def restore(args: argparse.Namespace) -> int:
    paths = prepare(args)
    target = target_for(args, paths, demo=args.demo)
    if target.path is not None and not target.path.exists():
        return _restore_where_none_is(args, target, Path(args.src).expanduser())
    if getattr(args, "recovery_key", False):
        from iopdesk.cli import UsageError

        raise UsageError(
            "--recovery-key is for restoring onto a computer with no clinic database yet. Here, sign in "
            "as an administrator (lost every administrator password? iopdesk recover first)."
        )
    opened = open_store(args, paths, demo=args.demo, create=False)
    if not opened.target.is_sqlite:
        raise StoreError("Restore a PostgreSQL clinic with the server's own tools (pg_restore).")
    assert opened.target.path is not None
    try:
        from iopdesk.domain.access import maintenance
        from iopdesk.startup import acting_user

        actor = acting_user(args, opened)
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


def _restore_where_none_is(args: argparse.Namespace, target: Target, src: Path) -> int:
    """A new computer (or a lost database): the backup and its key file become the clinic's files.

    The backup's own key file decides who may: the sign-in must be one of the
    backup's administrator accounts. If it is not, both copies are removed again.
    """
    from iopdesk.domain.access import maintenance
    from iopdesk.startup import acting_user
    from iopdesk.store.backup import inspect_file

    assert target.path is not None
    if not src.is_file():
        raise StoreError(f"There is no backup file at {src}.")
    src_keys = keyring.keys_path(src)
    encrypted = not is_plain_sqlite(src)
    if encrypted and not src_keys.is_file():
        raise StoreError(
            f"{src} is encrypted and its key file {src_keys.name} is not beside it; "
            "copy both files of the backup, then try again."
        )
    if not encrypted:
        inspect_file(src)
    dest_keys = keyring.keys_path(target.path)
    target.path.parent.mkdir(parents=True, exist_ok=True)
    placed: list[Path] = []
    try:
        pairs = [(src, target.path)] + ([(src_keys, dest_keys)] if encrypted else [])
        for source, dest in pairs:
            part = dest.with_name(dest.name + ".part")
            shutil.copyfile(source, part)
            os.replace(part, dest)
            placed.append(dest)
        given = _recover_placed(args, target) if getattr(args, "recovery_key", False) else None
        opened: Opened = open_store(args, prepare(args), demo=args.demo, create=False, given=given)
        try:
            actor = acting_user(args, opened)
            maintenance.authorize(actor, "restore")
            maintenance.record_restore(actor, str(src), "(there was no database here)")
        finally:
            opened.database.close()
    except BaseException:
        for path in placed:
            for suffix in ("", "-wal", "-shm", ".lock"):
                Path(str(path) + suffix).unlink(missing_ok=True)
        raise
    print(f"Restored from {src} into {target.describe()} (there was no database there before).")
    return 0


def _recover_placed(args: argparse.Namespace, target: Target) -> tuple[str, str]:
    """The placed backup opened with the recovery key: a new password for the administrator --user."""
    from iopdesk.cli import UsageError
    from iopdesk.commands.account_cmds import new_password, recovery_key
    from iopdesk.domain.access import unlock

    if not args.user:
        raise UsageError("Name the backup's administrator account with --user (or IOPDESK_USER).")
    key = recovery_key()
    password = new_password("The administrator's new password")
    unlock.recover(target, key, args.user, password).close()
    return args.user, password


def _hold_alone(db) -> None:  # type: ignore[no-untyped-def]
    """Take the file for this connection alone until it closes, or refuse if anyone else has it open."""
    db.execute_sql("PRAGMA busy_timeout = 1000")
    db.execute_sql("PRAGMA locking_mode = EXCLUSIVE")
    try:
        db.execute_sql("BEGIN EXCLUSIVE")
        db.execute_sql("COMMIT")
    except Exception as exc:  # peewee wraps "database is locked" in its own classes
        raise StoreError(
            "Another IOPdesk has this database open. Close IOPdesk everywhere it is open, then run "
            "iopdesk encrypt again; nothing was changed."
        ) from exc


def encrypt(args: argparse.Namespace) -> int:
    """Encrypt a plain clinic in place: an encrypted copy, checked, then renamed over the plain file."""
    from iopdesk.domain.access import encrypt as encrypt_clinic
    from iopdesk.domain.access.accounts import sign_in
    from iopdesk.domain.access.keys import refresh_screen
    from iopdesk.startup import credentials
    from iopdesk.store.backup import inspect_file
    from iopdesk.store.convert import export_encrypted

    paths = prepare(args)
    target = target_for(args, paths, demo=args.demo)
    if target.path is None:
        raise StoreError("A PostgreSQL server encrypts its own storage; IOPdesk encrypts only SQLite files.")
    if keyring.keys_path(target.path).exists():
        raise StoreError(f"{target.describe()} is already encrypted.")
    opened = open_store(args, paths, demo=args.demo, create=False)
    path = target.path
    db = opened.database
    try:
        username, password = credentials(args)  # the key gets wrapped with this password
        actor = sign_in(username, password)
        _hold_alone(db)  # a window still open on the plain file would go on writing into it
        plan = encrypt_clinic.prepare(actor, password)
        before = {t: db.execute_sql(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in db.get_tables()}
        staged = path.with_name(path.name + ".encrypted")
        export_encrypted(db, staged, plan.key)
        check = inspect_file(staged, plan.key)
        missing = {t: n for t, n in before.items() if t in check.counts and check.counts[t] != n}
        if missing or check.integrity != "ok":
            staged.unlink(missing_ok=True)
            raise StoreError(f"The encrypted copy did not match the database ({missing or check.integrity}).")
    finally:
        db.close()
    keys_file = keyring.keys_path(path)
    keyring.save(keys_file, plan.keys)
    os.replace(staged, path)  # the plain file is gone from here on
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    from iopdesk.domain.access.unlock import open_clinic

    db, _actor = open_clinic(target, username, password)  # opens with the new key; fills the screen info
    try:
        refresh_screen()
    finally:
        db.close()
    print(f"{target.describe()} is now encrypted; its key file is {keys_file.name}, beside it.")
    print(f"Recovery key: {plan.recovery_key}")
    print("Write the recovery key down and keep it somewhere safe: it is shown only this once. The old")
    print("recovery key no longer works. Other staff get their copy of the key the next time they sign")
    print("in where the clinic is already open (Switch user), or when an administrator resets their")
    print("password. Backups made before today are not encrypted: make a new one, then destroy them.")
    return 0
