"""The demo clinic as a database file: replacing an earlier demo (never a real clinic) and building it.

Used by ``iopdesk demo``, by the window on first use of ``--demo``, and by the benchmarks.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from iopdesk.store import keyring
from iopdesk.store.database import Target, is_plain_sqlite, open_database
from iopdesk.store.errors import StoreError


class TerminalProgress:
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
    for leftover in demo_files(path):
        leftover.unlink(missing_ok=True)


def demo_files(path: Path) -> list[Path]:
    """The demo database's files and whatever an interrupted build or upgrade left beside it: its
    journals, key file, half-written copies and the copies kept before an upgrade."""
    keys = keyring.keys_path(path)
    named = [Path(str(path) + s) for s in ("", "-wal", "-shm", "-journal", ".part", ".part-journal")]
    named += [keys, keys.with_name(keys.name + ".lock"), keys.with_name(keys.name + ".part")]
    kept = sorted(path.parent.glob(f"{path.stem}.before-upgrade-from-*{path.suffix}"))
    return named + kept + [keyring.keys_path(copy) for copy in kept]


def needs_building(target: Target) -> bool:
    """No demo database yet, or one whose build did not finish (the window then builds it)."""
    assert target.path is not None
    if not target.path.exists():
        return True
    keys = keyring.keys_path(target.path)
    try:
        return keys.exists() and keyring.load(keys).building
    except StoreError:
        return False  # an unreadable key file: opening it will say what is wrong


def build_demo_database(target: Target, size: str, seed: int, *, encrypt: bool = True) -> float:
    """Build a fresh demo clinic at ``target``; returns the seconds it took.

    Encrypted like any new clinic (``encrypt=False`` builds a plain file, for
    measuring what encryption costs): every demo account opens it with the demo password.
    """
    from iopdesk.demo import DEMO_PASSWORD, build_demo
    from iopdesk.domain.access import keys as key_access
    from iopdesk.domain.clinic.workstation import DEMO_ACCOUNTS
    from iopdesk.store import cipher, driver

    if target.is_server:
        return _build_on_server(target, size, seed)
    if not target.is_sqlite:
        raise StoreError("The demo clinic is built in a SQLite file or on a PostgreSQL server.")
    if encrypt and not driver.HAS_CIPHER:
        # Invented people only: the demo still opens where SQLCipher is missing (a real clinic does not).
        print("No SQLCipher here: the demo clinic is built unencrypted.", file=sys.stderr)
        encrypt = False
    remove_demo_database(target)
    started = time.perf_counter()
    progress = TerminalProgress()
    key = None
    if encrypt:
        from iopdesk.domain.access.unlock import demo_keys

        assert target.path is not None
        target.path.parent.mkdir(parents=True, exist_ok=True)
        key = cipher.new_key()
        demo_keys(target, key, DEMO_ACCOUNTS, DEMO_PASSWORD)
    db = open_database(target, key=key, create=True)
    try:
        build_demo(size=size, seed=seed, progress=progress)
        key_access.refresh_screen()
    finally:
        db.close()
        progress.finish()
    if key is not None:
        from iopdesk.domain.access.unlock import demo_built

        demo_built(target)
    return time.perf_counter() - started


def _build_on_server(target: Target, size: str, seed: int) -> float:
    """The demo clinic in a server database that is empty or holds an earlier demo (its IOPdesk
    tables are dropped first; a real clinic's never are). The server encrypts its own storage."""
    from iopdesk.demo import build_demo
    from iopdesk.domain.access import keys as key_access
    from iopdesk.domain.clinic.setup import DEMO_FLAG
    from iopdesk.store import server, server_schema

    started = time.perf_counter()
    assert target.url is not None
    probe = server.ServerDatabase(target.url)
    try:
        tables = probe.get_tables()
        if tables:
            flag = (
                "setting" in tables
                and probe.execute_sql("SELECT 1 FROM setting WHERE key = %s", (DEMO_FLAG,)).fetchone()
            )
            if not flag:
                raise StoreError(
                    f"{target.describe()} holds a real clinic (or another program's tables), not a demo; "
                    "IOPdesk will not replace it with demo data."
                )
            server_schema.drop_clinic(probe)
    finally:
        probe.close()
    progress = TerminalProgress()
    db = open_database(target, create=True)
    try:
        build_demo(size=size, seed=seed, progress=progress)
        key_access.refresh_screen()
    finally:
        db.close()
        progress.finish()
    return time.perf_counter() - started
