"""Clients: adding, editing and finding them as the counselor types."""

from __future__ import annotations

import dataclasses
import datetime as dt
import operator
from dataclasses import dataclass
from functools import reduce
from typing import Any
from uuid import UUID

from peewee import JOIN, Case, fn

from iopdesk.domain.clients.chart_numbers import next_chart_number, normalize_chart
from iopdesk.domain.clients.population import population_for
from iopdesk.domain.kernel import audit, vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.display import day_text
from iopdesk.domain.kernel.errors import NotFound, ValidationError
from iopdesk.domain.kernel.permissions import CLIENT_EDIT, CLIENT_VIEW, require
from iopdesk.domain.kernel.records import check_choice, clean_text, save_changes, site_today
from iopdesk.store import transaction
from iopdesk.store.models import Client, Enrollment, Site, Staff

SEARCH_LIMIT = 25
EARLIEST_BIRTH = dt.date(1900, 1, 1)


@dataclass(frozen=True)
class ClientDraft:
    """What the add/edit form holds. A blank chart number asks IOPdesk to make one."""

    legal_first: str
    legal_last: str
    date_of_birth: dt.date
    preferred_name: str = ""
    chart_number: str = ""
    phone: str = ""
    emergency_contact_name: str = ""
    emergency_contact_phone: str = ""
    home_site_id: UUID | None = None  # None: the acting staff member's site
    primary_counselor_id: UUID | None = None
    status: str = "active"
    admission_date: dt.date | None = None
    discharge_date: dt.date | None = None


EDITABLE = tuple(f.name for f in dataclasses.fields(ClientDraft))


@dataclass(frozen=True)
class ClientInfo:
    id: UUID
    legal_first: str
    legal_last: str
    preferred_name: str
    date_of_birth: dt.date
    chart_number: str
    phone: str
    emergency_contact_name: str
    emergency_contact_phone: str
    home_site_id: UUID
    home_site_name: str
    primary_counselor_id: UUID | None
    primary_counselor_name: str
    status: str
    admission_date: dt.date | None
    discharge_date: dt.date | None
    version: int

    @property
    def display_name(self) -> str:
        return display_name(self.legal_first, self.legal_last, self.preferred_name)


@dataclass(frozen=True)
class ClientSummary:
    """One line of the search-as-you-type list."""

    id: UUID
    display_name: str
    legal_first: str
    legal_last: str
    preferred_name: str
    chart_number: str
    date_of_birth: dt.date
    status: str


def display_name(first: str, last: str, preferred: str) -> str:
    return f"{first} ({preferred}) {last}" if preferred and preferred != first else f"{first} {last}"


def search_text_for(first: str, last: str, preferred: str, chart: str) -> str:
    return f"{first} {last} {preferred} {chart}".lower()


def _info(row: Client, site_name: str | None = None, counselor_name: str | None = None) -> ClientInfo:
    """The record as screens show it; ``site_name`` and ``counselor_name`` when already read with it
    (_load_info), else read here."""
    if site_name is None:
        site_name = Site.get_by_id(row.home_site_id).name
    if counselor_name is None:
        counselor = (
            Staff.get_or_none(Staff.id == row.primary_counselor_id) if row.primary_counselor_id else None
        )
        counselor_name = counselor.display_name if counselor else ""
    return ClientInfo(
        id=row.id,
        legal_first=row.legal_first,
        legal_last=row.legal_last,
        preferred_name=row.preferred_name,
        date_of_birth=row.date_of_birth,
        chart_number=row.chart_number,
        phone=row.phone,
        emergency_contact_name=row.emergency_contact_name,
        emergency_contact_phone=row.emergency_contact_phone,
        home_site_id=row.home_site_id,
        home_site_name=site_name,
        primary_counselor_id=row.primary_counselor_id,
        primary_counselor_name=counselor_name,
        status=row.status,
        admission_date=row.admission_date,
        discharge_date=row.discharge_date,
        version=row.version,
    )


def load_client(client_id: UUID) -> Client:
    row = Client.get_or_none((Client.id == client_id) & Client.retired_at.is_null())
    if row is None:
        raise NotFound("That client is not in IOPdesk (the record may have been retired).")
    return row


def _load_info(client_id: UUID) -> ClientInfo:
    """load_client and _info in one query (the site's and the counselor's names joined in)."""
    row = (
        Client.select(Client, Site.name.alias("site_name"), Staff.display_name.alias("counselor_name"))
        .join(Site, JOIN.LEFT_OUTER, on=(Client.home_site == Site.id))
        .switch(Client)
        .join(Staff, JOIN.LEFT_OUTER, on=(Client.primary_counselor == Staff.id))
        .where((Client.id == client_id) & Client.retired_at.is_null())
        .objects()
        .first()
    )
    if row is None:
        raise NotFound("That client is not in IOPdesk (the record may have been retired).")
    counselor = row.counselor_name if row.primary_counselor_id is not None else ""
    return _info(row, row.site_name, counselor)


def get_client(actor: Actor, client_id: UUID, *, audited: bool = True) -> ClientInfo:
    """Opening a client's record: the audit trail notes who looked (``audited=False``: a refresh of
    the record the same person already has open)."""
    require(actor, CLIENT_VIEW, client_id=client_id)
    if not audited:
        return _load_info(client_id)
    with transaction():
        info = _load_info(client_id)
        audit.record(actor, audit.VIEW, client_id=client_id, record_type="client", record_id=client_id)
    return info


def _validated(
    actor: Actor, values: dict[str, Any], today: dt.date, client_id: UUID | None
) -> dict[str, Any]:
    """Column values for a client row, or a ValidationError naming the first bad field."""
    out: dict[str, Any] = {
        "legal_first": clean_text(
            values["legal_first"], field="legal_first", label="Legal first name", max_len=80, required=True
        ),
        "legal_last": clean_text(
            values["legal_last"], field="legal_last", label="Legal last name", max_len=80, required=True
        ),
        "preferred_name": clean_text(
            values["preferred_name"], field="preferred_name", label="Preferred name", max_len=80
        ),
        "phone": clean_text(values["phone"], field="phone", label="Phone", max_len=40),
        "emergency_contact_name": clean_text(
            values["emergency_contact_name"],
            field="emergency_contact_name",
            label="Emergency contact",
            max_len=120,
        ),
        "emergency_contact_phone": clean_text(
            values["emergency_contact_phone"],
            field="emergency_contact_phone",
            label="Emergency contact phone",
            max_len=40,
        ),
    }
    dob = values["date_of_birth"]
    if not isinstance(dob, dt.date):
        raise ValidationError("Date of birth is required.", field="date_of_birth")
    if dob > today:
        raise ValidationError("Date of birth cannot be in the future.", field="date_of_birth")
    if dob < EARLIEST_BIRTH:
        raise ValidationError("Date of birth is before 1900; check the year.", field="date_of_birth")
    out["date_of_birth"] = dob

    chart = normalize_chart(values["chart_number"] or "")
    if len(chart) > 40:
        raise ValidationError("Chart number is too long (at most 40 characters).", field="chart_number")
    if chart:
        clash = Client.select(Client.id).where(Client.chart_number == chart)
        if client_id is not None:
            clash = clash.where(Client.id != client_id)
        if clash.exists():
            raise ValidationError(
                f"Chart number {chart} already belongs to another client.", field="chart_number"
            )
    out["chart_number"] = chart

    site_id = values["home_site_id"] or actor.site_id
    if not Site.select().where((Site.id == site_id) & (Site.active == True)).exists():  # noqa: E712
        raise ValidationError("Choose an open site as the client's home site.", field="home_site_id")
    out["home_site"] = site_id

    counselor_id = values["primary_counselor_id"]
    if (
        counselor_id is not None
        and not Staff.select()
        .where(
            (Staff.id == counselor_id) & (Staff.active == True)  # noqa: E712
        )
        .exists()
    ):
        raise ValidationError(
            "The primary counselor must be an active staff member.", field="primary_counselor_id"
        )
    out["primary_counselor"] = counselor_id

    status = check_choice(values["status"], vocab.CLIENT_STATUSES, field="status", label="Status")
    out["status"] = status

    admission = values["admission_date"]
    if admission is not None:
        if admission < dob:
            raise ValidationError("Admission date is before the date of birth.", field="admission_date")
        if client_id is not None:
            first_start = (
                Enrollment.select(fn.MIN(Enrollment.start_date))
                .where((Enrollment.client == client_id) & Enrollment.start_date.is_null(False))
                .scalar()
            )
            if first_start is not None and first_start < admission:
                raise ValidationError(
                    f"The client already has a group enrollment from {day_text(first_start)}; "
                    "the admission date cannot be later than that.",
                    field="admission_date",
                )
    out["admission_date"] = admission

    discharge = values["discharge_date"]
    if status == "discharged":
        discharge = discharge or today
        if admission is not None and discharge < admission:
            raise ValidationError("Discharge date is before the admission date.", field="discharge_date")
    else:
        discharge = None  # back in care: a discharge date would contradict the status
    out["discharge_date"] = discharge
    return out


def add_client(actor: Actor, draft: ClientDraft, *, today: dt.date | None = None) -> ClientInfo:
    require(actor, CLIENT_EDIT)
    today = today or site_today(actor)
    with transaction():
        values = _validated(actor, dataclasses.asdict(draft), today, None)
        # The hours floor differs for adolescents: a new client's population follows the birth
        # date (admission may settle it otherwise, with a reason: iopdesk.domain.care.episodes).
        values["population"] = population_for(values["date_of_birth"], values["admission_date"] or today)
        if not values["chart_number"]:
            values["chart_number"] = next_chart_number()
        values["search_text"] = search_text_for(
            values["legal_first"], values["legal_last"], values["preferred_name"], values["chart_number"]
        )
        row = Client.create(origin_site=actor.site_id, **values)
        del values["search_text"]
        audit.record_row(actor, audit.CREATE, row, audit.created(values))
    return _info(row)


def update_client(
    actor: Actor,
    client_id: UUID,
    *,
    expected_version: int | None = None,
    today: dt.date | None = None,
    **changes: Any,
) -> ClientInfo:
    """Change any of the ClientDraft fields; the others keep their values."""
    require(actor, CLIENT_EDIT, client_id=client_id, record_type="client", record_id=client_id)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(f"Clients have no field {sorted(unknown)[0]!r}.", field=sorted(unknown)[0])
    today = today or site_today(actor)
    with transaction():
        row = load_client(client_id)
        current = {
            name: getattr(row, name)
            for name in EDITABLE
            if name not in ("home_site_id", "primary_counselor_id")
        }
        current["home_site_id"] = row.home_site_id
        current["primary_counselor_id"] = row.primary_counselor_id
        if changes.get("status", row.status) == "discharged" and row.status != "discharged":
            current["discharge_date"] = None  # a fresh discharge defaults to today unless given
        current.update(changes)
        if "chart_number" in changes and not normalize_chart(changes["chart_number"] or ""):
            current["chart_number"] = row.chart_number  # blanking the field keeps the number
        values = _validated(actor, current, today, row.id)
        values["search_text"] = search_text_for(
            values["legal_first"], values["legal_last"], values["preferred_name"], values["chart_number"]
        )
        was_discharged = row.status == "discharged"
        save_changes(row, values, expected_version=expected_version, actor=actor)
        if values["status"] == "discharged" and not was_discharged:
            _end_enrollments_at_discharge(actor, row.id, values["discharge_date"])
    return _info(row)


def _end_enrollments_at_discharge(actor: Actor, client_id: UUID, discharge: dt.date) -> None:
    """A discharged client leaves every group and wait list; past sessions are left alone."""
    rows = Enrollment.select().where(
        (Enrollment.client == client_id) & Enrollment.status.in_(("wait_listed",) + vocab.CURRENT_ENROLLMENT)
    )
    for enrollment in rows:
        changes: dict[str, Any] = {
            "status": "discharged",
            "end_reason": "discharged",
            "waitlist_position": None,
        }
        if enrollment.status == "wait_listed" or enrollment.start_date is None:
            changes["end_comment"] = "Discharged while on the wait list."
        elif enrollment.start_date > discharge:
            # Never began: no end date, so no session ever expects the client.
            changes["end_comment"] = "Discharged before this enrollment began."
        elif enrollment.end_date is None or enrollment.end_date > discharge:
            changes["end_date"] = discharge
        save_changes(enrollment, changes, actor=actor)


def search_clients(
    actor: Actor, text: str, *, limit: int = SEARCH_LIMIT, include_discharged: bool = True
) -> list[ClientSummary]:
    """Clients whose name, preferred name or chart number has words starting with what was typed.

    Each typed word must start a word of ``search_text`` ("jo sm" finds John
    Smith). An exact chart number comes first; the list is capped at ``limit``.
    """
    tokens = text.lower().split()[:6]
    # Only what a line shows, in one query: the exact chart number (if any) first, then the rest.
    base = Client.select(
        Client.id,
        Client.legal_first,
        Client.legal_last,
        Client.preferred_name,
        Client.chart_number,
        Client.date_of_birth,
        Client.status,
    ).where(Client.retired_at.is_null())
    if not include_discharged:
        base = base.where(Client.status != "discharged")
    order: list[Any] = [Client.legal_last, Client.legal_first, Client.id]
    if tokens:
        exact = Client.chart_number == normalize_chart(text)
        words = [Client.search_text.startswith(t) | Client.search_text.contains(" " + t) for t in tokens]
        base = base.where(exact | reduce(operator.and_, words))
        order.insert(0, Case(None, [(exact, 0)], 1))
    found = list(base.order_by(*order).limit(limit))
    return [
        ClientSummary(
            id=r.id,
            display_name=display_name(r.legal_first, r.legal_last, r.preferred_name),
            legal_first=r.legal_first,
            legal_last=r.legal_last,
            preferred_name=r.preferred_name,
            chart_number=r.chart_number,
            date_of_birth=r.date_of_birth,
            status=r.status,
        )
        for r in found[:limit]
    ]
