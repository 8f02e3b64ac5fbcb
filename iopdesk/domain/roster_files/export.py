"""Exporting rosters as CSV text that spreadsheets open safely and ``import_roster`` reads back.

Cells that a spreadsheet would run as a formula get a leading single quote
(kernel/csv_safety.py); the importer removes it.
The caller chooses the encoding (UTF-8 with a BOM opens cleanly in Excel).

A roster (names, birth dates, phones, emergency contacts of substance-use
clients) leaving the program is a disclosure: it is audited, and it ends, like
every CSV export, with a blank line and the clinic's 42 CFR Part 2 notice in
one cell, which ``import_roster`` recognises and skips.
"""

from __future__ import annotations

import datetime as dt

from iopdesk.domain.enrollment.membership import holds_place_from
from iopdesk.domain.groups.groups import find_group_by_name
from iopdesk.domain.kernel import audit, disclosures, settings, vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.csv_safety import csv_text
from iopdesk.domain.kernel.errors import NotFound
from iopdesk.domain.kernel.records import site_today
from iopdesk.store.models import Client, Enrollment, TherapyGroup

CLIENT_COLUMNS = (
    "Chart number",
    "Last name",
    "First name",
    "Preferred name",
    "Date of birth",
    "Phone",
    "Emergency contact",
    "Emergency phone",
    "Admission date",
    "Status",
)
GROUP_COLUMNS = CLIENT_COLUMNS + (
    "Group",
    "Enrollment status",
    "Start date",
    "End date",
    "Wait list position",
)
ALL_COLUMNS = CLIENT_COLUMNS + ("Groups",)


def _client_cells(c: Client) -> list[object]:
    return [
        c.chart_number,
        c.legal_last,
        c.legal_first,
        c.preferred_name,
        c.date_of_birth,
        c.phone,
        c.emergency_contact_name,
        c.emergency_contact_phone,
        c.admission_date,
        vocab.CLIENT_STATUSES.get(c.status, c.status),
    ]


def export_roster(actor: Actor, group_name: str | None = None, *, today: dt.date | None = None) -> str:
    """A group's members and wait list, or (without a group) every client with their current groups."""
    disclosures.allowed(actor, "roster")
    today = today or site_today(actor)
    if group_name:
        group = find_group_by_name(group_name)
        if group is None:
            raise NotFound(f"There is no group called {group_name!r}.")
        header: tuple[str, ...] = GROUP_COLUMNS
        rows = _group_rows(group, today)
    else:
        header, rows = ALL_COLUMNS, _all_rows(today)
    disclosures.disclosed(actor, audit.EXPORT, "roster", group=group_name or "", rows=len(rows))
    return csv_text(header, rows, notice=settings.get("part2_notice"))


def _group_rows(group: TherapyGroup, today: dt.date) -> list[list[object]]:
    query = (
        Enrollment.select(Enrollment, Client)
        .join(Client)
        .where(
            (Enrollment.group == group.id)
            & Client.retired_at.is_null()
            & (
                holds_place_from(today)
                | ((Enrollment.status == "wait_listed") & Enrollment.retired_at.is_null())
            )
        )
    )
    members, waiting = [], []
    for e in query:
        if e.status == "wait_listed":
            waiting.append(e)
        else:
            members.append(e)
    members.sort(key=lambda e: (e.client.legal_last.lower(), e.client.legal_first.lower(), str(e.client_id)))
    waiting.sort(key=lambda e: (e.waitlist_position or 0, e.waitlisted_at or dt.datetime.min, str(e.id)))
    rows = [
        _client_cells(e.client)
        + [group.name, vocab.ENROLLMENT_STATUSES.get(e.status, e.status), e.start_date, e.end_date, ""]
        for e in members
    ]
    rows += [
        _client_cells(e.client) + [group.name, vocab.ENROLLMENT_STATUSES["wait_listed"], "", "", rank]
        for rank, e in enumerate(waiting, start=1)
    ]
    return rows


def _all_rows(today: dt.date) -> list[list[object]]:
    current: dict[object, list[str]] = {}
    query = (
        Enrollment.select(Enrollment.client, TherapyGroup.name)
        .join(TherapyGroup)
        .where(holds_place_from(today) & TherapyGroup.retired_at.is_null())
        .order_by(TherapyGroup.name)
        .tuples()
    )
    for client_id, name in query:
        current.setdefault(client_id, []).append(name)
    clients = (
        Client.select()
        .where(Client.retired_at.is_null())
        .order_by(Client.legal_last, Client.legal_first, Client.chart_number)
    )
    return [_client_cells(c) + ["; ".join(current.get(c.id, []))] for c in clients]
