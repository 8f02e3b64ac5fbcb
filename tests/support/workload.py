"""A counselor's work through the domain, as fast as it goes, in its own process: for the crash loop
and the concurrency tests.

    python -m tests.support.workload DB SETUP.json WORKER SECONDS [FIRST]

``prepare(db_path, workers)`` (in the test's process) makes an encrypted clinic with one
counselor account and, per worker, a group session of two clients and its group note.
Each worker signs in through the front door, then alternates: mark one client's
attendance (a new comment each time) and autosave its member note (a new text each
time), numbering every operation (from FIRST: a run after a crash numbers on). After
each one *returns* it prints ``ack KIND N`` on stdout, flushed: what the program would
have told the person "saved". A failure prints
``fail KIND N ERRORCLASS``; the worker goes on. ``examine`` reads the clinic afterwards
and says which acknowledged operations are missing.
"""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

USERNAME = "worker"
PASSWORD = "workload pass phrase"
REASON = "entered late from the paper sheet"


@dataclass(frozen=True)
class Lane:
    """One worker's own records: no two workers touch the same rows (only the audit trail)."""

    session_id: str
    client_ids: tuple[str, str]
    note_id: str


def prepare(db_path: Path, workers: int) -> Path:
    """Make the clinic; returns the setup file the workers read. Uses (and unbinds) the store."""
    from iopdesk.domain import notes
    from iopdesk.domain.access.accounts import first_run_setup
    from iopdesk.domain.access.staff_accounts import create_staff
    from iopdesk.domain.access.unlock import create_clinic
    from iopdesk.store.database import Target
    from iopdesk.store.models import Staff
    from iopdesk.store.models import database as proxy
    from tests.support import factories as f
    from tests.support.note_factories import group_with

    db = create_clinic(Target(path=db_path))
    try:
        admin, _ = first_run_setup("Load Clinic", "Load Site", "America/Chicago", "admin", "Ad Min", PASSWORD)
        create_staff(admin, USERNAME, "Wren Worker", "counselor", PASSWORD)
        Staff.update(must_change_password=False).where(Staff.username == USERNAME).execute()
        me = f.actor_as(admin, Staff.get(Staff.username == USERNAME))
        lanes = []
        for n in range(workers):
            setup = group_with(admin, [(f"Ari{n}", "Lane"), (f"Bo{n}", "Lane")], facilitator=me, name=f"G{n}")
            part = notes.open_group_note(me, setup.session.id).part(setup.members[0].id)
            assert part is not None and part.note is not None
            pair = (str(setup.members[0].id), str(setup.members[1].id))
            lanes.append(Lane(str(setup.session.id), pair, str(part.note.id)))
    finally:
        db.close()
        proxy.initialize(None)
    path = db_path.with_name(db_path.name + ".workload.json")
    text = json.dumps({"db": str(db_path), "lanes": [asdict(lane) for lane in lanes]})
    path.write_text(text, encoding="utf-8")
    return path


def lane_of(setup: Path, worker: int) -> Lane:
    data = json.loads(setup.read_text(encoding="utf-8"))["lanes"][worker]
    return Lane(data["session_id"], tuple(data["client_ids"]), data["note_id"])  # type: ignore[arg-type]


def run(db_path: Path, setup: Path, worker: int, seconds: float, first: int = 1) -> int:
    from uuid import UUID

    from iopdesk.domain import notes
    from iopdesk.domain.attendance.marking import mark
    from iopdesk.front_door import Credentials, open_clinic
    from iopdesk.store.database import Target
    from iopdesk.store.errors import StoreError
    from iopdesk.store.models import Note

    lane = lane_of(setup, worker)
    session, clients, note = UUID(lane.session_id), [UUID(c) for c in lane.client_ids], UUID(lane.note_id)
    out = sys.stdout
    with open_clinic(Target(path=db_path), credentials=Credentials(USERNAME, PASSWORD), act=True) as clinic:
        me = clinic.acting
        version = Note.get_by_id(note).version
        print("ready", flush=True)
        ends = time.monotonic() + seconds
        n = first - 1
        while time.monotonic() < ends:
            n += 1
            kind = "mark" if n % 2 else "note"
            try:
                if kind == "mark":
                    mark(me, session, clients[n // 2 % 2], "present", comment=f"op {n}", reason=REASON)
                else:
                    saved = notes.save_draft(me, note, {"data": f"op {n}"}, version)
                    if not saved.saved:
                        raise RuntimeError("conflict")
                    version = saved.version
            except (StoreError, RuntimeError) as exc:
                out.write(f"fail {kind} {n} {type(exc).__name__}\n")
                out.flush()
                continue
            out.write(f"ack {kind} {n}\n")
            out.flush()
    return 0


@dataclass(frozen=True)
class Outcome:
    acknowledged: int
    failed: int
    lost: list[str]  # "KIND N" acknowledged but not in the database


def acks(output: str) -> tuple[list[tuple[str, int]], int]:
    """(acknowledged operations, failures) from a worker's output (a torn last line is ignored)."""
    done, failed = [], 0
    for line in output.splitlines():
        words = line.split()
        if len(words) == 3 and words[0] == "ack":
            done.append((words[1], int(words[2])))
        elif len(words) == 4 and words[0] == "fail":
            failed += 1
    return done, failed


def examine(setup: Path, worker: int, output: str) -> Outcome:
    """Which of the worker's acknowledged operations the open (bound) clinic lacks.

    A mark leaves a history row whose "after" holds its comment; an autosave leaves the note's
    text, and later saves replace it: the note must hold the last acknowledged text or a later one.
    """
    from iopdesk.store.models import Attendance, AttendanceChange, Note

    lane = lane_of(setup, worker)
    done, failed = acks(output)
    kept_marks = set()
    for change in (
        AttendanceChange.select(AttendanceChange.after)
        .join(Attendance, on=(AttendanceChange.attendance == Attendance.id))
        .where(Attendance.session == lane.session_id)
    ):
        comment = json.loads(change.after).get("comment") or ""
        if comment.startswith("op "):
            kept_marks.add(int(comment[3:]))
    body = json.loads(Note.get_by_id(lane.note_id).body or "{}")
    note_at = int(str(body.get("data", "op 0"))[3:] or 0)
    last_note = max((n for kind, n in done if kind == "note"), default=0)
    lost = [f"mark {n}" for kind, n in done if kind == "mark" and n not in kept_marks]
    if note_at < last_note:
        lost.append(f"note {last_note} (the note holds op {note_at})")
    return Outcome(len(done), failed, lost)


def main(argv: list[str]) -> int:
    db_path, setup, worker, seconds = Path(argv[0]), Path(argv[1]), int(argv[2]), float(argv[3])
    first = int(argv[4]) if len(argv) > 4 else 1
    os.environ.setdefault("IOPDESK_HOME", str(db_path.parent / f"home-{worker}"))
    return run(db_path, setup, worker, seconds, first)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
