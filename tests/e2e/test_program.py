"""The real program as a subprocess: what a user or a script would run."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAIN = str(ROOT / "main.py")

pytestmark = pytest.mark.e2e


def env(home: Path, **extra: str) -> dict[str, str]:
    e = dict(os.environ)
    e["IOPDESK_HOME"] = str(home)
    e["QT_QPA_PLATFORM"] = "offscreen"
    for name in ("IOPDESK_DB", "IOPDESK_USER", "IOPDESK_PASSWORD"):
        e.pop(name, None)
    e.update(extra)
    return e


def run(home: Path, *args: str, timeout: int = 300, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, MAIN, *args], env=env(home, **extra), capture_output=True, text=True, timeout=timeout
    )


def run_code(home: Path, code: str, *args: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    """``code`` in a fresh interpreter with ``args`` as its sys.argv[1:] (a probe around the
    program's own command line, say), in the same environment as ``run``."""
    return subprocess.run(
        [sys.executable, "-c", code, *args], env=env(home), capture_output=True, text=True, timeout=timeout
    )


def test_demo_then_check(tmp_path):
    db = tmp_path / "demo.sqlite3"
    built = run(tmp_path, "--db", str(db), "demo", "--seed", "7")
    assert built.returncode == 0, built.stderr
    checked = run(tmp_path, "--db", str(db), "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "result: sound" in checked.stdout
    counts = dict(re.findall(r"^(\w+): (\d+)$", checked.stdout, re.M))
    assert int(counts["client"]) >= 40 and int(counts["attendance"]) > 1000


def test_demo_refuses_to_replace_a_real_clinic(tmp_path):
    db = tmp_path / "clinic.sqlite3"
    started = run(tmp_path, "--db", str(db), "--exit-after-startup")
    assert started.returncode == 0, started.stderr
    before = db.read_bytes()
    replaced = run(tmp_path, "--db", str(db), "demo")
    assert replaced.returncode == 1
    assert "real clinic" in replaced.stderr and "Traceback" not in replaced.stderr
    assert db.read_bytes() == before


def test_main_starts_shows_its_window_and_quits(tmp_path):
    # Timing start-up never waits at the sign-in dialog: the demo signs in as its counselor,
    # or as the account and password given in the environment (what the benchmarks do).
    result = run(tmp_path, "--demo", "--exit-after-startup")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "demo-clinic.sqlite3").exists()
    assert (tmp_path / "logs" / "iopdesk.log").exists()
    signed_in = run(
        tmp_path, "--demo", "--exit-after-startup", IOPDESK_USER="supervisor", IOPDESK_PASSWORD="iopdesk-demo"
    )
    assert signed_in.returncode == 0, signed_in.stderr


def test_a_wrong_password_for_a_timed_start_gives_one_line_and_exit_1(tmp_path):
    assert run(tmp_path, "--demo", "--exit-after-startup").returncode == 0
    refused = run(
        tmp_path,
        "--demo",
        "--exit-after-startup",
        IOPDESK_USER="counselor",
        IOPDESK_PASSWORD="not the password",
    )
    assert refused.returncode == 1
    assert "not right" in refused.stderr and refused.stderr.strip().count("\n") == 0


def test_user_mistakes_give_one_line_and_exit_1(tmp_path):
    result = run(tmp_path, "--db", str(tmp_path / "missing.sqlite3"), "check")
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and "Traceback" not in result.stderr
    usage = run(tmp_path, "no-such-command")
    assert usage.returncode == 2


@pytest.mark.slow
def test_kill_during_large_demo_never_leaves_a_corrupt_database(tmp_path):
    db = tmp_path / "large.sqlite3"
    proc = subprocess.Popen(
        [sys.executable, MAIN, "--db", str(db), "demo", "--size", "large"],
        env=env(tmp_path),
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
    )
    assert proc.stderr is not None
    # Progress is written as "\r NN%  stage": wait for the build to be well under way.
    seen = b""
    while True:
        chunk = proc.stderr.read1(256)
        if not chunk:
            break
        seen += chunk
        done = [int(p) for p in re.findall(rb"(\d+)%", seen[-400:])]
        if done and max(done) >= 30:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL, seen[-300:]
    checked = run(tmp_path, "--db", str(db), "check")
    assert "integrity: ok" in checked.stdout, checked.stdout + checked.stderr
    # Either the build finished (sound) or the database says plainly that it did not.
    if checked.returncode != 0:
        assert "INCOMPLETE" in checked.stdout
