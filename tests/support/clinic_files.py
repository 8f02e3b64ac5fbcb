"""A small encrypted clinic on disk, as ``iopdesk setup`` makes it, for tests of the commands.

``encrypted_clinic(folder)`` copies a clinic made once per test process (an administrator
ADMIN with PASSWORD, a client, a group with an enrolled member, a session with an
attendance mark changed a few times, and an audit trail of a dozen entries anchored in
its key file) into ``folder`` and returns its path. ``as_admin``
sets the environment a command signs in from. ``hold_write_lock`` keeps another
process's write transaction open on it; ``damage_table`` breaks the pages of a table.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from iopdesk.store import keyring

ADMIN = "boss"
PASSWORD = "boss pass phrase for tests"
CHART = "T-90001"
GROUP = "Evening Group"
DAY = dt.date(2025, 3, 11)
ROOT = Path(__file__).resolve().parents[2]
_made: Path | None = None


def _make(folder: Path) -> Path:
    from iopdesk.domain.access.accounts import first_run_setup
    from iopdesk.domain.access.unlock import create_clinic
    from iopdesk.domain.attendance.marking import mark
    from iopdesk.domain.kernel import audit
    from iopdesk.store.database import Target
    from iopdesk.store.models import database as proxy
    from tests.support import factories as f

    path = folder / "clinic.sqlite3"
    db = create_clinic(Target(path=path))
    try:
        admin, _ = first_run_setup("Test Clinic", "Main site", "America/New_York", ADMIN, "Bo Boss", PASSWORD)
        who = f.client(admin, "River", "Tester", chart=CHART)
        grp = f.group(admin, GROUP)
        f.enroll(admin, who, grp, DAY - dt.timedelta(days=7))
        sess = f.session(admin, grp, DAY)
        for n in range(8):  # a trail of a dozen entries, the last of them anchored in the key file
            mark(admin, sess.id, who.id, "present", comment=f"seen {n}", reason="from the paper sheet")
        audit.anchor_now()
        db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
        proxy.initialize(None)
    return path


def encrypted_clinic(folder: Path) -> Path:
    """A copy of the test clinic in ``folder`` (made once per process); its database path."""
    global _made
    if _made is None or not _made.exists():
        _made = _make(Path(tempfile.mkdtemp(prefix="iopdesk-clinic-")))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "clinic.sqlite3"
    for name in (_made.name, keyring.keys_path(_made).name):
        shutil.copyfile(_made.parent / name, folder / name)
    return path


def as_admin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IOPDESK_USER", ADMIN)
    monkeypatch.setenv("IOPDESK_PASSWORD", PASSWORD)


def database_key(path: Path) -> bytes:
    return keyring.load(keyring.keys_path(path)).unlock(ADMIN, PASSWORD)


HOLDER = (
    "import sys, time\n"
    "from iopdesk.store import driver\n"
    "conn = driver.connect(sys.argv[1], bytes.fromhex(sys.argv[2]), isolation_level=None)\n"
    "conn.execute('BEGIN IMMEDIATE')\n"
    "print('holding', flush=True)\n"
    "time.sleep(600)\n"
)


@contextmanager
def hold_write_lock(path: Path) -> Iterator[None]:
    """Another workstation (a separate process) holds the clinic's write lock until the block ends."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path), database_key(path).hex()],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.strip() == "holding", proc.stderr.read() if proc.stderr else ""
        yield
    finally:
        proc.kill()
        proc.wait(timeout=30)
        for pipe in (proc.stdout, proc.stderr):
            if pipe is not None:
                pipe.close()


def damage_table(path: Path, table: str) -> int:
    """Flip one bit in the middle of the root page of ``table``; returns the page's number."""
    from iopdesk.store import driver

    conn = driver.connect(str(path), database_key(path))
    try:
        page = int(conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0])
        size = int(conn.execute("PRAGMA page_size").fetchone()[0])
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    with open(path, "r+b") as fh:
        fh.seek((page - 1) * size + size // 2)
        byte = fh.read(1)
        fh.seek(-1, os.SEEK_CUR)
        fh.write(bytes([byte[0] ^ 0x10]))
    return int(page)
