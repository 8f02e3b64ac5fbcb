"""Several workstations saving into one clinic file at once: no failed save, no lost save.

Four processes sign in to the same encrypted clinic and save as fast as they can
(attendance marks and note autosaves through the domain, each with its audit entry)
for a few seconds; with IOPDESK_LONG_TESTS=1, for 60 s. Every operation must succeed
(a save waits for the write lock instead of failing at once) and every acknowledged
one must be in the file afterwards; the file and its audit trail must be sound.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from iopdesk.domain.kernel.audit import verify_chain
from iopdesk.store.database import integrity_problems
from tests.support import workload
from tests.support.keys_support import keyed_database

ROOT = Path(__file__).resolve().parents[2]
LONG = os.environ.get("IOPDESK_LONG_TESTS") == "1"
WORKERS = 4
SECONDS = 60.0 if LONG else 3.0


@pytest.mark.slow
@pytest.mark.e2e
def test_four_workstations_saving_at_once_lose_and_fail_nothing(tmp_path: Path) -> None:
    db_path = tmp_path / "clinic.sqlite3"
    setup = workload.prepare(db_path, WORKERS)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.support.workload", str(db_path), str(setup), str(n), str(SECONDS)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(WORKERS)
    ]
    outputs = []
    for proc in procs:
        out, err = proc.communicate(timeout=SECONDS + 120)
        assert proc.returncode == 0, err[-2000:]
        outputs.append(out)
    with keyed_database(db_path, workload.USERNAME, workload.PASSWORD) as db:
        outcomes = [workload.examine(setup, n, out) for n, out in enumerate(outputs)]
        assert integrity_problems(db) == "ok"
        trail = verify_chain()
    done = sum(o.acknowledged for o in outcomes)
    failed = sum(o.failed for o in outcomes)
    lost = [loss for o in outcomes for loss in o.lost]
    print(f"\n{WORKERS} processes x {SECONDS:.0f} s: {done} acknowledged, {failed} failed, {len(lost)} lost")
    assert done > WORKERS * 5  # they really worked
    assert failed == 0
    assert lost == []
    assert trail.ok, trail.message
