"""What the notes lists show, as columns over domain rows.

The domain lists one row per part (a group session of twelve is thirteen
drafts); a counselor thinks in sessions, so the unsigned list and the co-sign
queue gather the parts of one session into one line, in the domain's order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from PySide6.QtCore import QCoreApplication

from iopdesk.domain.kernel import vocab
from iopdesk.domain.notes import CosignItem, SearchHit, UnsignedNote
from iopdesk.render.text import clock_text
from iopdesk.ui.kit.formatting import (
    date_text,
    plural,  # noqa: F401 - this screen's modules import it from here
    short_day_text,
)
from iopdesk.ui.kit.rows import Column

OVERDUE_COLOUR = "#40b5651d"  # the accent of alerts, faint
FLAG_COLOUR = "#55f9a825"


def tr(text: str) -> str:
    return QCoreApplication.translate("notes", text)


def status_word(status: str) -> str:
    return tr(vocab.NOTE_STATUSES.get(status, status))


# --- My unsigned notes -----------------------------------------------------------------
@dataclass(frozen=True)
class SessionWork:
    """One session with unsigned work of mine: its parts in the domain's order (oldest due first)."""

    session_id: UUID
    title: str
    kind: str
    date: dt.date
    start_time: dt.time
    parts: tuple[UnsignedNote, ...]
    due_at: dt.datetime  # UTC
    overdue: bool
    days_overdue: int

    @property
    def first_client(self) -> UUID | None:
        """The part to show first: a returned one, else the shared part, else the first member's draft.

        None means the shared part (or the first row of the note).
        """
        returned = next((p for p in self.parts if p.status == "returned"), None)
        if returned is not None:
            return returned.client_id
        if any(p.status == "draft" and p.client_id is None for p in self.parts):
            return None
        return next((p.client_id for p in self.parts if p.status == "draft"), None)

    def count(self, status: str) -> int:
        return sum(1 for p in self.parts if p.status == status)


def group_unsigned(items: list[UnsignedNote]) -> list[SessionWork]:
    order: list[UUID] = []
    parts: dict[UUID, list[UnsignedNote]] = {}
    for item in items:
        if item.session_id not in parts:
            order.append(item.session_id)
            parts[item.session_id] = []
        parts[item.session_id].append(item)
    out = []
    for session_id in order:
        rows = parts[session_id]
        first = min(rows, key=lambda r: r.due_at)
        out.append(
            SessionWork(
                session_id,
                first.session_title,
                first.session_kind,
                first.date,
                first.start_time,
                tuple(rows),
                first.due_at,
                first.overdue,
                first.days_overdue,
            )
        )
    return out


def due_words(work: SessionWork, now: dt.datetime) -> str:
    """How late, in words: '3 days overdue', 'overdue since today', 'due tomorrow'."""
    if work.overdue:
        if work.days_overdue == 0:
            return tr("overdue since today")
        return plural(work.days_overdue, tr("1 day overdue"), tr("{n} days overdue"))
    days = (work.due_at - now).total_seconds() / 86400
    if days < 1:
        return tr("due today")
    if days < 2:
        return tr("due tomorrow")
    return tr("due in {n} days").format(n=int(days))


def work_left(work: SessionWork) -> str:
    """What is left to do in words: 'shared part + 12 members, drafts', '1 returned for changes'."""
    bits = []
    not_started = [p for p in work.parts if p.status == "not_started"]
    if not_started:
        missing = sum(p.missing_parts for p in not_started)
        bits.append(
            plural(missing, tr("not started: 1 member attended"), tr("not started: {n} members attended"))
        )
    returned = work.count("returned")
    if returned:
        bits.append(plural(returned, tr("1 returned for changes"), tr("{n} returned for changes")))
    drafts = [p for p in work.parts if p.status == "draft"]
    if drafts:
        shared = any(p.client_id is None for p in drafts)
        members = sum(1 for p in drafts if p.client_id is not None)
        if work.kind != "group":
            bits.append(tr("draft"))
        elif shared and members:
            bits.append(
                plural(members, tr("shared part + 1 member, drafts"), tr("shared part + {n} members, drafts"))
            )
        elif shared:
            bits.append(tr("shared part, draft"))
        else:
            bits.append(plural(members, tr("1 member's part, draft"), tr("{n} members' parts, drafts")))
    return " · ".join(bits)


def _who(work: SessionWork) -> str:
    if work.kind == "group":
        return ""
    names = sorted({p.client_name for p in work.parts if p.client_name})
    return ", ".join(names)


def unsigned_columns(now: Callable[[], dt.datetime]) -> list[Column[SessionWork]]:
    """``now`` (UTC, naive) is asked each time a cell is drawn, so "due" words follow the list's refresh."""
    return [
        Column(tr("Date"), lambda w: short_day_text(w.date), sort=lambda w: (w.date, w.start_time)),
        Column(tr("Time"), lambda w: clock_text(w.start_time), sort=lambda w: w.start_time),
        Column(tr("Session"), lambda w: w.title),
        Column(tr("Client"), _who),
        Column(tr("Still to do"), work_left, tooltip=_returned_tip),
        Column(
            tr("Due"),
            lambda w: due_words(w, now()),
            sort=lambda w: w.due_at,
            colour=lambda w: OVERDUE_COLOUR if w.overdue else None,
        ),
    ]


def _returned_tip(work: SessionWork) -> str:
    comments = [
        f"{p.client_name or tr('Shared part')}: {p.return_comment}" for p in work.parts if p.return_comment
    ]
    return "\n".join(comments)


# --- Co-sign queue -----------------------------------------------------------------
@dataclass(frozen=True)
class ReviewSession:
    session_id: UUID
    title: str
    date: dt.date
    signers: str
    parts: tuple[CosignItem, ...]
    submitted_at: dt.datetime  # UTC, the oldest waiting part


def group_queue(items: list[CosignItem]) -> list[ReviewSession]:
    order: list[UUID] = []
    parts: dict[UUID, list[CosignItem]] = {}
    for item in items:
        if item.session_id not in parts:
            order.append(item.session_id)
            parts[item.session_id] = []
        parts[item.session_id].append(item)
    out = []
    for session_id in order:
        rows = parts[session_id]
        signers = ", ".join(sorted({r.signed_by_name for r in rows}))
        out.append(
            ReviewSession(
                session_id,
                rows[0].session_title,
                rows[0].date,
                signers,
                tuple(rows),
                min(r.submitted_at for r in rows),
            )
        )
    return out


def waiting_words(submitted_at: dt.datetime, now: dt.datetime) -> str:
    days = int((now - submitted_at).total_seconds() // 86400)
    if days < 1:
        return tr("since today")
    return plural(days, tr("1 day"), tr("{n} days"))


def _review_parts(r: ReviewSession) -> str:
    shared = any(p.client_id is None for p in r.parts)
    members = sum(1 for p in r.parts if p.client_id is not None)
    if shared and members:
        return plural(members, tr("shared part + 1 member"), tr("shared part + {n} members"))
    if shared:
        return tr("shared part")
    names = [p.client_name for p in r.parts]
    return names[0] if len(names) == 1 else tr("{n} members").format(n=len(names))


def queue_columns(now: Callable[[], dt.datetime]) -> list[Column[ReviewSession]]:
    return [
        Column(tr("Date"), lambda r: short_day_text(r.date), sort=lambda r: r.date),
        Column(tr("Session"), lambda r: r.title),
        Column(tr("Signed by"), lambda r: r.signers),
        Column(tr("Parts waiting"), _review_parts),
        Column(
            tr("Waiting for"), lambda r: waiting_words(r.submitted_at, now()), sort=lambda r: r.submitted_at
        ),
    ]


# --- Search -----------------------------------------------------------------------
def search_columns() -> list[Column[SearchHit]]:
    return [
        Column(tr("Date"), lambda h: date_text(h.date), sort=lambda h: h.date),
        Column(tr("Session"), lambda h: h.session_title),
        Column(tr("Client"), lambda h: h.client_name or tr("Shared part")),
        Column(tr("Author"), lambda h: h.author_name),
        Column(tr("Status"), lambda h: status_word(h.status)),
        Column(tr("Words found"), lambda h: h.snippet, tooltip=lambda h: h.snippet),
    ]


SNIPPET_COLUMN = 5
