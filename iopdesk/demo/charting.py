"""Notes for held sessions: who wrote them, when, and how far along signing they are.

Older notes are signed; the last few days hold drafts and some notes not yet
written (so the overdue list has something in it). A trainee's note waits for
the supervisor, as signing.py leaves it: signed by its author at submission
(signer, signing time, the seal of its text) and locked, until the supervisor
co-signs it (the co-signature has its own time, later) or returns it (which
clears the signature). Every signature carries the time it was made.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass

from iopdesk.demo.people import StaffPlan
from iopdesk.demo.world import World, clinical
from iopdesk.domain.notes.body import canonical_json
from iopdesk.store.models import Note, NoteAddendum

HOUR = dt.timedelta(hours=1)
RETURN_COMMENTS = (
    "Please describe the client's response to the intervention.",
    "Add the treatment-plan goal this session addressed.",
    "Remove the detail that could identify a peer.",
)
ADDENDA = (
    "Late entry: client called the next day to report a stressful weekend; coping plan reviewed.",
    "Correction: the client attended the full session (attendance updated).",
    "Addendum: UDS result received, negative for all substances tested.",
)


@dataclass(frozen=True)
class NoteState:
    """How far one session's notes got; ``None`` from ``note_state`` means not written yet."""

    status: str
    created: dt.datetime
    updated: dt.datetime
    signed_at: dt.datetime | None
    cosigned_by: str | None
    cosigned_at: dt.datetime | None
    return_comment: str
    version: int


def note_state(
    world: World, author: StaffPlan, session_end: dt.datetime, age_days: int, rng: random.Random
) -> NoteState | None:
    created = session_end + HOUR * rng.uniform(0.2, 6)
    r = rng.random()
    if age_days <= 2:
        kind = "missing" if r < 0.15 else "draft" if r < 0.75 else "sign"
    elif age_days <= 7:
        kind = "missing" if r < 0.08 else "draft" if r < 0.2 else "sign"
    else:
        kind = "sign"
    if kind == "missing":
        return None
    if kind == "draft":
        return NoteState("draft", created, created + HOUR * rng.uniform(0, 2), None, None, None, "", 1)
    submitted = created + HOUR * rng.uniform(0.1, 30 if age_days > 3 else 8)
    if not author.needs_cosign:
        return NoteState("signed", created, submitted, submitted, None, None, "", 2)
    if age_days <= 14 and rng.random() < (0.85 if age_days <= 7 else 0.5):
        if rng.random() < 0.12:
            returned = submitted + HOUR * rng.uniform(2, 30)
            return NoteState("returned", created, returned, None, None, None, rng.choice(RETURN_COMMENTS), 3)
        return NoteState("pending_cosign", created, submitted, submitted, None, None, "", 2)
    cosigned = submitted + HOUR * rng.uniform(2, 72)
    supervisor = world.supervisor_of(author).id
    return NoteState("signed", created, cosigned, submitted, supervisor, cosigned, "", 3)


def write_note(
    world: World,
    site: int,
    session_id: str,
    client_id: str | None,
    author: StaffPlan,
    note_format: str,
    body: dict[str, str],
    state: NoteState,
    day: dt.date,
    rng: random.Random,
) -> None:
    text = canonical_json(body)
    signed = state.signed_at is not None
    note_id = world.ids.new()
    row = clinical(world.site_ids[site], state.created, state.updated, state.version)
    row.update(
        id=note_id,
        session=session_id,
        client=client_id,
        author=author.id,
        note_format=note_format,
        body=text,
        status=state.status,
        signed_by=author.id if signed else None,
        signed_at=state.signed_at,
        content_hash=_sha256(text) if signed else None,
        cosigned_by=state.cosigned_by,
        cosigned_at=state.cosigned_at,
        return_comment=state.return_comment,
        copied_from=None,
        date=day,
        guard_override=None,
        goals_addressed=world.goals_addressed(client_id, day) if client_id is not None else None,
    )
    world.writer.add(Note, row)
    world.count("notes")
    world.count(f"notes_{state.status}")
    if signed and client_id is not None and state.signed_at is not None and rng.random() < 0.003:
        added = state.signed_at + HOUR * rng.uniform(20, 200)
        if added.date() < world.today:
            addendum = rng.choice(ADDENDA)
            extra = clinical(world.site_ids[site], added)
            extra.update(
                id=world.ids.new(),
                note=note_id,
                author=author.id,
                text=addendum,
                signed_at=added,
                content_hash=_sha256(addendum),
            )
            world.writer.add(NoteAddendum, extra)
            world.count("note_addenda")


def _sha256(text: str) -> str:
    # The same digest as note_body.content_hash, taken over the text already serialised.
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
