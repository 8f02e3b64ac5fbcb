"""A real full disk and a real read-only disk (a small tmpfs, mounted for the test: needs root,
skipped elsewhere): every command names the cause in one line, leaves no partial file, and what
only reads (check, audit verify) still works.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.clinic_files import ADMIN, PASSWORD, encrypted_clinic

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.sqlite_only("the disk holding a SQLite file"),
    pytest.mark.e2e,
    pytest.mark.slow,
    pytest.mark.skipif(
        sys.platform != "linux" or os.geteuid() != 0, reason="mounts a small disk: Linux, root"
    ),
]


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk)], capture_output=True
    )
    if mounted.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def fill(disk: Path) -> None:
    fd = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 65536)
    except OSError:
        pass
    try:
        while True:
            os.write(fd, b"\0" * 512)
    except OSError:
        pass
    finally:
        os.close(fd)


def iopdesk(home: Path, db: Path, *argv: str) -> tuple[int, str, str]:
    env = dict(os.environ, IOPDESK_HOME=str(home), IOPDESK_USER=ADMIN, IOPDESK_PASSWORD=PASSWORD)
    done = subprocess.run(
        [sys.executable, "-m", "iopdesk", "--db", str(db), *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in done.stderr, done.stderr
    if done.returncode:
        assert done.stderr.count("\n") == 1, done.stderr
    return done.returncode, done.stdout, done.stderr


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_on_a_full_disk_reading_works_and_the_rest_says_the_disk_is_full(small_disk, tmp_path):
    db = encrypted_clinic(small_disk / "data")
    home = tmp_path / "home"
    fill(small_disk)
    assert iopdesk(home, db, "check")[0] == 0  # opened read-only: nothing waits in its -wal
    assert iopdesk(home, db, "audit", "verify")[0] == 0
    for argv in (["staff", "list"], ["export", "roster", "-o", str(tmp_path / "out.csv")]):
        code, _, err = iopdesk(home, db, *argv)
        assert code == 1 and "disk is full" in err, err
    assert not (tmp_path / "out.csv").exists()
    (small_disk / "filler").unlink()
    code, out, err = iopdesk(home, db, "staff", "list")
    assert code == 0 and ADMIN in out, err


def test_a_backup_or_export_onto_a_full_disk_leaves_nothing_behind(small_disk, tmp_path):
    db = encrypted_clinic(tmp_path / "data")  # the clinic is fine; its copies go to a full disk
    home = tmp_path / "home"
    fill(small_disk)
    code, _, err = iopdesk(home, db, "backup", str(small_disk / "backup.sqlite3"))
    assert code == 1 and "disk is full" in err, err
    code, _, err = iopdesk(home, db, "export", "roster", "-o", str(small_disk / "roster.csv"))
    assert code == 1 and "disk is full" in err, err
    code, _, err = iopdesk(home, db, "export", "attendance", "--from", "2025-03-01", "--to", "2025-03-31",
                           "--format", "pdf", "-o", str(small_disk / "attendance.pdf"))  # fmt: skip
    assert code == 1 and "disk is full" in err, err
    assert names(small_disk) == ["filler"]  # no .part, no empty file


def test_on_a_read_only_disk_reading_works_and_the_rest_says_why(small_disk, tmp_path):
    db = encrypted_clinic(small_disk / "data")
    home = tmp_path / "home"
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    code, out, err = iopdesk(home, db, "check")
    assert code == 0 and "result: sound" in out, err
    assert iopdesk(home, db, "audit", "verify")[0] == 0
    for argv in (
        ["staff", "list"],
        ["export", "roster", "-o", str(tmp_path / "out.csv")],
        ["backup", str(tmp_path)],
    ):
        code, _, err = iopdesk(home, db, *argv)
        assert code == 1 and "can only be read here" in err, (argv, err)
    assert not (tmp_path / "out.csv").exists()


def test_check_runs_with_a_read_only_home_too(small_disk, tmp_path):
    db = encrypted_clinic(tmp_path / "data")
    home = small_disk / "home"
    home.mkdir()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    code, out, err = iopdesk(home, db, "check")  # no log folder can be made: it runs without one
    assert code == 0 and "result: sound" in out, err
    shutil.rmtree(tmp_path / "data")
