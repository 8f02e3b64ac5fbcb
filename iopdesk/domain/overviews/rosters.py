"""What the roster screens show: a group's members, a client's groups, a session's sign-in sheet.

Read-only: these functions never write, so they are safe from any thread
that has its own connection.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from uuid import UUID

from peewee import JOIN

from iopdesk.domain.clients.clients import display_name, load_client
from iopdesk.domain.enrollment.expected import expected_by_session
from iopdesk.domain.enrollment.membership import holds_place_from, is_current
from iopdesk.domain.enrollment.placement import waitlist_rank
from iopdesk.domain.enrollment.waitlist import WaitlistEntry, waitlist
from iopdesk.domain.groups.groups import GroupInfo, Meeting, get_group, has_started, load_group, next_meeting
from iopdesk.domain.kernel import settings, vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.display import client_display_name
from iopdesk.domain.kernel.errors import DomainError, NotFound
from iopdesk.domain.kernel.records import site_today
from iopdesk.store.models import (
    Attendance,
    Client,
    Enrollment,
    GroupFacilitator,
    Session,
    Site,
    Staff,
    TherapyGroup,
)

# Sessions the clinic cancelled say nothing about the client, so they are left out of the rate.
NOT_COUNTED = ("not_recorded", "cancelled_clinic")


@dataclass(frozen=True)
class RosterMember:
    enrollment_id: UUID
    client_id: UUID
    display_name: str
    legal_first: str
    legal_last: str
    preferred_name: str
    chart_number: str
    client_status: str
    enrollment_status: str
    start_date: dt.date
    end_date: dt.date | None
    days_in_group: int  # calendar days since the start date, the start day counting as 1
    sessions_recorded: int
    sessions_attended: int
    next_session: dt.date | None

    @property
    def attendance_rate(self) -> float | None:
        """Attended ÷ recorded sessions (0–1); None before any attendance was recorded."""
        return self.sessions_attended / self.sessions_recorded if self.sessions_recorded else None


@dataclass(frozen=True)
class Roster:
    group: GroupInfo
    members: tuple[RosterMember, ...]
    waitlist: tuple[WaitlistEntry, ...]
    next_meeting: Meeting | None
    places_taken: int
    closed_and_started: bool = False  # a closed group under way takes no new members

    @property
    def open_places(self) -> int:
        return max(self.group.max_size - self.places_taken, 0)


@dataclass(frozen=True)
class ClientGroup:
    """One line of a client's page: a group they are, were or wait to be in."""

    enrollment_id: UUID
    group_id: UUID
    group_name: str
    group_kind: str
    status: str
    start_date: dt.date | None
    end_date: dt.date | None
    end_reason: str | None
    waitlist_rank: int | None
    current: bool
    group_population: str | None = None  # vocab.POPULATIONS: a group kept for one; None: anyone

    @property
    def status_label(self) -> str:
        return vocab.ENROLLMENT_STATUSES.get(self.status, self.status)


@dataclass(frozen=True)
class SignInLine:
    client_id: UUID
    name: str  # preferred (or legal first) name and last initial: what other members may see


@dataclass(frozen=True)
class SignInSheet:
    session_id: UUID
    group_name: str
    date: dt.date
    start_time: dt.time
    end_time: dt.time
    site_name: str
    room: str
    facilitator_names: tuple[str, ...]
    lines: tuple[SignInLine, ...]
    part2_notice: str = ""  # 42 CFR §2.32: the printed sheet names the members, so it carries it


def group_roster(
    actor: Actor, group_id: UUID, *, include_past: bool = False, today: dt.date | None = None
) -> Roster:
    """Current (and future-starting) members; with ``include_past`` also those who left."""
    today = today or site_today(actor)
    group = get_group(actor, group_id, today=today)
    query = (
        Enrollment.select(Enrollment, Client)
        .join(Client)
        .where(
            (Enrollment.group == group_id)
            & Enrollment.retired_at.is_null()
            & Enrollment.start_date.is_null(False)
            & (Enrollment.status != "wait_listed")
        )
    )
    if not include_past:
        query = query.where(holds_place_from(today))
    rows = list(query)
    history: dict[UUID, list[tuple[dt.date, str]]] = {}
    if rows:
        # The members' own marks drive (CROSS JOIN fixes the order), from the earliest start
        # on: walking every session the group ever held would grow with the years.
        marks = (
            Attendance.select(Attendance.client, Attendance.date, Attendance.status)
            .join(Session, JOIN.CROSS)
            .where(
                (Attendance.session == Session.id)
                & (Session.group == group_id)
                & Attendance.client.in_([r.client_id for r in rows])
                & (Attendance.date >= min(r.start_date for r in rows if r.start_date is not None))
                & Attendance.retired_at.is_null()
                & Session.retired_at.is_null()
            )
            .tuples()
        )
        for client_id, day, status in marks:
            history.setdefault(client_id, []).append((day, status))
    meetings: dict[dt.date, Meeting | None] = {}

    def meeting_from(day: dt.date) -> Meeting | None:
        if day not in meetings:
            meetings[day] = next_meeting(group_id, day, group=group)  # the group read above
        return meetings[day]

    members = []
    for row in rows:
        client = row.client
        start = row.start_date
        assert start is not None  # the query keeps started memberships only
        last_day = min(today, row.end_date) if row.end_date else today
        in_range = [s for d, s in history.get(row.client_id, []) if start <= d <= last_day]
        recorded = [s for s in in_range if s not in NOT_COUNTED]
        upcoming = None
        if is_current(row.status, row.end_date, today) and row.status != "on_hold":
            meeting = meeting_from(max(today, start))
            if meeting is not None and (row.end_date is None or meeting.date <= row.end_date):
                upcoming = meeting.date
        members.append(
            RosterMember(
                enrollment_id=row.id,
                client_id=row.client_id,
                display_name=display_name(client.legal_first, client.legal_last, client.preferred_name),
                legal_first=client.legal_first,
                legal_last=client.legal_last,
                preferred_name=client.preferred_name,
                chart_number=client.chart_number,
                client_status=client.status,
                enrollment_status=row.status,
                start_date=start,
                end_date=row.end_date,
                days_in_group=max((last_day - start).days + 1, 0),
                sessions_recorded=len(recorded),
                sessions_attended=sum(1 for s in recorded if s in vocab.ATTENDED_STATUSES),
                next_session=upcoming,
            )
        )
    members.sort(
        key=lambda m: ((m.preferred_name or m.legal_first).lower(), m.legal_last.lower(), str(m.client_id))
    )
    return Roster(
        group=group,
        members=tuple(members),
        waitlist=tuple(waitlist(actor, group_id, group_read=True)),
        next_meeting=meeting_from(today),
        # The rows read above are every enrollment that could hold a place (started, not
        # retired, not wait-listed): counting the current ones here gives places_taken()
        # without reading all the group's enrollments, years of past ones, a second time.
        places_taken=sum(1 for row in rows if is_current(row.status, row.end_date, today)),
        closed_and_started=group.enrollment_mode == "closed" and has_started(load_group(group_id), today),
    )


def client_groups(actor: Actor, client_id: UUID, *, today: dt.date | None = None) -> list[ClientGroup]:
    """Every group the client is in, was in or waits for: current ones first, then newest first."""
    today = today or site_today(actor)
    # The client's own row is joined in (not retired); with no line, load_client says why.
    rows = list(
        Enrollment.select(Enrollment, TherapyGroup)
        .join(TherapyGroup)
        .switch(Enrollment)
        .join(Client, on=(Enrollment.client == Client.id))
        .where(
            (Enrollment.client == client_id) & Enrollment.retired_at.is_null() & Client.retired_at.is_null()
        )
    )
    if not rows:
        load_client(client_id)
    out = [
        ClientGroup(
            enrollment_id=row.id,
            group_id=row.group_id,
            group_name=row.group.name,
            group_kind=row.group.kind,
            status=row.status,
            start_date=row.start_date,
            end_date=row.end_date,
            end_reason=row.end_reason,
            waitlist_rank=waitlist_rank(row),
            current=is_current(row.status, row.end_date, today),
            group_population=row.group.population,
        )
        for row in rows
    ]
    out.sort(
        key=lambda g: (
            not g.current,
            g.status != "wait_listed",
            -(g.start_date or dt.date.max).toordinal(),
            g.group_name.lower(),
        )
    )
    return out


def sign_in_sheet(actor: Actor, session_id: UUID) -> SignInSheet:
    """The data for a group session's sign-in sheet (the PDF is drawn by the ui layer)."""
    session = Session.get_or_none((Session.id == session_id) & Session.retired_at.is_null())
    if session is None:
        raise NotFound("That session is not in IOPdesk.")
    if session.group_id is None:
        raise DomainError("Sign-in sheets are made for group sessions only.")
    group = load_group(session.group_id)
    names: list[str] = []
    if session.facilitator_id is not None:
        names.append(Staff.get_by_id(session.facilitator_id).display_name)
    links = (
        GroupFacilitator.select(GroupFacilitator, Staff)
        .join(Staff)
        .where((GroupFacilitator.group == group.id) & GroupFacilitator.removed_at.is_null())
        .order_by(GroupFacilitator.is_lead.desc(), Staff.display_name)
    )
    names += [link.staff.display_name for link in links if link.staff.display_name not in names]
    # The same "expected" rule as attendance taking, so the sheet and the register agree.
    expected = expected_by_session([session])[session.id]
    members = Client.select(Client.id, Client.legal_first, Client.legal_last, Client.preferred_name).where(
        Client.id.in_(list(expected)) & Client.retired_at.is_null()
    )
    lines = sorted(
        (
            SignInLine(c.id, client_display_name(c.preferred_name, c.legal_first, c.legal_last))
            for c in members
        ),
        key=lambda line: (line.name.lower(), str(line.client_id)),
    )
    start = dt.datetime.combine(session.date, session.start_time)
    return SignInSheet(
        session_id=session.id,
        group_name=group.name,
        date=session.date,
        start_time=session.start_time,
        end_time=(start + dt.timedelta(minutes=session.duration_minutes)).time(),
        site_name=Site.get_by_id(session.site_id).name,
        room=session.room or group.room,
        facilitator_names=tuple(names),
        lines=tuple(lines),
        part2_notice=settings.get("part2_notice"),
    )
