"""A draft stored by autosave survives the program being killed (SIGKILL) and is there on restart.

The real program runs as a subprocess, started through a launcher of the tests'
(tests/support/type_draft.py) that adds a hook (IOPDESK_TEST_TYPE_DRAFT): it opens
a session's note and types into a member's part as a person would; nothing else
saves it but the autosave timer. The program itself carries no such hook.
Once the text is in the database, the program is killed without warning,
started again, and the note is read back through the domain.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from iopdesk.domain import notes
from iopdesk.domain.clinic.setup import actor_for, ensure_local_setup
from iopdesk.store.database import Target, open_database
from iopdesk.store.driver import dbapi  # the one SQLite library of this process
from iopdesk.store.models import database as proxy
from tests.support import note_factories as nf

ROOT = Path(__file__).resolve().parents[2]
MAIN = str(ROOT / "main.py")
TYPIST = str(ROOT / "tests" / "support" / "type_draft.py")  # main.py with the typing hook
TEXT = "Typed just before the power went out"

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")]


def env(home: Path, **extra: str) -> dict[str, str]:
    e = dict(os.environ, IOPDESK_HOME=str(home), QT_QPA_PLATFORM="offscreen", **extra)
    e.pop("IOPDESK_DB", None)
    return e


def build(path: Path):  # type: ignore[no-untyped-def]
    db = open_database(Target(path=path))
    try:
        actor = ensure_local_setup("tester")
        return nf.group_with(
            actor, [("Samuel", "Rivera"), ("Ana", "Lopez"), ("Kim", "Osei")], facilitator=actor
        )
    finally:
        db.close()
        proxy.initialize(None)


def stored(path: Path) -> bool:
    """Whether any note holds the typed text yet (read-only: the program owns the writes)."""
    try:
        with dbapi.connect(f"file:{path}?mode=ro", uri=True, timeout=1) as con:
            return (
                con.execute("SELECT count(*) FROM note WHERE body LIKE ?", (f"%{TEXT}%",)).fetchone()[0] > 0
            )
    except dbapi.OperationalError:  # the program is still creating or migrating it
        return False


def open_on_notes(home: Path, staff_id) -> None:  # type: ignore[no-untyped-def]
    """The window opens on the view this staff member showed last (views are built when first shown)."""
    config = home / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "ui.ini").write_text(f"[window]\nview\\{staff_id.hex}=notes\n", encoding="utf-8")


def test_autosaved_draft_survives_sigkill(tmp_path):
    path = tmp_path / "clinic.sqlite3"
    setup = build(path)
    open_on_notes(tmp_path, setup.session.facilitator_id)  # "tester", who leads the session
    errors = tmp_path / "stderr.txt"
    with open(errors, "wb") as err:
        proc = subprocess.Popen(
            [sys.executable, TYPIST, "--db", str(path), "--user", "tester"],
            env=env(tmp_path, IOPDESK_TEST_TYPE_DRAFT=f"{setup.session.id}:{TEXT}"),
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        try:
            deadline = time.monotonic() + 25
            while not stored(path):
                assert proc.poll() is None, errors.read_text(encoding="utf-8", errors="replace")
                assert time.monotonic() < deadline, "the autosave never reached the database"
                time.sleep(0.1)  # polling the database, not waiting for a guessed duration
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL

    again = subprocess.run(
        [sys.executable, MAIN, "--db", str(path), "--user", "tester", "--exit-after-startup"],
        env=env(tmp_path), capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert again.returncode == 0, again.stderr

    db = open_database(Target(path=path))
    try:
        actor = actor_for("tester")
        view = notes.open_session_note(actor, setup.session.id)
        texts = [t for m in view.members if m.note is not None for t in m.note.body.values()]
        assert TEXT in texts
        waiting = notes.my_unsigned_notes(actor, dt.datetime.now(dt.UTC))
        assert any(w.session_id == setup.session.id and w.status == "draft" for w in waiting)
    finally:
        db.close()
        proxy.initialize(None)
