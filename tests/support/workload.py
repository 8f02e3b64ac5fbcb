"""A counselor's work through the domain, as fast as it goes, in its own process: for the crash loop
and the concurrency tests.

    python -m tests.support.workload DB SETUP.json WORKER SECONDS [FIRST]

DB is a clinic file or a PostgreSQL URL. ``prepare(db, workers)`` (in the test's process)
makes the clinic (a new encrypted file, or the schema in an empty server database) with one
counselor account and, per worker, a group session of two clients and its group note.
Each worker signs in through the front door, then alternates: mark one client's
attendance (a new comment each time) and autosave its member note (a new text each
time), numbering every operation (from FIRST: a run after a crash numbers on). After
each one *returns* it prints ``ack KIND N`` on stdout, flushed: what the program would
have told the person "saved". A failure prints
``fail KIND N ERRORCLASS``; the worker goes on. ``examine`` reads the clinic afterwards
and says which acknowledged operations are missing.

With ``shared=True`` every third operation autosaves one note that all workers write at
once, each with the version its own last save returned: a save that lost the race must
be kept as a conflict (``kept shared N``: the text in the note's conflicts), one that won
(``ack shared N``) bumps the version by one. ``examine_shared`` checks both: no update
lost (the note's version counts every win) and every losing text kept.
"""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from iopdesk.store.database import Target

USERNAME = "worker"
PASSWORD = "workload pass phrase"
REASON = "entered late from the paper sheet"


def where(db: str | Path) -> Target:
    from iopdesk.store.database import Target

    return Target.parse(db)


@dataclass(frozen=True)
class Lane:
    """One worker's own records: no two workers touch the same rows (only the audit trail)."""

    session_id: str
    client_ids: tuple[str, str]
    note_id: str


def prepare(db: str | Path, workers: int, folder: Path | None = None, *, shared: bool = False) -> Path:
    """Make the clinic; returns the setup file the workers read (beside a clinic file, else in
    ``folder``). Uses (and unbinds) the store."""
    from iopdesk.domain import notes
    from iopdesk.domain.access.accounts import first_run_setup
    from iopdesk.domain.access.staff_accounts import create_staff
    from iopdesk.domain.access.unlock import create_clinic
    from iopdesk.store.database import open_database
    from iopdesk.store.models import Staff
    from iopdesk.store.models import database as proxy
    from tests.support import factories as f
    from tests.support.note_factories import group_with

    target = where(db)
    opened = create_clinic(target) if target.path is not None else open_database(target)
    shared_note, shared_version = None, 0
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
        if shared:
            common = group_with(admin, [("Cy", "Common")], facilitator=me, name="Shared")
            part = notes.open_group_note(me, common.session.id).part(common.members[0].id)
            assert part is not None and part.note is not None
            shared_note = str(part.note.id)
            shared_version = part.note.version
    finally:
        opened.close()
        proxy.initialize(None)
    if target.path is not None:
        path = target.path.with_name(target.path.name + ".workload.json")
    else:
        assert folder is not None
        path = folder / "workload.json"
    lanes_json = [asdict(lane) for lane in lanes]
    text = json.dumps(
        {"db": str(db), "lanes": lanes_json, "shared_note": shared_note, "shared_version": shared_version}
    )
    path.write_text(text, encoding="utf-8")
    return path


def shared_note_of(setup: Path) -> str | None:
    return json.loads(setup.read_text(encoding="utf-8")).get("shared_note")


def lane_of(setup: Path, worker: int) -> Lane:
    data = json.loads(setup.read_text(encoding="utf-8"))["lanes"][worker]
    return Lane(data["session_id"], tuple(data["client_ids"]), data["note_id"])  # type: ignore[arg-type]


def run(db: str | Path, setup: Path, worker: int, seconds: float, first: int = 1) -> int:
    from uuid import UUID

    from iopdesk.domain import notes
    from iopdesk.domain.attendance.marking import mark
    from iopdesk.front_door import Credentials, open_clinic
    from iopdesk.store.errors import StoreError
    from iopdesk.store.models import Note

    lane = lane_of(setup, worker)
    session, clients, note = UUID(lane.session_id), [UUID(c) for c in lane.client_ids], UUID(lane.note_id)
    common = shared_note_of(setup)
    shared = UUID(common) if common else None
    kinds = ("mark", "note", "shared") if shared else ("mark", "note")
    out = sys.stdout
    with open_clinic(where(db), credentials=Credentials(USERNAME, PASSWORD), act=True) as clinic:
        me = clinic.acting
        version = Note.get_by_id(note).version
        shared_version = Note.get_by_id(shared).version if shared else 0
        print("ready", flush=True)
        ends = time.monotonic() + seconds
        n = first - 1
        while time.monotonic() < ends:
            n += 1
            kind = kinds[(n + 1) % len(kinds)]  # mark first, as before
            outcome = "ack"
            try:
                if kind == "mark":
                    mark(me, session, clients[n // 2 % 2], "present", comment=f"op {n}", reason=REASON)
                elif kind == "note":
                    saved = notes.save_draft(me, note, {"data": f"op {n}"}, version)
                    if not saved.saved:
                        raise RuntimeError("conflict")
                    version = saved.version
                else:
                    assert shared is not None
                    saved = notes.save_draft(me, shared, {"data": f"w{worker} op {n}"}, shared_version)
                    shared_version = saved.version  # a lost race: the text is kept, write on from here
                    outcome = "ack" if saved.saved else "kept"
            except (StoreError, RuntimeError) as exc:
                out.write(f"fail {kind} {n} {type(exc).__name__}\n")
                out.flush()
                continue
            out.write(f"{outcome} {kind} {n}\n")
            out.flush()
    return 0


@dataclass(frozen=True)
class Outcome:
    acknowledged: int
    failed: int
    lost: list[str]  # "KIND N" acknowledged but not in the database


def acks(output: str) -> tuple[list[tuple[str, int]], int]:
    """(acknowledged operations, failures) from a worker's output (a torn last line is ignored).
    A shared save kept as a conflict was acknowledged too: the person was told so."""
    done, failed = [], 0
    for line in output.splitlines():
        words = line.split()
        if len(words) == 3 and words[0] in ("ack", "kept"):
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


@dataclass(frozen=True)
class SharedOutcome:
    won: int  # saves of the shared note acknowledged as saved
    kept: int  # saves that lost the race, acknowledged as kept
    problems: list[str]  # a lost update, or a losing text not kept


def examine_shared(setup: Path, outputs: list[str]) -> SharedOutcome:
    """The shared note after the run (the clinic open and bound): every won save counted in its
    version (none overwritten unseen), every lost one's text among its conflicts."""
    from iopdesk.store.models import Note, NoteConflict

    note_id = shared_note_of(setup)
    assert note_id is not None
    won, kept = [], []
    for worker, output in enumerate(outputs):
        for line in output.splitlines():
            words = line.split()
            if len(words) == 3 and words[1] == "shared":
                (won if words[0] == "ack" else kept if words[0] == "kept" else []).append(
                    f"w{worker} op {words[2]}"
                )
    problems = []
    version = Note.get_by_id(note_id).version
    first = json.loads(setup.read_text(encoding="utf-8"))["shared_version"]
    if version != first + len(won):
        problems.append(f"the shared note is at version {version} after {len(won)} saves: an update was lost")
    stored = {
        json.loads(c.body).get("data") for c in NoteConflict.select().where(NoteConflict.note == note_id)
    }
    problems += [f"the losing text {text!r} was not kept" for text in kept if text not in stored]
    return SharedOutcome(len(won), len(kept), problems)


def main(argv: list[str]) -> int:
    db, setup, worker, seconds = argv[0], Path(argv[1]), int(argv[2]), float(argv[3])
    first = int(argv[4]) if len(argv) > 4 else 1
    home = setup.parent if "://" in db else Path(db).parent
    os.environ.setdefault("IOPDESK_HOME", str(home / f"home-{worker}"))
    return run(db, setup, worker, seconds, first)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
