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

Signing in is slow on purpose, so start-up is measured more than one way:

- "encrypted demo, signing in" is the real start of today's program: the
  demo clinic is encrypted (SQLCipher), and signing in as the demo counselor
  ($IOPDESK_USER, $IOPDESK_PASSWORD) is what opens it: argon2id turns the
  password into the key that unwraps the database key from the key file
  beside the clinic, tuned to cost about 0.3-0.5 s (it replaces the password
  hash check, it does not come on top of it). No program that checks a
  password at start-up can open within twice a bare window;
- "plain file, no password check" is the floor: a plain (unencrypted) copy of
  the same clinic whose accounts have no password yet (the program then acts
  as the local staff member, as an older clinic that never turned sign-in on
  does): everything else the program does at start-up, without argon2 and
  without SQLCipher. An encrypted clinic cannot be opened without a password,
  so this start only exists for plain files;
- with ``--compare-plain``, "plain demo, signing in" as well: the same
  password, checked against the argon2id hash in the plain file. The
  difference from the encrypted start is what encryption adds to start-up.

And the start a person sees, through the sign-in screen:

- "launch to sign-in screen painted" (``--exit-at-sign-in``): the screen is
  drawn from the key file alone, before the database library and the rest
  of the program load; against the same bare window, bar 1.5×;
- "password submitted to Today ready" (signin_run.py, a process per
  sample): the rest loads while the person types, the key is derived on a
  worker thread, then the clinic opens and Today fills; bar: the key
  derivation alone (timed in the same process) + 100 ms. Its note also gives
  the time from the derivation's result reaching the GUI thread to Today
  ready, which the derivation's swings with the machine's load do not blur;
- the first visit to Groups, Attendance and Notes in that process, ≤ 100 ms
  each (the view's modules load in the background once the window is idle).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tests.benchmarks.clinic import MAIN, PASSWORD, ROOT, USERNAME, bench_env, cache_dir, keys_of
from tests.benchmarks.harness import Result, fixed
from tests.benchmarks.signin_run import FIRST_VISITS

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
SUBMITTED = re.compile(r"submitted at monotonic_ns=(\d+)")
FIGURES = re.compile(r"^bench: (\{.*\})$", re.M)

TARGET = 2.0
SIGN_IN_SCREEN_TARGET = 1.5
AFTER_DERIVATION_MS = 100.0  # submitted → Today ready, beyond the key derivation alone
FIRST_VISIT_MS = 100.0


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
    db: Path, home: Path, repeats: int = 9, *, password: bool = True, until: str = "--exit-after-startup"
) -> tuple[Samples, Samples]:
    """(IOPdesk, bare window) samples of (to idle, whole process) in ms, interleaved; ``until``:
    ``--exit-after-startup`` (the main window idle) or ``--exit-at-sign-in`` (the sign-in screen)."""
    env = startup_env(home)
    if not password:
        env.pop("IOPDESK_PASSWORD", None)
    app_cmd = [sys.executable, str(MAIN), "--db", str(db), until]
    bare_cmd = [sys.executable, "-c", BARE]
    _time(app_cmd, env)  # warm the file cache (and write the bytecode once)
    _time(bare_cmd, env)
    ours, bare = [], []
    for _ in range(repeats):
        ours.append(_time(app_cmd, env))
        bare.append(_time(bare_cmd, env))
    return ours, bare


def without_passwords(db: Path, folder: Path) -> Path:
    """A plain copy of the clinic whose accounts have no password yet.

    An encrypted clinic is exported to a plain file first (SQLCipher's
    ``sqlcipher_export``, with the key the demo password unwraps): the same
    records, unencrypted. Done through the SQLite library the program uses
    (store/driver.py), never a second one.
    """
    from iopdesk.store import driver

    copy = folder / f"no-passwords-{db.name}"
    copy.unlink(missing_ok=True)
    keys = keys_of(db)
    if keys.exists():
        from iopdesk.store import keyring

        key = keyring.load(keys).unlock(USERNAME, PASSWORD)
        con = driver.connect(str(db), key)
        try:
            con.execute("ATTACH DATABASE ? AS plain KEY ''", (str(copy),))
            con.execute("SELECT sqlcipher_export('plain')")
            con.execute("DETACH DATABASE plain")
        finally:
            con.close()
    else:
        shutil.copyfile(db, copy)
    con = driver.connect(str(copy))
    try:
        con.execute("UPDATE staff SET password_hash = NULL")
        con.commit()
    finally:
        con.close()
    return copy


def ratio(ours: Samples, bare: Samples, which: int = 0) -> float:
    return _median(ours, which) / _median(bare, which)


def _median(samples: Samples, which: int) -> float:
    return statistics.median(s[which] for s in samples)


def startup_results(db: Path, work: Path, plain_db: Path | None = None) -> list[Result]:
    """Start-up against a bare window: the floor, the encrypted demo signing in, and (given
    ``plain_db``, a working copy of the plain demo) the plain demo signing in."""
    floor = without_passwords(db, work)
    runs = [
        ("plain file, no password check (the floor)", floor, False),
        ("encrypted demo, signing in (argon2id unwraps the key)", db, True),
    ]
    if plain_db is not None:
        runs.append(("plain demo, signing in (argon2id checks the hash)", plain_db, True))
    out = [sign_in_screen_result(db, work / "home-screen")]
    for n, (label, clinic, password) in enumerate(runs):
        os.sync()  # the copy just written is flushed before the clock starts
        ours, bare = startup_samples(clinic, work / f"home-{n}", password=password)
        note = (
            f"launch to idle: IOPdesk {_median(ours, 0):.0f} ms, bare window {_median(bare, 0):.0f} ms; "
            f"whole process: {_median(ours, 1):.0f} ms vs {_median(bare, 1):.0f} ms "
            f"({ratio(ours, bare, 1):.2f}×)"
        )
        out.append(
            fixed(f"start-up ÷ bare PySide6 window, {label}", TARGET, ratio(ours, bare), "×", note=note)
        )
    floor.unlink()
    return out + signing_in_results(db, work / "home-signing-in")


def sign_in_screen_result(db: Path, home: Path) -> Result:
    """Launch to the sign-in screen painted and idle, against a bare window in the same run."""
    os.sync()
    ours, bare = startup_samples(db, home, until="--exit-at-sign-in")
    note = (
        f"launch to sign-in screen painted: IOPdesk {_median(ours, 0):.0f} ms, "
        f"bare window {_median(bare, 0):.0f} ms"
    )
    return fixed(
        "start-up ÷ bare PySide6 window, launch to sign-in screen painted (encrypted demo)",
        SIGN_IN_SCREEN_TARGET,
        ratio(ours, bare),
        "×",
        note=note,
    )


def signing_in_samples(db: Path, home: Path, repeats: int = 7) -> list[dict[str, object]]:
    """Per process: submitted → Today ready (ms), the key derivation alone, the first visits."""
    env = startup_env(home)
    cmd = [sys.executable, "-m", "tests.benchmarks.signin_run", str(db)]
    samples = []
    for n in range(repeats + 1):
        done = subprocess.run(cmd, env=env, cwd=ROOT, check=True, capture_output=True, text=True, timeout=300)
        out = done.stdout
        submitted, idle, figures = SUBMITTED.search(out), IDLE.search(out), FIGURES.search(out)
        if submitted is None or idle is None or figures is None:
            raise RuntimeError(f"signin_run said nothing usable: {out!r} {done.stderr!r}")
        if n == 0:
            continue  # the first one warms the file cache
        sample = json.loads(figures.group(1))
        sample["ready_ms"] = (int(idle.group(1)) - int(submitted.group(1))) / 1e6
        sample["after_check_ms"] = (int(idle.group(1)) - int(sample.pop("checked_at_ns"))) / 1e6  # type: ignore[arg-type]
        samples.append(sample)
    return samples


def signing_in_results(db: Path, home: Path) -> list[Result]:
    samples = signing_in_samples(db, home)
    derive = statistics.median(float(s["derive_ms"]) for s in samples)  # type: ignore[arg-type]
    # The derivation's own time swings with the machine's load from one process to the next; this
    # part (opening the clinic, the window, Today, its first paint) is what follows it.
    after_check = statistics.median(float(s["after_check_ms"]) for s in samples)  # type: ignore[arg-type]
    ready = Result(
        "password submitted → Today ready (encrypted demo)",
        derive + AFTER_DERIVATION_MS,
        [float(s["ready_ms"]) for s in samples],  # type: ignore[arg-type]
        note=f"the key derivation alone: {derive:.0f} ms (median); bar: that + {AFTER_DERIVATION_MS:g} ms; "
        f"from the derivation's result on the GUI thread to Today ready: {after_check:.0f} ms (median)",
    )
    out = [ready]
    for key in FIRST_VISITS:
        by_view: list[dict[str, float]] = [s["first_visit_ms"] for s in samples]  # type: ignore[misc]
        visits = [v[key] for v in by_view if key in v]
        if visits:
            out.append(Result(f"first visit to {key.title()} after signing in", FIRST_VISIT_MS, visits))
    return out
