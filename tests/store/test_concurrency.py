"""Several workstations saving into one clinic at once: no failed save, no lost save, every conflict kept.

Processes sign in to the same clinic (four to an encrypted file; ten to a PostgreSQL server
when the suite runs on one) and save as fast as they can (attendance marks and note
autosaves through the domain, each with its audit entry) for a few seconds; with
IOPDESK_LONG_TESTS=1, for 60 s. Every operation must succeed (a save waits for the write
lock instead of failing at once) and every acknowledged one must be in the clinic
afterwards; the database and its audit trail must be sound. All of them also autosave one
shared note with the version their last save returned: a save that lost the race is kept
as a conflict, never written over another (tests/support/workload.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from peewee import Database

from iopdesk.domain.kernel.audit import verify_chain
from iopdesk.store.database import Target, integrity_problems, open_database
from iopdesk.store.models import database as proxy
from tests.support import server_db, workload
from tests.support.keys_support import keyed_database

ROOT = Path(__file__).resolve().parents[2]
LONG = os.environ.get("IOPDESK_LONG_TESTS") == "1"
WORKERS = 10 if server_db.on_server() else 4
SECONDS = 60.0 if LONG else 6.0 if server_db.on_server() else 3.0  # ten processes take a while to start


@contextmanager
def opened(location: str) -> Iterator[Database]:
    target = Target.parse(location)
    if target.path is not None:
        with keyed_database(target.path, workload.USERNAME, workload.PASSWORD) as db:
            yield db
        return
    db = open_database(target, create=False)
    try:
        yield db
    finally:
        db.close()
        proxy.initialize(None)


@pytest.mark.slow
@pytest.mark.e2e
def test_workstations_saving_at_once_lose_and_fail_nothing_and_keep_every_conflict(
    new_clinic: str, tmp_path: Path
) -> None:
    setup = workload.prepare(new_clinic, WORKERS, tmp_path, shared=True)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.support.workload", new_clinic, str(setup), str(n), str(SECONDS)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(WORKERS)
    ]
    outputs = []
    for proc in procs:
        out, err = proc.communicate(timeout=SECONDS + 180)
        assert proc.returncode == 0, err[-2000:]
        outputs.append(out)
    with opened(new_clinic) as db:
        outcomes = [workload.examine(setup, n, out) for n, out in enumerate(outputs)]
        shared = workload.examine_shared(setup, outputs)
        assert integrity_problems(db) == "ok"
        trail = verify_chain()
    done = sum(o.acknowledged for o in outcomes)
    failed = sum(o.failed for o in outcomes)
    lost = [loss for o in outcomes for loss in o.lost]
    where = Target.parse(new_clinic).describe()
    print(
        f"\n{WORKERS} processes x {SECONDS:.0f} s on {where}: {done} acknowledged, {failed} failed, "
        f"{len(lost)} lost; shared note: {shared.won} saved, {shared.kept} conflicts kept"
    )
    assert done > WORKERS * 5  # they really worked
    assert failed == 0
    assert lost == []
    assert shared.problems == []
    assert trail.ok, trail.message
