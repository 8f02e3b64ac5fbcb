"""demo, check, backup, restore and encrypt: the clinic's database file itself."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from peewee import Database

from iopdesk import front_door
from iopdesk.commands.common import Options, Parsers, UsageError, copy_private, new_password, recovery_key
from iopdesk.front_door import Credentials, locate, open_clinic, prepare
from iopdesk.store import keyring
from iopdesk.store.backup import backup_to, discard_backup, restore_from
from iopdesk.store.clock import local_now
from iopdesk.store.database import Target, is_plain_sqlite
from iopdesk.store.errors import StoreError
from iopdesk.store.files import encrypting_copy, interrupted_encryption, is_vacant

if TYPE_CHECKING:
    from iopdesk.domain.access.encrypt import Plan
    from iopdesk.domain.kernel.actor import Actor

log = logging.getLogger(__name__)


def register(parsers: Parsers) -> None:
    demo_parser = parsers.command(
        "demo",
        lambda a: demo(Options.of(a), a.size, a.seed),
        help="build the demo clinic (replaces an earlier demo database)",
    )
    demo_parser.add_argument("--size", choices=("small", "large"), default="small")
    demo_parser.add_argument("--seed", type=int, default=1, help="same seed, same clinic (default 1)")

    parsers.command(
        "check", lambda a: check(Options.of(a)), help="integrity check, schema version and row counts"
    )

    parsers.command(
        "upgrade",
        lambda a: upgrade(Options.of(a)),
        help="bring the clinic's schema up to date now (on a server: as the owner of its tables)",
    )

    backup_parser = parsers.command(
        "backup",
        lambda a: backup(Options.of(a), a.dest),
        help="copy the database to DEST (verified after writing)",
    )
    backup_parser.add_argument(
        "dest", metavar="DEST", help="a new file, or a folder to put a dated backup in"
    )

    restore_parser = parsers.command(
        "restore",
        lambda a: restore(Options.of(a), a.src, recovery=a.recovery_key),
        help="replace the database with the backup SRC (current kept aside)",
    )
    restore_parser.add_argument("src", metavar="SRC")
    restore_parser.add_argument(
        "--recovery-key",
        action="store_true",
        help="onto a new computer when no administrator password is known: open the backup with the "
        "recovery key ($IOPDESK_RECOVERY_KEY or a prompt) and set a new password for --user",
    )

    parsers.command(
        "encrypt",
        lambda a: encrypt(Options.of(a)),
        help="encrypt a clinic database made before IOPdesk encrypted new ones (administrators; "
        "prints a new recovery key)",
    )


def demo(options: Options, size: str, seed: int) -> int:
    from iopdesk.demo.clinic_file import build_demo_database

    target = locate(options.db, prepare(), demo=True)
    seconds = build_demo_database(target, size, seed)
    print(f"Demo clinic ({size}, seed {seed}) built in {seconds:.1f} s: {target.describe()}")
    return 0


def check(options: Options) -> int:
    from iopdesk.domain.clinic.setup import health_check

    # Only reads: nothing is written into the file, not even a sign-in (front_door, write=False),
    # so a damaged file is not made worse and a busy or read-only one is checked all the same.
    with options.open(act=False, write=False) as clinic:
        report = health_check()
    print(f"database: {clinic.target.describe()}")
    for line in report.lines():
        print(line)
    print("result: " + ("sound" if report.ok else "PROBLEMS FOUND"))
    if report.reason:
        print(f"iopdesk: {report.reason}", file=sys.stderr)
    return 0 if report.ok else 1


def upgrade(options: Options) -> int:
    """Open the clinic, which brings its schema up to date (a server's tables' owner does this once
    after a new IOPdesk is installed, before the workstations, whose role may not, open it)."""
    from iopdesk.store.database import schema_state

    with options.open(act=False) as clinic:
        applied, _pending, _unknown = schema_state(clinic.database)
    print(f"{clinic.target.describe()}: schema {applied[-1]}, up to date.")
    return 0


def backup(options: Options, dest_text: str) -> int:
    from iopdesk.domain.access import maintenance

    paths = prepare()
    if not locate(options.db, paths, demo=options.demo).is_sqlite:
        raise StoreError("Back up a PostgreSQL clinic with the server's own tools (pg_dump).")
    with options.open(paths=paths) as clinic:
        maintenance.authorize(clinic.acting, "backup")
        dest = Path(dest_text).expanduser()
        result = backup_to(clinic.database, dest)
        try:
            maintenance.record_backup(clinic.acting, str(dest), sum(result.counts.values()))
        except BaseException:  # a copy of every record that the audit trail does not know of
            if result.path is not None:
                discard_backup(result.path)
            raise
    rows = sum(result.counts.values())
    print(f"Backup written and verified: {result.path} ({rows} rows, integrity {result.integrity})")
    if result.encrypted and result.path is not None:
        print(
            f"It is encrypted; its key file {keyring.keys_path(result.path).name} is beside it. "
            "Keep the two files together: the backup opens with a staff password or the recovery key."
        )
    return 0


def restore(options: Options, src_text: str, *, recovery: bool = False) -> int:
    from iopdesk.domain.access import maintenance

    paths = prepare()
    target = locate(options.db, paths, demo=options.demo)
    src = Path(src_text).expanduser()
    if target.path is not None and (not target.path.exists() or is_vacant(target.path)):
        return _restore_where_none_is(options, target, src, recovery)
    if recovery:
        raise UsageError(
            "--recovery-key is for restoring onto a computer with no clinic database yet. Here, sign in "
            "as an administrator (lost every administrator password? iopdesk recover first)."
        )
    if target.path is None:
        raise StoreError("Restore a PostgreSQL clinic with the server's own tools (pg_restore).")
    with options.open(paths=paths) as clinic:
        actor = clinic.acting
        maintenance.authorize(actor, "restore")
        kept = restore_from(clinic.database, target.path, src)
        try:
            maintenance.record_restore(actor, src_text, str(kept))
        except Exception:  # the restored copy may not know this account: the restore itself stands
            log.warning("restore done; the restored database could not record it (staff %s)", actor.staff_id)
    print(f"Restored from {src_text}. The previous database was kept as {kept}.")
    return 0


def _restore_where_none_is(options: Options, target: Target, src: Path, recovery: bool) -> int:
    """A new computer (or a lost database): the backup and its key file become the clinic's files.

    The backup's own key file decides who may: the sign-in must be one of the
    backup's administrator accounts. If it is not, both copies are removed again.
    """
    from iopdesk.domain.access import maintenance
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
    # A key file left without its database (moved or deleted) is kept aside, not overwritten:
    # should that database turn up, only its own key file opens it.
    lone = dest_keys.with_name(f"{dest_keys.name}.before-restore-{local_now():%Y%m%d-%H%M%S}")
    if dest_keys.exists():
        os.replace(dest_keys, lone)
    placed: list[Path] = []
    try:
        pairs = [(src, target.path)] + ([(src_keys, dest_keys)] if encrypted else [])
        for source, dest in pairs:
            copy_private(source, dest)
            placed.append(dest)
        credentials = _recover_placed(options, target) if recovery else options.credentials()
        with open_clinic(target, credentials=credentials, act=True) as clinic:
            maintenance.authorize(clinic.acting, "restore")
            maintenance.record_restore(clinic.acting, str(src), "(there was no database here)")
    except BaseException:
        for path in placed:
            for suffix in ("", "-wal", "-shm", ".lock"):
                Path(str(path) + suffix).unlink(missing_ok=True)
        if lone.exists():
            os.replace(lone, dest_keys)
        raise
    print(f"Restored from {src} into {target.describe()} (there was no database there before).")
    if lone.exists():
        print(f"The key file that was there without its database is kept as {lone.name}.")
    return 0


def _recover_placed(options: Options, target: Target) -> Credentials:
    """The placed backup opened with the recovery key: a new password for the administrator --user."""
    if not options.user:
        raise UsageError("Name the backup's administrator account with --user (or IOPDESK_USER).")
    key = recovery_key()
    password = new_password("The administrator's new password")
    with open_clinic(target, stay_locked=True) as clinic:
        front_door.recover(clinic, key, options.user, password)
    return Credentials(options.user, password)


def _hold_alone(db: Database) -> None:
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


def _keep_recovery_key(actor: Actor, plan: Plan) -> None:
    """An encryption that failed leaves the plain clinic with the recovery key it had; if even that
    cannot be written, the new one (already in the file) is said, or nobody would know it."""
    from iopdesk.domain.access import encrypt as encrypt_clinic

    try:
        encrypt_clinic.abandon(actor, plan)
    except StoreError:
        log.warning("the recovery key of an abandoned encryption could not be put back")
        print(
            f"The clinic's recovery key is now {plan.recovery_key} (the old one could not be put back): "
            "write it down.",
            file=sys.stderr,
        )


def encrypt(options: Options) -> int:
    """Encrypt a plain clinic in place: an encrypted copy, checked, then renamed over the plain file."""
    from iopdesk.domain.access import encrypt as encrypt_clinic
    from iopdesk.domain.access.accounts import sign_in
    from iopdesk.domain.access.keys import refresh_screen
    from iopdesk.domain.clinic.setup import is_demo
    from iopdesk.store.backup import inspect_file
    from iopdesk.store.convert import export_encrypted

    paths = prepare()
    target = locate(options.db, paths, demo=options.demo)
    if target.path is None:
        raise StoreError("A PostgreSQL server encrypts its own storage; IOPdesk encrypts only SQLite files.")
    path = target.path
    staged = encrypting_copy(path)
    if interrupted_encryption(path):  # killed before the rename: the plain file is whole; start again
        keyring.keys_path(path).unlink()
        staged.unlink()
    if keyring.keys_path(target.path).exists():
        raise StoreError(f"{target.describe()} is already encrypted.")
    credentials = options.credentials()
    with open_clinic(target, credentials=credentials, paths=paths) as clinic:
        db = clinic.database
        username, password = credentials(demo=is_demo())  # the key gets wrapped with this password
        actor = sign_in(username, password)
        _hold_alone(db)  # a window still open on the plain file would go on writing into it
        plan = encrypt_clinic.prepare(actor, password)
        try:
            before = {t: db.execute_sql(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in db.get_tables()}
            export_encrypted(db, staged, plan.key)
            check = inspect_file(staged, plan.key)
            missing = {t: n for t, n in before.items() if t in check.counts and check.counts[t] != n}
            if missing or check.integrity != "ok":
                raise StoreError(
                    f"The encrypted copy did not match the database ({missing or check.integrity})."
                )
        except Exception:
            staged.unlink(missing_ok=True)
            _keep_recovery_key(actor, plan)
            raise
    keys_file = keyring.keys_path(path)
    try:
        keyring.save(keys_file, plan.keys)
        os.replace(staged, path)  # the plain file is gone from here on
    except (OSError, StoreError) as exc:  # a key file beside the plain file would say it is encrypted
        keys_file.unlink(missing_ok=True)
        staged.unlink(missing_ok=True)
        with open_clinic(target, credentials=credentials, paths=paths):
            _keep_recovery_key(actor, plan)
        why = exc.strerror if isinstance(exc, OSError) else str(exc)
        raise StoreError(
            f"Could not put the encrypted copy in place of {path}: {why}; it stays unencrypted."
        ) from exc
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    with open_clinic(target, credentials=credentials, paths=paths):  # opens with the new key
        refresh_screen()  # fills in what the sign-in screen shows
    print(f"{target.describe()} is now encrypted; its key file is {keys_file.name}, beside it.")
    print(f"Recovery key: {plan.recovery_key}")
    print("Write the recovery key down and keep it somewhere safe: it is shown only this once. The old")
    print("recovery key no longer works. Other staff get their copy of the key the next time they sign")
    print("in where the clinic is already open (Switch user), or when an administrator resets their")
    print("password. Backups made before today are not encrypted: make a new one, then destroy them.")
    return 0
