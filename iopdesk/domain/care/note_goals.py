"""Notes and plan goals: the goals a note part addressed, chosen from the client's plan in force,
and, for the plan, the notes that addressed each goal.

The writer of a member's part (or an individual or family note) is offered the goals of the
client's plan in force (``goals_for_note``, or ``goals_for_session`` for a whole group note) and
ticks the ones the session addressed (``set_goals_addressed``); a goal not in that plan is refused.
The choice is stored with the part and locked with it when it is signed
(iopdesk.domain.notes.goals). Goals keep their ids across plan versions, so ``notes_by_goal``
finds the notes of a goal whichever version was in force when they were written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from uuid import UUID

from iopdesk.domain.care.common import require, staff_names
from iopdesk.domain.care.plans import content, plan_in_force
from iopdesk.domain.kernel import audit, permissions, vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import ConflictError, ValidationError
from iopdesk.domain.notes.common import load_note, require_reader
from iopdesk.domain.notes.goals import GoalNote, goal_ids, notes_with_goals, write_goal_ids
from iopdesk.domain.notes.views import session_titles
from iopdesk.store import transaction
from iopdesk.store.care_models import PlanVersion
from iopdesk.store.models import Note

LOCKED = ("signed", "pending_cosign")


@dataclass(frozen=True)
class GoalChoice:
    goal_id: UUID
    problem: str
    text: str
    client_words: str
    chosen: bool


@dataclass(frozen=True)
class NoteGoals:
    """What the "goals addressed" field of one note part shows."""

    note_id: UUID
    client_id: UUID
    plan_id: UUID | None  # the plan in force the choices come from
    plan_number: int | None
    choices: tuple[GoalChoice, ...]  # the plan's goals, ticked where chosen
    chosen_elsewhere: tuple[UUID, ...]  # chosen earlier, no longer in the plan in force (kept)
    locked: bool  # the part is signed (or awaiting co-signature): the choice cannot change
    version: int  # the note's version now (send it with the next save of the part)
    message: str  # why there is nothing to choose from, for a person; "" otherwise


@dataclass(frozen=True)
class GoalNoteRef:
    """A note that addressed a goal, as the plan lists it."""

    note_id: UUID
    date: dt.date
    session_title: str
    author_name: str
    status: str

    @property
    def status_label(self) -> str:
        return vocab.NOTE_STATUSES.get(self.status, self.status)


def _choices(note: Note, plan: PlanVersion | None) -> NoteGoals:
    chosen = goal_ids(note)
    message = ""
    choices: list[GoalChoice] = []
    if plan is None:
        message = "The client has no signed treatment plan yet, so there are no goals to choose from."
    else:
        for problem, goal in content(plan).goals():
            choices.append(GoalChoice(goal.id, problem.text, goal.text, goal.client_words, goal.id in chosen))
    offered = {c.goal_id for c in choices}
    assert note.client_id is not None  # a client's part (callers check)
    return NoteGoals(
        note_id=note.id,
        client_id=note.client_id,
        plan_id=plan.id if plan is not None else None,
        plan_number=plan.number if plan is not None else None,
        choices=tuple(choices),
        chosen_elsewhere=tuple(g for g in chosen if g not in offered),
        locked=note.status in LOCKED,
        version=note.version,
        message=message,
    )


def _client_note(note_id: UUID) -> tuple[Note, UUID]:
    note = load_note(note_id)
    if note.client_id is None:
        raise ValidationError("The shared part of a group note belongs to no client: it addresses no goals.")
    return note, note.client_id


def goals_for_note(actor: Actor, note_id: UUID) -> NoteGoals:
    """The goals a part may name (the client's plan in force) and which it names."""
    note, client_id = _client_note(note_id)
    require_reader(actor, client_id, record_id=note.id)
    require(actor, permissions.CARE_READ, client_id, "care_plan")
    with transaction():
        plan = plan_in_force(client_id)
        audit.record(
            actor,
            audit.VIEW,
            client_id=note.client_id,
            record_type="care_plan",
            record_id=plan.id if plan else "",
            changes={"goals_for_note": note.id},
        )
    return _choices(note, plan)


def goals_for_session(actor: Actor, session_id: UUID) -> dict[UUID, NoteGoals]:
    """``goals_for_note`` for every client part of a session's note the actor may read, by note id."""
    rows = list(
        Note.select().where(
            (Note.session == session_id) & Note.client.is_null(False) & Note.retired_at.is_null()
        )
    )
    readable = permissions.readable_client_ids(actor, (r.client_id for r in rows))
    readable &= permissions.readable_client_ids(actor, readable, permissions.CARE_READ)
    out: dict[UUID, NoteGoals] = {}
    with transaction():
        for row in rows:
            if row.client_id not in readable:
                continue
            plan = plan_in_force(row.client_id)
            out[row.id] = _choices(row, plan)
            audit.record(
                actor,
                audit.VIEW,
                client_id=row.client_id,
                record_type="care_plan",
                record_id=plan.id if plan else "",
                changes={"goals_for_note": row.id},
            )
    return out


def set_goals_addressed(
    actor: Actor, note_id: UUID, chosen: Sequence[UUID], *, expected_version: int | None = None
) -> NoteGoals:
    """The goals this part addressed, from the client's plan in force (goals chosen before from an
    earlier version and no longer in the plan stay only if given again)."""
    with transaction():
        note, client_id = _client_note(note_id)
        require(actor, permissions.CARE_READ, client_id, "care_plan")
        if expected_version is not None and expected_version != note.version:
            raise ConflictError("Someone else changed this note a moment ago; reopen it and try again.")
        plan = plan_in_force(client_id)
        allowed = {g.id for _p, g in content(plan).goals()} if plan is not None else set()
        allowed |= set(goal_ids(note))  # a choice already made may be kept
        wanted = list(dict.fromkeys(chosen))
        stray = [g for g in wanted if g not in allowed]
        if stray:
            raise ValidationError(
                "Choose the goals from the client's treatment plan in force"
                + ("" if plan is not None else " (the client has none signed yet)")
                + ".",
                field="goals_addressed",
            )
        write_goal_ids(actor, note, wanted)
    return _choices(note, plan)


def notes_by_goal(
    actor: Actor,
    client_id: UUID,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    audited: bool = True,
) -> dict[UUID, tuple[GoalNoteRef, ...]]:
    """For each goal id, the client's note parts that addressed it, oldest first."""
    require(actor, permissions.CARE_READ, client_id, "care_plan")
    permissions.require(actor, permissions.NOTE_READ, client_id=client_id, record_type="note")
    with transaction():
        found = notes_with_goals([client_id], start, end)
        if audited:
            audit.record(
                actor,
                audit.VIEW,
                client_id=client_id,
                record_type="note",
                record_id="goals",
                changes={"notes": len(found)},
            )
    return group_by_goal(found)


def group_by_goal(found: Iterable[GoalNote]) -> dict[UUID, tuple[GoalNoteRef, ...]]:
    found = list(found)
    titles = session_titles(n.session_id for n in found)
    names = staff_names(n.author_id for n in found)
    out: dict[UUID, list[GoalNoteRef]] = {}
    for n in found:
        ref = GoalNoteRef(
            n.note_id, n.date, titles.get(n.session_id, ""), names.get(n.author_id, ""), n.status
        )
        for goal in n.goal_ids:
            out.setdefault(goal, []).append(ref)
    return {goal: tuple(refs) for goal, refs in out.items()}
