"""Start-up as a whole process, against a bare PySide6 window (the floor no Qt program beats).

Measured from launch to the main window shown and the event loop idle: the
harness reads the monotonic clock, starts ``main.py --exit-after-startup``,
and the program prints the same clock once its first zero timer fires (the
queued show and paint events handled). The bare window does exactly the same,
and the two are interleaved so both see the same machine load. The exit that
follows (tearing down the interpreter) is not start-up; the whole process's
wall time is reported beside it all the same. Python's compiled bytecode is
kept (in the bench cache, not the checkout) as an installed program keeps it:
otherwise every run would compile all of IOPdesk again, which no user's
machine does.

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

import os
import re
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
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1280, 800)
window.show()
def idle():
    print(f"iopdesk: idle at monotonic_ns={time.monotonic_ns()}", flush=True)
    app.quit()
QTimer.singleShot(0, idle)
sys.exit(app.exec())
"""
IDLE = re.compile(r"idle at monotonic_ns=(\d+)")

TARGET = 2.0


def _time(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(ms from launch to idle, ms for the whole process)."""
    started = time.monotonic_ns()
    done = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True, timeout=300)
    ended = time.monotonic_ns()
    found = IDLE.search(done.stdout)
    if found is None:
        raise RuntimeError(f"{cmd[1]} did not report when it was idle: {done.stdout!r} {done.stderr!r}")
    return (int(found.group(1)) - started) / 1e6, (ended - started) / 1e6


def startup_env(home: Path) -> dict[str, str]:
    env = bench_env(home)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(cache_dir() / "pycache")
    return env


Samples = list[tuple[float, float]]


def startup_samples(
    db: Path, home: Path, repeats: int = 9, *, password: bool = True
) -> tuple[Samples, Samples]:
    """(IOPdesk, bare window) samples of (to idle, whole process) in ms, interleaved."""
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


def ratio(ours: Samples, bare: Samples, which: int = 0) -> float:
    return _median(ours, which) / _median(bare, which)


def _median(samples: Samples, which: int) -> float:
    return statistics.median(s[which] for s in samples)


def startup_results(db: Path, work: Path) -> list[Result]:
    out = []
    for label, clinic, password in (
        ("no password check", without_passwords(db, work), False),
        ("with the password check", db, True),
    ):
        os.sync()  # the copy just written is flushed before the clock starts
        ours, bare = startup_samples(clinic, work / f"home-{password}", password=password)
        note = (
            f"launch to idle: IOPdesk {_median(ours, 0):.0f} ms, bare window {_median(bare, 0):.0f} ms; "
            f"whole process: {_median(ours, 1):.0f} ms vs {_median(bare, 1):.0f} ms "
            f"({ratio(ours, bare, 1):.2f}×)"
        )
        out.append(
            fixed(f"start-up ÷ bare PySide6 window, {label}", TARGET, ratio(ours, bare), "×", note=note)
        )
    (work / f"no-passwords-{db.name}").unlink()
    return out
