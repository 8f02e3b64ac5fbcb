"""Killed at any moment, IOPdesk keeps every save it acknowledged.

A counselor's work runs in its own process (tests/support/workload.py: attendance
marks and note autosaves through the domain, each acknowledged on stdout only once
the call returned); it is killed with SIGKILL at a random moment, and the clinic is
opened again: every acknowledged save must be there, the file must pass SQLite's
integrity check and the audit trail its hash-chain check. A few dozen trials in the
normal run; IOPDESK_CRASH_TRIALS=N (or IOPDESK_LONG_TESTS=1: 200) for more.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from iopdesk.domain.kernel.audit import verify_chain
from iopdesk.store.database import integrity_problems
from tests.support import workload
from tests.support.keys_support import keyed_database

ROOT = Path(__file__).resolve().parents[2]
LONG = os.environ.get("IOPDESK_LONG_TESTS") == "1"
TRIALS = int(os.environ.get("IOPDESK_CRASH_TRIALS") or (200 if LONG else 24))

pytestmark = [
    pytest.mark.sqlite_only("a SQLite file killed mid-write (a server's durability is the server's)"),
    pytest.mark.e2e,
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)"),
]


def one_trial(db_path: Path, setup: Path, rng: random.Random, first: int) -> str:
    """Start the work, kill it at a random moment after it is under way; its output."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.support.workload", str(db_path), str(setup), "0", "60", str(first)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    ready = proc.stdout.readline()
    assert ready.strip() == "ready", proc.stderr.read() if proc.stderr else ""
    time.sleep(rng.uniform(0.0, 0.6))
    proc.send_signal(signal.SIGKILL)
    out, _err = proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    return out


def test_no_acknowledged_save_is_lost_when_the_program_is_killed(tmp_path: Path) -> None:
    db_path = tmp_path / "clinic.sqlite3"
    setup = workload.prepare(db_path, 1)
    rng = random.Random(int(os.environ.get("IOPDESK_CRASH_SEED") or 12))
    output = ""
    acknowledged = lost = integrity_failures = trail_failures = 0
    for trial in range(TRIALS):
        output += one_trial(db_path, setup, rng, 1 + trial * 1_000_000)  # every trial's, numbered on
        with keyed_database(db_path, workload.USERNAME, workload.PASSWORD) as db:
            outcome = workload.examine(setup, 0, output)
            integrity_failures += integrity_problems(db) != "ok"
            trail_failures += not verify_chain().ok
        acknowledged = outcome.acknowledged
        lost = len(outcome.lost)
        assert outcome.lost == [], f"trial {trial}: {outcome.lost[:5]}"
    print(
        f"\ncrash loop: {TRIALS} SIGKILLs, {acknowledged} acknowledged saves, {lost} lost, "
        f"{integrity_failures} integrity failures, {trail_failures} audit-trail failures"
    )
    assert acknowledged > TRIALS  # the kills landed while work was going on
    assert integrity_failures == 0 and trail_failures == 0
