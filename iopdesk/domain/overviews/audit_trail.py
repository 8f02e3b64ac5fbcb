"""Reading the audit trail: the audit view's list and its CSV export (supervisors and auditors).

Looking at the trail is itself written to the trail, so who audited whom is on
record too, and the list shown includes that look: counted before it, the list
was always one entry short of the chain check's count. Each entry comes with
its action, record and changes in words (audit_words.py).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from peewee import chunked

from iopdesk.domain.clients.clients import display_name
from iopdesk.domain.kernel import audit, clock, settings
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.csv_safety import csv_text
from iopdesk.domain.kernel.errors import NotFound, ValidationError
from iopdesk.domain.kernel.permissions import AUDIT_VIEW, CLIENT_VIEW, can, require
from iopdesk.domain.overviews.audit_words import Names, details_text, ids_in, record_text, what_text
from iopdesk.store import transaction
from iopdesk.store.models import AuditEvent, Client, Staff

MAX_LIMIT = 50_000
CSV_HEADER = (
    "Entry",
    "When (UTC)",
    "Staff",
    "Workstation",
    "Action",
    "Chart",
    "Client",
    "Record type",
    "Record",
    "Changes",
    "Hash",
    "What",
    "Which record",
    "What changed",
)


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: dt.datetime  # UTC
    staff_id: UUID | None
    staff_name: str  # "" for a sign-in attempt by an unknown name
    workstation: str
    site_id: UUID | None
    action: str
    client_id: UUID | None
    client_chart: str  # "" when no client
    client_name: str
    record_type: str
    record_id: str
    changes_json: str
    hash: str
    what: str = ""  # the action in words: "Co-signed note", "Signed in"
    record_label: str = ""  # which record: "note on Relapse Prevention, Mar 3, 2026"
    details: str = ""  # what changed, in words (no fingerprints, ids named)

    @property
    def client_label(self) -> str:
        return f"{self.client_chart} {self.client_name}".strip()

    @property
    def changes(self) -> dict[str, Any]:
        try:
            value = json.loads(self.changes_json)
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}


def audit_events(
    actor: Actor,
    client_id: UUID | None = None,
    staff_id: UUID | None = None,
    action: str | None = None,
    start: dt.date | dt.datetime | None = None,
    end: dt.date | dt.datetime | None = None,
    limit: int = 500,
) -> list[AuditEntry]:
    """Entries newest first, as they stood before this look was recorded. ``action`` "sign_in" also
    matches "sign_in.success" and "sign_in.failure"; dates are whole days at the actor's site,
    datetimes are UTC (``end`` inclusive for dates)."""
    require(actor, AUDIT_VIEW, client_id=client_id, record_type="audit_trail")
    entries = _query(actor, client_id, staff_id, action, start, end, limit)
    _record_look(actor, client_id, _filters(staff_id, action, start, end, len(entries)))
    return entries


def _record_look(actor: Actor, client_id: UUID | None, filters: dict[str, Any]) -> None:
    with transaction():
        audit.record(actor, audit.VIEW, client_id=client_id, record_type="audit_trail", changes=filters)


def audit_page(
    actor: Actor,
    client_id: UUID | None = None,
    staff_id: UUID | None = None,
    action: str | None = None,
    start: dt.date | dt.datetime | None = None,
    end: dt.date | dt.datetime | None = None,
    limit: int = 500,
) -> list[AuditEntry]:
    """What the audit view shows: ``audit_events``, then read again so this look is among them when
    the filters take it in. (Without it the list was one short of the chain check's count, which
    takes in every entry, the look included.)"""
    require(actor, AUDIT_VIEW, client_id=client_id, record_type="audit_trail")
    _check_limit(limit)
    before = _select(actor, client_id, staff_id, action, start, end).limit(limit).count()
    _record_look(actor, client_id, _filters(staff_id, action, start, end, before))
    return _query(actor, client_id, staff_id, action, start, end, limit)


def export_audit_csv(
    actor: Actor,
    client_id: UUID | None = None,
    staff_id: UUID | None = None,
    action: str | None = None,
    start: dt.date | dt.datetime | None = None,
    end: dt.date | dt.datetime | None = None,
    limit: int = MAX_LIMIT,
    *,
    part2_notice: bool = True,
) -> str:
    """The same entries as a CSV file (oldest first), ending with the clinic's Part 2 notice."""
    require(actor, AUDIT_VIEW, client_id=client_id, record_type="audit_trail")
    entries = _query(actor, client_id, staff_id, action, start, end, limit)
    with transaction():
        audit.record(
            actor,
            audit.EXPORT,
            client_id=client_id,
            record_type="audit_trail",
            changes=_filters(staff_id, action, start, end, len(entries)),
        )
    rows = (
        (
            e.seq,
            e.at.isoformat(sep=" ", timespec="seconds"),
            e.staff_name,
            e.workstation,
            e.action,
            e.client_chart,
            e.client_name,
            e.record_type,
            e.record_id,
            e.changes_json,
            e.hash,
            e.what,
            e.record_label,
            e.details,
        )
        for e in reversed(entries)
    )
    notice = settings.get("part2_notice") if part2_notice else ""
    return csv_text(CSV_HEADER, rows, notice=notice or None)  # an empty notice leaves no blank line


def filter_ids(chart_number: str | None, username: str | None) -> tuple[UUID | None, UUID | None]:
    """(client id, staff id) for the filters a person types: a chart number and a user name."""
    client_id = staff_id = None
    if chart_number:
        client = Client.get_or_none(Client.chart_number == " ".join(chart_number.split()).upper())
        if client is None:
            raise NotFound(f"There is no client with chart number {chart_number!r}.")
        client_id = client.id
    if username:
        member = Staff.get_or_none(Staff.username == username.strip().lower())
        if member is None:
            raise NotFound(f"There is no staff account {username!r}.")
        staff_id = member.id
    return client_id, staff_id


def _query(
    actor: Actor,
    client_id: UUID | None,
    staff_id: UUID | None,
    action: str | None,
    start: dt.date | dt.datetime | None,
    end: dt.date | dt.datetime | None,
    limit: int,
) -> list[AuditEntry]:
    _check_limit(limit)
    query = _select(actor, client_id, staff_id, action, start, end)
    rows = list(query.order_by(AuditEvent.seq.desc()).limit(limit))
    staff = _staff_names({r.staff_id for r in rows if r.staff_id is not None})
    clients = _client_labels({r.client_id for r in rows if r.client_id is not None})
    parsed = {r.seq: _changes(r.changes) for r in rows}
    names = Names(
        (u for r in rows for u in ids_in(r.record_id, parsed[r.seq])),
        clients_by_name=can(actor, CLIENT_VIEW),
    )
    return [
        AuditEntry(
            seq=r.seq,
            at=r.at,
            staff_id=r.staff_id,
            staff_name=staff.get(r.staff_id, "") if r.staff_id else "",
            workstation=r.workstation,
            site_id=r.site_id,
            action=r.action,
            client_id=r.client_id,
            client_chart=clients.get(r.client_id, ("", ""))[0] if r.client_id else "",
            client_name=clients.get(r.client_id, ("", ""))[1] if r.client_id else "",
            record_type=r.record_type,
            record_id=r.record_id,
            changes_json=r.changes,
            hash=r.hash,
            what=what_text(r.action, r.record_type, parsed[r.seq]),
            record_label=record_text(r.record_type, r.record_id, r.staff_id, names),
            details=details_text(parsed[r.seq], names, r.record_type),
        )
        for r in rows
    ]


def _check_limit(limit: int) -> None:
    if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_LIMIT:
        raise ValidationError(f"Ask for 1 to {MAX_LIMIT} entries.", field="limit")


def _changes(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _select(
    actor: Actor,
    client_id: UUID | None,
    staff_id: UUID | None,
    action: str | None,
    start: dt.date | dt.datetime | None,
    end: dt.date | dt.datetime | None,
) -> Any:
    query = AuditEvent.select()
    if client_id is not None:
        query = query.where(AuditEvent.client_id == client_id)
    if staff_id is not None:
        query = query.where(AuditEvent.staff_id == staff_id)
    if action:
        query = query.where((AuditEvent.action == action) | AuditEvent.action.startswith(action + "."))
    if start is not None:
        query = query.where(AuditEvent.at >= _utc(actor, start, end_of_day=False))
    if end is not None:
        query = query.where(AuditEvent.at < _utc(actor, end, end_of_day=True))
    return query


def _utc(actor: Actor, when: dt.date | dt.datetime, *, end_of_day: bool) -> dt.datetime:
    if isinstance(when, dt.datetime):
        moment = when.astimezone(dt.UTC).replace(tzinfo=None) if when.tzinfo else when
        return moment + dt.timedelta(microseconds=1) if end_of_day else moment
    day = when + dt.timedelta(days=1) if end_of_day else when
    local = dt.datetime.combine(day, dt.time(0), tzinfo=clock.site_zone(actor.site_id))
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def _filters(
    staff_id: UUID | None,
    action: str | None,
    start: dt.date | dt.datetime | None,
    end: dt.date | dt.datetime | None,
    count: int,
) -> dict[str, Any]:
    out: dict[str, Any] = {"entries": count}
    for key, value in (("staff", staff_id), ("action", action), ("start", start), ("end", end)):
        if value:
            out[key] = value
    return out


def _staff_names(ids: set[UUID]) -> dict[UUID, str]:
    out = {}
    for batch in chunked(list(ids), 500):
        for s in Staff.select(Staff.id, Staff.display_name, Staff.username).where(Staff.id.in_(batch)):
            out[s.id] = f"{s.display_name} ({s.username})"
    return out


def _client_labels(ids: set[UUID]) -> dict[UUID, tuple[str, str]]:
    out = {}
    for batch in chunked(list(ids), 500):
        for c in Client.select(
            Client.id, Client.chart_number, Client.preferred_name, Client.legal_first, Client.legal_last
        ).where(Client.id.in_(batch)):
            out[c.id] = (c.chart_number, display_name(c.legal_first, c.legal_last, c.preferred_name))
    return out
