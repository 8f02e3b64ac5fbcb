"""Canaries: unmistakable invented names and note text go into an encrypted clinic through the real
program, and are then searched for, byte by byte, everywhere the program writes on disk.

The clinic is set up with ``main.py setup``; the clients come in with ``import-roster``; a counselor
writes a note through the domain (a small script that signs in with ``unlock.open_clinic``); the
window starts and quits (``--exit-after-startup``), and reports are exported to a folder outside
the ones searched. Then the database, its -wal and -shm (also while a writer still holds the
note in the WAL), the key file, the logs, the per-machine settings and the temporary folder must
hold none of the canaries in UTF-8 or UTF-16. The same canaries are read back through a keyed
connection, so the search is known to be looking for something that is there.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterable
from pathlib import Path

import pytest

from iopdesk.store import driver, keyring
from tests.support.keys_support import raw_connection

ROOT = Path(__file__).resolve().parents[2]
MAIN = str(ROOT / "main.py")

pytestmark = [
    pytest.mark.sqlite_only("SQLCipher"),
    pytest.mark.e2e,
    pytest.mark.skipif(not driver.HAS_CIPHER, reason="needs SQLCipher"),
]

ADMIN_PW = "canary admin pass phrase"
CASEY_PW = "canary counselor phrase"
FIRST, LAST, CHART = "Quexwortha", "Zymblerand", "QZ-40417"
FIRST_2, LAST_2, CHART_2 = "Velmorix", "Thrandequist", "VT-55120"
PHRASE = "Spoke about the plumbivorous ostrafelder from Krindlemoor"
CANARIES = (FIRST, LAST, CHART, FIRST_2, LAST_2, CHART_2, "plumbivorous", "ostrafelder", "Krindlemoor")
ROSTER = (
    "First name,Last name,DOB,MRN\r\n"
    f"{FIRST},{LAST},3/14/1985,{CHART}\r\n"
    f"{FIRST_2},{LAST_2},1990-07-02,{CHART_2}\r\n"
)

# A counselor writes the note the way the window would (domain calls), after signing in to open the
# clinic. The group and session around it are test rows (tests/support/factories.py). It then waits,
# with the note still in its WAL, until the test has searched the files, and closes.
WRITE_NOTE = """
import datetime as dt, sys
from iopdesk.domain import notes
from iopdesk.domain.access import unlock
from iopdesk.store.database import Target
from iopdesk.store.models import Client
from tests.support import factories as f

db, me = unlock.open_clinic(Target.parse(sys.argv[1]), "casey", sys.argv[2])
day = dt.date(2025, 3, 10)
grp = f.group(me, "Tuesday Process Group")
f.facilitate(grp, me.staff_id)
members = list(Client.select().order_by(Client.chart_number))
assert len(members) == 2, members
for c in members:
    f.enroll(me, c, grp, day - dt.timedelta(days=14))
sess = f.session(me, grp, day, facilitator=me.staff_id)
for c in members:
    f.attend(me, sess, c)
part = notes.open_session_note(me, sess.id).part(members[0].id).note
assert notes.save_draft(me, part.id, {"data": sys.stdin.readline().strip()}, part.version).saved
print("written", flush=True)
sys.stdin.readline()
db.close()
"""


def forms(word: str) -> set[bytes]:
    """The byte patterns a word could be stored as: UTF-8 and UTF-16 (LE, BE), as typed, lower and upper
    case (a full-text index keeps its terms in lower case)."""
    out = set()
    for text in {word, word.lower(), word.upper()}:
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            out.add(text.encode(encoding))
    return out


PATTERNS = {word: forms(word) for word in CANARIES}


def leaks(paths: Iterable[Path]) -> dict[str, list[str]]:
    """{file: [canaries found in it]} for every file that holds any."""
    found: dict[str, list[str]] = {}
    for path in paths:
        data = path.read_bytes()
        hits = sorted(word for word, patterns in PATTERNS.items() if any(p in data for p in patterns))
        if hits:
            found[str(path)] = hits
    return found


def staff_hex(raw: object) -> str:
    """A staff id as the window's settings key it (32 hex digits), however the column holds it."""
    return (uuid.UUID(bytes=raw) if isinstance(raw, bytes) else uuid.UUID(str(raw))).hex


def files_under(*folders: Path) -> list[Path]:
    return sorted(p for folder in folders for p in folder.rglob("*") if p.is_file())


def test_no_canary_is_readable_anywhere_the_program_writes(tmp_path: Path) -> None:
    home, temp, outside = tmp_path / "home", tmp_path / "tmp", tmp_path / "outside"
    for folder in (home, temp, outside):
        folder.mkdir()
    env = dict(os.environ, IOPDESK_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    env.update(TMPDIR=str(temp), TEMP=str(temp), TMP=str(temp))
    for name in ("IOPDESK_DB", "IOPDESK_USER", "IOPDESK_PASSWORD", "IOPDESK_NEW_PASSWORD"):
        env.pop(name, None)

    def run(*args: str, **extra: str) -> str:
        done = subprocess.run(
            [sys.executable, MAIN, *args], env=dict(env, **extra), capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    as_boss = {"IOPDESK_USER": "boss", "IOPDESK_PASSWORD": ADMIN_PW}
    as_casey = {"IOPDESK_USER": "casey", "IOPDESK_PASSWORD": CASEY_PW}
    run("setup", "--clinic", "Canary Test Clinic", "--site", "Main", "--timezone", "UTC",
        "--admin", "boss", "--name", "Bo Ss", IOPDESK_NEW_PASSWORD=ADMIN_PW)  # fmt: skip
    run("staff", "add", "casey", "--name", "Casey Counselor", "--role", "counselor",
        IOPDESK_NEW_PASSWORD=CASEY_PW, **as_boss)  # fmt: skip
    roster_in = outside / "roster-in.csv"
    roster_in.write_text(ROSTER, encoding="utf-8")
    assert "created 2 client(s)" in run("import-roster", str(roster_in), **as_boss)

    db = home / "data" / "clinic.sqlite3"
    keys = keyring.keys_path(db)
    wal, shm = db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")

    # The note, and a search of the files while a writer still has it in the WAL.
    with subprocess.Popen(
        [sys.executable, "-c", WRITE_NOTE, str(db), CASEY_PW],
        cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    ) as writer:  # fmt: skip
        assert writer.stdin is not None and writer.stdout is not None and writer.stderr is not None
        try:
            writer.stdin.write(PHRASE + "\n")
            writer.stdin.flush()
            line = writer.stdout.readline()  # the script's signal, not a guessed wait
            if line.strip() != "written":
                writer.kill()
                pytest.fail(f"the note script stopped: {line}{writer.communicate()[1]}")
            assert wal.is_file() and wal.stat().st_size > 0  # the note's pages are in the WAL now
            assert leaks([db, wal, shm, keys]) == {}
            writer.stdin.write("\n")
            writer.stdin.flush()
            assert writer.wait(timeout=60) == 0, writer.stderr.read()
        finally:
            if writer.poll() is None:
                writer.kill()

    # The window: each account's start shows its own views (the client list, the notes); the last
    # view is kept per staff member, by id.
    (home / "config").mkdir(exist_ok=True)
    conn = raw_connection(db, "boss", ADMIN_PW)
    try:
        ids = {name: staff_hex(raw) for name, raw in conn.execute("SELECT username, id FROM staff")}
    finally:
        conn.close()
    for who, name, view in ((as_boss, "boss", "clients"), (as_casey, "casey", "notes")):
        (home / "config" / "ui.ini").write_text(f"[window]\nview\\{ids[name]}={view}\n", encoding="utf-8")
        run("--exit-after-startup", **who)
    # Reports written where the user chose: outside the folders searched.
    run("export", "roster", "-o", str(outside / "roster-out.csv"), **as_boss)
    run("export", "notes", "--client", CHART, "--from", "2025-03-01", "--to", "2025-03-31",
        "-o", str(outside / "notes.pdf"), **as_casey)  # fmt: skip
    assert (outside / "notes.pdf").read_bytes().startswith(b"%PDF")
    run("check", **as_boss)

    # The canaries are really in the clinic: read through the key, they are there.
    conn = raw_connection(db, "boss", ADMIN_PW)
    try:
        names = set(conn.execute("SELECT legal_first, legal_last, chart_number FROM client"))
        bodies = [row[0] for row in conn.execute("SELECT body FROM note")]
    finally:
        conn.close()
    assert names == {(FIRST, LAST, CHART), (FIRST_2, LAST_2, CHART_2)}
    assert any(PHRASE in body for body in bodies)
    # And the search finds them where they are meant to be: the exported roster, and UTF-16 text.
    assert set(leaks([outside / "roster-out.csv"]).popitem()[1]) >= {FIRST, LAST, CHART, FIRST_2}
    control = outside / "utf16.txt"
    control.write_bytes(PHRASE.lower().encode("utf-16-le"))
    assert leaks([control]) == {str(control): sorted(["plumbivorous", "ostrafelder", "Krindlemoor"])}

    searched = files_under(home, temp)
    names_searched = {p.name for p in searched}
    assert {db.name, keys.name, "iopdesk.log", "ui.ini"} <= names_searched, names_searched
    assert not any(outside in p.parents for p in searched)
    assert leaks(searched) == {}  # the database, any -wal/-shm, the key file, logs, settings, temp
    assert db.read_bytes()[:16] != b"SQLite format 3\x00"
