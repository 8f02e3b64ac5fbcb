"""Start-up as a whole process, against a bare PySide6 window (the floor no Qt program beats).

Measured from launch to the main window shown and the event loop idle
(``main.py --exit-after-startup``), interleaved with the bare window so both
see the same machine load. Python's compiled bytecode is kept (in the bench
cache, not the checkout) as an installed program keeps it: otherwise every run
would compile all of IOPdesk again, which no user's machine does.

Two figures, because signing in is slow on purpose: the password check is
argon2id with parameters chosen to cost about a third of a second, so no
program that checks a password at start-up can open within twice a bare
window. "with the password check" signs in as the demo counselor
($IOPDESK_PASSWORD); "no password check" opens a copy of the clinic whose
accounts have no password yet (the program then acts as the local staff
member, as on a clinic that has not turned sign-in on): everything else the
program does at start-up is the same.
"""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tests.benchmarks.clinic import MAIN, bench_env, cache_dir
from tests.benchmarks.harness import Result, fixed

BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1280, 800)
window.show()
QTimer.singleShot(0, app.quit)
sys.exit(app.exec())
"""

TARGET = 2.0


def _time(cmd: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
    return (time.perf_counter() - started) * 1000


def startup_env(home: Path) -> dict[str, str]:
    env = bench_env(home)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(cache_dir() / "pycache")
    return env


def startup_samples(db: Path, home: Path, repeats: int = 7, *, password: bool = True) -> tuple[list[float], list[float]]:
    """(IOPdesk ms, bare window ms), interleaved so both see the same machine load."""
    env = startup_env(home)
    if not password:
        env.pop("IOPDESK_PASSWORD", None)
    app_cmd = [sys.executable, str(MAIN), "--db", str(db), "--exit-after-startup"]
    bare_cmd = [sys.executable, "-c", BARE]
    _time(app_cmd, env)  # warm the file cache (and write the bytecode once)
    _time(bare_cmd, env)
    ours, bare = [], []
    for _ in range(repeats):
        ours.append(_time(app_cmd, env))
        bare.append(_time(bare_cmd, env))
    return ours, bare


def without_passwords(db: Path, folder: Path) -> Path:
    """A copy of the clinic whose accounts have no password yet."""
    copy = folder / f"no-passwords-{db.name}"
    shutil.copyfile(db, copy)
    with sqlite3.connect(copy) as con:
        con.execute("UPDATE staff SET password_hash = NULL")
    return copy


def ratio(ours: list[float], bare: list[float]) -> float:
    return statistics.median(ours) / statistics.median(bare)


def startup_results(db: Path, work: Path) -> list[Result]:
    out = []
    for label, clinic, password in (
        ("no password check", without_passwords(db, work), False),
        ("with the password check", db, True),
    ):
        ours, bare = startup_samples(clinic, work / f"home-{password}", password=password)
        out.append(
            fixed(
                f"start-up ÷ bare PySide6 window, {label}",
                TARGET,
                ratio(ours, bare),
                "×",
                note=f"IOPdesk median {statistics.median(ours):.0f} ms, bare window {statistics.median(bare):.0f} ms",
            )
        )
    (work / f"no-passwords-{db.name}").unlink()
    return out
