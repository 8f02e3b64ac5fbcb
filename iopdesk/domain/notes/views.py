"""What the notes screens are given: frozen snapshots of notes, addenda and session headers.

Built in batches (one query per kind of related row, never one per note), so a
chart of several hundred notes or a group of fifteen members opens quickly.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from uuid import UUID

from peewee import JOIN, fn

from iopdesk.domain.calendar.sessions import minutes_of
from iopdesk.domain.kernel.display import client_display_name
from iopdesk.domain.notes.documented import Documented, MemberTime, live_member_times, parse_documented
from iopdesk.store.models import (
    Client,
    GroupFacilitator,
    Note,
    NoteAddendum,
    NoteConflict,
    Session,
    Staff,
    TherapyGroup,
)

LOCKED_STATUSES = ("signed", "pending_cosign")
EDITABLE_STATUSES = ("draft", "returned")


def parse_body(text: str | None) -> dict[str, str]:
    """A stored body as {field: text}; anything odd is kept (as text), never dropped."""
    try:
        doc = json.loads(text or "{}")
    except ValueError:
        return {"text": text or ""}
    if not isinstance(doc, dict):
        return {"text": str(doc)}
    return {str(k): v if isinstance(v, str) else json.dumps(v) for k, v in doc.items()}


@dataclass(frozen=True)
class AddendumView:
    id: UUID
    note_id: UUID
    author_id: UUID
    author_name: str
    text: str
    signed_at: dt.datetime  # UTC
    content_hash: str


@dataclass(frozen=True)
class NoteView:
    """One note: a group's shared part (client_id None) or one client's part."""

    id: UUID
    session_id: UUID
    client_id: UUID | None
    client_name: str  # "Sam R." (empty for the shared part)
    author_id: UUID
    author_name: str
    note_format: str
    body: Mapping[str, str]  # read-only {field key: text}
    status: str  # vocab.NOTE_STATUSES
    version: int
    date: dt.date
    created_at: dt.datetime  # UTC
    updated_at: dt.datetime  # UTC
    signed_by_id: UUID | None
    signed_by_name: str
    signed_at: dt.datetime | None  # UTC
    content_hash: str | None
    cosigned_by_id: UUID | None
    cosigned_by_name: str
    cosigned_at: dt.datetime | None
    return_comment: str
    copied_from_id: UUID | None
    guard_overridden: bool  # signed although the confidentiality guard flagged names
    addenda: tuple[AddendumView, ...]
    open_conflicts: int  # losing texts of concurrent saves not yet looked at
    # What the note documented when sealed (None: not sealed, or sealed before copies were kept).
    documented: Documented | None = None
    # A member's part: their own time at the session (frozen when sealed, else as marked now).
    member_time: MemberTime | None = None

    @property
    def is_shared(self) -> bool:
        return self.client_id is None

    @property
    def locked(self) -> bool:
        """Signed, or awaiting co-signature: the text cannot change (addenda only)."""
        return self.status in LOCKED_STATUSES

    @property
    def is_empty(self) -> bool:
        return not any(v.strip() for v in self.body.values())

    def facilitators(self, header: SessionHeader) -> tuple[str, ...]:
        """Who facilitated, as the note documents it (frozen at signing), else the session's now."""
        return self.documented.facilitators if self.documented is not None else header.facilitators

    def times(self, header: SessionHeader) -> tuple[dt.time, dt.time]:
        """The session's start and end as the note documents them, else as they stand."""
        if self.documented is not None:
            return self.documented.start_time, self.documented.end_time
        return header.start_time, header.end_time


@dataclass(frozen=True)
class SessionHeader:
    session_id: UUID
    kind: str  # group / individual / family
    title: str  # the group's name, or "Individual session"
    group_id: UUID | None
    client_id: UUID | None  # individual and family sessions
    site_id: UUID
    date: dt.date
    start_time: dt.time
    end_time: dt.time
    duration_minutes: int
    facilitators: tuple[str, ...]  # the session's facilitator first, then the group's
    topic: str
    modality: str
    room: str
    status: str  # scheduled / cancelled


def note_views(
    rows: Iterable[Note],
    *,
    known_clients: Mapping[UUID, str] | None = None,
    live: Mapping[tuple[UUID, UUID], MemberTime] | None = None,
) -> list[NoteView]:
    """Freeze note rows (same order), with names, addenda and conflict counts in four queries.

    ``known_clients``: display names the caller has just read ({client id: name}); only the
    clients missing from it are read again. ``live``: the members' times from marks the caller
    has just read (as live_member_times gives them, for every part among ``rows``).
    """
    rows = list(rows)
    if not rows:
        return []
    ids = [r.id for r in rows]
    staff_ids = {s for r in rows for s in (r.author_id, r.signed_by_id, r.cosigned_by_id) if s is not None}
    known = dict(known_clients or {})
    client_ids = {r.client_id for r in rows if r.client_id is not None and r.client_id not in known}
    addenda: dict[UUID, list[NoteAddendum]] = defaultdict(list)
    for a in (
        NoteAddendum.select()
        .where(NoteAddendum.note.in_(ids) & NoteAddendum.retired_at.is_null())
        .order_by(NoteAddendum.signed_at)
    ):
        addenda[a.note_id].append(a)
        staff_ids.add(a.author_id)
    names = staff_names(staff_ids)
    clients = {**known, **client_names(client_ids)}
    if live is None:
        live = live_member_times(rows)
    documented = {r.id: parse_documented(r.documented) for r in rows}
    conflicts = dict(
        NoteConflict.select(NoteConflict.note, fn.COUNT(NoteConflict.id))
        .where(NoteConflict.note.in_(ids) & NoteConflict.resolved_at.is_null())
        .group_by(NoteConflict.note)
        .tuples()
    )
    return [
        NoteView(
            id=r.id,
            session_id=r.session_id,
            client_id=r.client_id,
            client_name=clients.get(r.client_id, "") if r.client_id is not None else "",
            author_id=r.author_id,
            author_name=names.get(r.author_id, ""),
            note_format=r.note_format,
            body=MappingProxyType(parse_body(r.body)),
            status=r.status,
            version=r.version,
            date=r.date,
            created_at=r.created_at,
            updated_at=r.updated_at,
            signed_by_id=r.signed_by_id,
            signed_by_name=names.get(r.signed_by_id, "") if r.signed_by_id else "",
            signed_at=r.signed_at,
            content_hash=r.content_hash,
            cosigned_by_id=r.cosigned_by_id,
            cosigned_by_name=names.get(r.cosigned_by_id, "") if r.cosigned_by_id else "",
            cosigned_at=r.cosigned_at,
            return_comment=r.return_comment,
            copied_from_id=r.copied_from_id,
            guard_overridden=bool(r.guard_override),
            addenda=tuple(
                AddendumView(
                    a.id,
                    a.note_id,
                    a.author_id,
                    names.get(a.author_id, ""),
                    a.text,
                    a.signed_at,
                    a.content_hash,
                )
                for a in addenda.get(r.id, ())
            ),
            open_conflicts=conflicts.get(r.id, 0),
            documented=documented[r.id],
            member_time=_member_time(r, documented[r.id], live),
        )
        for r in rows
    ]


def _member_time(
    row: Note, documented: Documented | None, live: Mapping[tuple[UUID, UUID], MemberTime]
) -> MemberTime | None:
    if row.client_id is None:
        return None
    if documented is not None and documented.attendance is not None:
        return documented.attendance
    return live.get((row.session_id, row.client_id))


def staff_names(ids: Iterable[UUID]) -> dict[UUID, str]:
    ids = list(set(ids))
    if not ids:
        return {}
    return dict(Staff.select(Staff.id, Staff.display_name).where(Staff.id.in_(ids)).tuples())


def client_names(ids: Iterable[UUID]) -> dict[UUID, str]:
    ids = list(set(ids))
    if not ids:
        return {}
    rows = Client.select(Client.id, Client.preferred_name, Client.legal_first, Client.legal_last).where(
        Client.id.in_(ids)
    )
    return {c.id: client_display_name(c.preferred_name, c.legal_first, c.legal_last) for c in rows}


def session_headers(session_ids: Iterable[UUID]) -> dict[UUID, SessionHeader]:
    """Headers for many sessions: group names and facilitators in two queries."""
    ids = list(set(session_ids))
    if not ids:
        return {}
    # Only the columns a header shows, the session's own facilitator's name joined in.
    rows = list(
        Session.select(
            Session.id,
            Session.kind,
            Session.group,
            Session.client,
            Session.site,
            Session.date,
            Session.start_time,
            Session.duration_minutes,
            Session.facilitator,
            Session.topic,
            Session.modality,
            Session.room,
            Session.status,
            TherapyGroup.name,
            Staff.display_name.alias("facilitator_name"),
        )
        .join(TherapyGroup, JOIN.LEFT_OUTER, on=(Session.group == TherapyGroup.id))
        .switch(Session)
        .join(Staff, JOIN.LEFT_OUTER, on=(Session.facilitator == Staff.id))
        .where(Session.id.in_(ids))
        .objects()
    )
    group_ids = {r.group_id for r in rows if r.group_id is not None}
    by_group: dict[UUID | None, list[tuple[bool, str]]] = defaultdict(list)
    if group_ids:
        for group_id, is_lead, name in (
            GroupFacilitator.select(GroupFacilitator.group, GroupFacilitator.is_lead, Staff.display_name)
            .join(Staff, on=(GroupFacilitator.staff == Staff.id))
            .where(GroupFacilitator.group.in_(list(group_ids)) & GroupFacilitator.removed_at.is_null())
            .tuples()
        ):
            by_group[group_id].append((not is_lead, name))
    out = {}
    for r in rows:
        facilitator = getattr(r, "facilitator_name", None)
        people = [facilitator] if r.facilitator_id is not None and facilitator is not None else []
        for _, name in sorted(by_group.get(r.group_id, ())):
            if name not in people:
                people.append(name)
        end = minutes_of(r.start_time) + r.duration_minutes
        out[r.id] = SessionHeader(
            session_id=r.id,
            kind=r.kind,
            title=getattr(r, "name", None) or _kind_title(r.kind),
            group_id=r.group_id,
            client_id=r.client_id,
            site_id=r.site_id,
            date=r.date,
            start_time=r.start_time,
            end_time=dt.time((end // 60) % 24, end % 60),
            duration_minutes=r.duration_minutes,
            facilitators=tuple(people),
            topic=r.topic,
            modality=r.modality,
            room=r.room,
            status=r.status,
        )
    return out


def session_titles(session_ids: Iterable[UUID]) -> dict[UUID, str]:
    """Just the title of many sessions (a search page needs no more than that): one query."""
    ids = list(set(session_ids))
    if not ids:
        return {}
    rows = (
        Session.select(Session.id, Session.kind, TherapyGroup.name)
        .join(TherapyGroup, JOIN.LEFT_OUTER, on=(Session.group == TherapyGroup.id))
        .where(Session.id.in_(ids))
        .tuples()
    )
    return {session_id: name or _kind_title(kind) for session_id, kind, name in rows}


def _kind_title(kind: str) -> str:
    return {"individual": "Individual session", "family": "Family session"}.get(kind, "Session")
