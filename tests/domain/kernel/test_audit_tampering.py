"""Tampering with an encrypted clinic's audit trail, by someone holding its key, is found by
``iopdesk audit verify``, which names the first bad entry.

Every kind below was tried on a copy of a clinic with a real trail, through the command line
(which signs in to open the file but writes nothing before it has checked the trail). The
kinds that only cut the end off (the last entry, a tail, with or without fixing up the head
record inside the database) are found through the anchor the key file keeps; they are also
tried after an ordinary sign-in has appended a new entry onto the cut trail. Two trials per
kind in the normal run; IOPDESK_LONG_TESTS=1: ten (130 tamperings).
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from iopdesk.cli import main
from iopdesk.domain.kernel import audit
from iopdesk.store import driver, keyring
from iopdesk.store.audit_log import CHAIN_COLUMNS, RAW_COLUMNS
from tests.support.clinic_files import as_admin, database_key, encrypted_clinic

TRIALS = 10 if os.environ.get("IOPDESK_LONG_TESTS") == "1" else 2
Tamper = Callable[[sqlite3.Connection, int, random.Random], int]  # -> the first bad entry

pytestmark = pytest.mark.expect_warnings("audit trail")  # the tampering is the test


def _rows(conn: sqlite3.Connection) -> list[tuple[object, ...]]:
    cols = ", ".join(CHAIN_COLUMNS)
    return conn.execute(f"SELECT {cols} FROM audit_event ORDER BY seq").fetchall()


def _set_head(conn: sqlite3.Connection, seq: int, digest: str) -> None:
    value = json.dumps({"seq": seq, "hash": digest})
    conn.execute("UPDATE setting SET value = ? WHERE key = ?", (value, audit.HEAD_KEY))


def _rehash_from(conn: sqlite3.Connection, seq: int) -> None:
    """Recompute every hash from ``seq`` on, and the head record: a forger holding the key."""
    cols = ", ".join(RAW_COLUMNS)
    stored = conn.execute(f"SELECT {cols} FROM audit_event ORDER BY seq")
    rows = [dict(zip(RAW_COLUMNS, r, strict=True)) for r in stored]
    prev = rows[seq - 2]["hash"] if seq > 1 else audit.GENESIS
    for row in rows[seq - 1 :]:  # one device: its chain follows seq (0010: the device form of the hash)
        row["prev_hash"] = prev
        digest = audit.rehashed(row)
        conn.execute(
            "UPDATE audit_event SET prev_hash = ?, hash = ? WHERE seq = ?", (prev, digest, row["seq"])
        )
        prev = digest
    _set_head(conn, rows[-1]["seq"], prev)


def edit_field(conn, n, rng):  # type: ignore[no-untyped-def]
    seq = rng.randint(1, n)
    column = rng.choice(("workstation", "action", "record_type", "record_id", "changes"))
    conn.execute(f"UPDATE audit_event SET {column} = {column} || 'x' WHERE seq = ?", (seq,))
    return seq


def delete_first(conn, n, rng):  # type: ignore[no-untyped-def]
    conn.execute("DELETE FROM audit_event WHERE seq = 1")
    return 1


def delete_middle(conn, n, rng):  # type: ignore[no-untyped-def]
    seq = rng.randint(2, n - 1)
    conn.execute("DELETE FROM audit_event WHERE seq = ?", (seq,))
    return seq


def delete_last(conn, n, rng):  # type: ignore[no-untyped-def]
    conn.execute("DELETE FROM audit_event WHERE seq = ?", (n,))
    return n


def truncate_tail(conn, n, rng):  # type: ignore[no-untyped-def]
    keep = n - rng.randint(2, 5)
    conn.execute("DELETE FROM audit_event WHERE seq > ?", (keep,))
    return keep + 1


def delete_last_and_fix_head(conn, n, rng):  # type: ignore[no-untyped-def]
    conn.execute("DELETE FROM audit_event WHERE seq = ?", (n,))
    _set_head(conn, n - 1, _rows(conn)[-1][-1])  # type: ignore[arg-type]
    return n


def truncate_tail_and_fix_head(conn, n, rng):  # type: ignore[no-untyped-def]
    keep = n - rng.randint(2, 5)
    conn.execute("DELETE FROM audit_event WHERE seq > ?", (keep,))
    _set_head(conn, keep, _rows(conn)[-1][-1])  # type: ignore[arg-type]
    return keep + 1


def delete_head_record(conn, n, rng):  # type: ignore[no-untyped-def]
    conn.execute("DELETE FROM setting WHERE key = ?", (audit.HEAD_KEY,))
    return n


def edit_head_record(conn, n, rng):  # type: ignore[no-untyped-def]
    _set_head(conn, n, f"{rng.getrandbits(256):064x}")
    return n


def swap_two(conn, n, rng):  # type: ignore[no-untyped-def]
    i, j = sorted(rng.sample(range(1, n + 1), 2))
    conn.execute("UPDATE audit_event SET seq = -1 WHERE seq = ?", (i,))
    conn.execute("UPDATE audit_event SET seq = ? WHERE seq = ?", (i, j))
    conn.execute("UPDATE audit_event SET seq = ? WHERE seq = -1", (j,))
    return i


def append_forged(conn, n, rng):  # type: ignore[no-untyped-def]
    last = _rows(conn)[-1]
    values = list(last[:-1])
    values[0], values[1] = n + 1, f"{rng.getrandbits(128):032x}"
    values[CHAIN_COLUMNS.index("prev_hash")] = last[-1]
    values.append(audit.entry_hash(values))
    marks = ", ".join("?" * len(CHAIN_COLUMNS))
    conn.execute(f"INSERT INTO audit_event ({', '.join(CHAIN_COLUMNS)}) VALUES ({marks})", values)
    return n + 1


def rewrite_and_rehash(conn, n, rng):  # type: ignore[no-untyped-def]
    seq = rng.randint(1, n)
    conn.execute("UPDATE audit_event SET changes = '{\"forged\":true}' WHERE seq = ?", (seq,))
    _rehash_from(conn, seq)
    anchored = keyring_anchor[0]
    return anchored if seq <= anchored else -1  # an entry written after the anchor: not findable


def break_link(conn, n, rng):  # type: ignore[no-untyped-def]
    seq = rng.randint(2, n)
    conn.execute("UPDATE audit_event SET prev_hash = ? WHERE seq = ?", (f"{rng.getrandbits(256):064x}", seq))
    return seq


KINDS: dict[str, Tamper] = {
    f.__name__: f  # type: ignore[misc]
    for f in (
        edit_field,
        delete_first,
        delete_middle,
        delete_last,
        truncate_tail,
        delete_last_and_fix_head,
        truncate_tail_and_fix_head,
        delete_head_record,
        edit_head_record,
        swap_two,
        append_forged,
        rewrite_and_rehash,
        break_link,
    )
}
CUT_ENDS = {"delete_last", "truncate_tail", "delete_last_and_fix_head", "truncate_tail_and_fix_head"}
keyring_anchor = [0]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return encrypted_clinic(tmp_path_factory.mktemp("pristine"))


def tampered(pristine: Path, folder: Path, kind: str, rng: random.Random) -> tuple[Path, int]:
    folder.mkdir()
    for name in (pristine.name, pristine.name + ".keys"):
        shutil.copyfile(pristine.parent / name, folder / name)
    path = folder / pristine.name
    anchor = keyring.load(keyring.keys_path(path)).audit_anchor
    assert anchor is not None, "the test clinic's key file anchors its trail"
    keyring_anchor[0] = int(str(anchor["seq"]))
    conn = driver.connect(str(path), database_key(path))
    try:
        conn.execute("DROP TRIGGER audit_event_no_update")  # the forger holds the key: nothing stops them
        conn.execute("DROP TRIGGER audit_event_no_delete")
        n = conn.execute("SELECT max(seq) FROM audit_event").fetchone()[0]
        bad = KINDS[kind](conn, n, rng)
        conn.commit()
    finally:
        conn.close()
    return path, bad


def verify(capsys, path: Path) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    code = main(["--db", str(path), "audit", "verify"])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out + err


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_tampering_is_found_and_the_first_bad_entry_named(pristine, tmp_path, monkeypatch, capsys, kind):
    as_admin(monkeypatch)
    rng = random.Random(f"{kind}-12")
    for trial in range(TRIALS):
        path, bad = tampered(pristine, tmp_path / f"t{trial}", kind, rng)
        code, said = verify(capsys, path)
        assert code == 1, f"{kind}: not found ({said.strip()})"
        if bad > 0:
            assert re.search(rf"tampered with at entry {bad}\b", said), (kind, bad, said)
        if kind in CUT_ENDS:  # an ordinary sign-in appends onto the cut trail: still found
            assert main(["--db", str(path), "staff", "list"]) == 0
            capsys.readouterr()
            code, said = verify(capsys, path)
            assert code == 1, f"{kind} then a sign-in: not found ({said.strip()})"


def test_an_untouched_trail_passes_and_verify_adds_no_entry(pristine, tmp_path, monkeypatch, capsys):
    as_admin(monkeypatch)
    path, _ = tampered(pristine, tmp_path / "t", "edit_field", random.Random(1))
    shutil.copyfile(pristine, path)  # undo: the pristine copy, with its own key file
    count = _count(path)
    for _ in range(2):
        code, said = verify(capsys, path)
        assert code == 0 and "intact" in said, said
    assert _count(path) == count


def test_a_backups_key_file_keeps_the_anchor_too(pristine, tmp_path, monkeypatch, capsys):
    as_admin(monkeypatch)
    folder = tmp_path / "live"
    folder.mkdir()
    for name in (pristine.name, pristine.name + ".keys"):
        shutil.copyfile(pristine.parent / name, folder / name)
    live, backup = folder / pristine.name, tmp_path / "backup.sqlite3"
    assert main(["--db", str(live), "backup", str(backup)]) == 0
    anchor = keyring.load(keyring.keys_path(backup)).audit_anchor
    assert anchor is not None and int(str(anchor["seq"])) == _count(backup)
    conn = driver.connect(str(live), database_key(live))
    conn.execute("DROP TRIGGER audit_event_no_delete")
    n = conn.execute("SELECT max(seq) FROM audit_event").fetchone()[0]
    conn.execute("DELETE FROM audit_event WHERE seq > ?", (n - 3,))
    _set_head(conn, n - 3, _rows(conn)[-1][-1])  # type: ignore[arg-type]
    conn.commit()
    conn.close()
    keyring.set_anchor(keyring.keys_path(live), None)  # the forger cleaned the live key file too
    capsys.readouterr()
    assert verify(capsys, live)[0] == 0  # nothing left here to tell
    code, said = verify_against(capsys, live, keyring.keys_path(backup))
    assert code == 1 and "entries were removed from its end" in said, said


def verify_against(capsys, path: Path, keys: Path) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    code = main(["--db", str(path), "audit", "verify", "--against", str(keys)])
    out, err = capsys.readouterr()
    return code, out + err


def _count(path: Path) -> int:
    conn = driver.connect(str(path), database_key(path))
    try:
        return int(conn.execute("SELECT count(*) FROM audit_event").fetchone()[0])
    finally:
        conn.close()
