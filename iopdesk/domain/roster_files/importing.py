"""Importing a roster CSV: all rows or none.

The whole file is tried inside one transaction: every row is matched to an
existing client or created, and enrolled if it names a group. Any problem in
any row (or a dry run) rolls everything back, so the report lists every bad
row and the database is unchanged; a clean file is committed at once.
Importing the same file again finds the same clients and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from uuid import UUID

from peewee import fn

from iopdesk.domain.care.admission import open_admission
from iopdesk.domain.care.common import levels
from iopdesk.domain.clients.chart_numbers import next_chart_number
from iopdesk.domain.clients.clients import ClientDraft, add_client
from iopdesk.domain.enrollment.membership import holds_place_from
from iopdesk.domain.enrollment.placement import default_start_date, join_group
from iopdesk.domain.groups.groups import find_group_by_name
from iopdesk.domain.kernel import audit, settings
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError, ValidationError
from iopdesk.domain.kernel.permissions import ROSTER_IMPORT, require
from iopdesk.domain.kernel.records import save_changes, site_today
from iopdesk.domain.roster_files.reading import RosterRow, RowProblem, read_roster
from iopdesk.domain.roster_files.sheet_dates import DATE_ORDERS
from iopdesk.store import transaction
from iopdesk.store.models import Client, Enrollment, TherapyGroup

ImportProblem = RowProblem  # (line, field, reason)
# Why a population given in the file may differ from the one the birth date gives.
FROM_FILE = "Given in the imported roster file."


@dataclass(frozen=True)
class RowOutcome:
    """What one good row did (or, in a dry run, would do): the import preview's line."""

    line: int
    name: str  # legal first and last name, as in the file
    chart_number: str
    client: str  # "created" or "matched"
    group: str  # "" when the row joins no group
    enrollment: str  # "enrolled", "wait_listed", "already" (member or in line) or ""


@dataclass(frozen=True)
class ImportReport:
    rows: int  # non-blank rows below the header
    created: int
    matched: int  # rows that were already a client in IOPdesk
    enrolled: int
    wait_listed: int  # enrolled rows that found the group full
    errors: tuple[ImportProblem, ...]
    ignored_columns: tuple[str, ...]
    dry_run: bool
    outcomes: tuple[RowOutcome, ...] = ()  # empty when any row had a problem

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def imported(self) -> bool:
        """True when the rows were written (a clean file, not a dry run)."""
        return self.ok and not self.dry_run


class _RollBack(Exception):
    """Leaves the import transaction without keeping anything."""


def import_roster(
    actor: Actor,
    data: bytes,
    group_name: str | None = None,
    dry_run: bool = False,
    date_order: str | None = None,
    *,
    acknowledge_warnings: bool = False,
    today: dt.date | None = None,
) -> ImportReport:
    """Import clients (and enrollments) from a CSV file's bytes.

    ``group_name`` is the group every row joins unless the row names its own
    group. ``date_order`` ("MDY" or "DMY") defaults to the clinic setting.
    Keep-apart conflicts are row errors unless ``acknowledge_warnings``.
    """
    require(actor, ROSTER_IMPORT)
    order = (date_order or settings.get("date_order")).upper()
    if order not in DATE_ORDERS:
        raise ValidationError(
            "The date order must be MDY (month/day/year) or DMY (day/month/year).", field="date_order"
        )
    today = today or site_today(actor)
    parsed = read_roster(data, date_order=order, today=today)
    problems = list(parsed.problems)
    counts = {"created": 0, "matched": 0, "enrolled": 0, "wait_listed": 0}
    default_group: TherapyGroup | None = None
    if group_name and group_name.strip():
        default_group = find_group_by_name(group_name)
        if default_group is None:
            problems.append(RowProblem(1, "group", f"There is no group called {group_name.strip()!r}."))
    if parsed.rows:  # even with problems above, so the report lists every bad row
        importer = _Importer(
            actor,
            parsed.column,
            today,
            acknowledge_warnings,
            default_group,
            {r.chart_number for r in parsed.rows if r.chart_number},
        )
        try:
            with transaction():
                for row in parsed.rows:
                    problems.extend(importer.take(row))
                if problems or dry_run:
                    raise _RollBack
                # Each client and enrollment made has its own entry; this one says where they came from.
                details = dict(importer.counts, rows=parsed.data_rows, group=group_name or "")
                audit.record(actor, audit.IMPORT, record_type="roster", changes=details)
        except _RollBack:
            pass
        counts = importer.counts
        outcomes = tuple(importer.outcomes)
    else:
        outcomes = ()
    problems.sort(key=lambda p: p.line)
    if problems:
        counts = dict.fromkeys(counts, 0)  # nothing was imported
        outcomes = ()
    return ImportReport(
        rows=parsed.data_rows,
        errors=tuple(problems),
        ignored_columns=parsed.ignored_columns,
        dry_run=dry_run,
        outcomes=outcomes,
        **counts,
    )


class _Importer:
    """One row at a time, inside the caller's transaction."""

    def __init__(
        self,
        actor: Actor,
        column,
        today: dt.date,
        acknowledge: bool,  # type: ignore[no-untyped-def]
        default_group: TherapyGroup | None,
        file_charts: set[str],
    ) -> None:
        self.actor = actor
        self.column = column
        self.today = today
        self.acknowledge = acknowledge
        self.default_group = default_group
        self.reserved = set(file_charts)
        self.groups: dict[str, TherapyGroup | None] = {}
        self.counts = {"created": 0, "matched": 0, "enrolled": 0, "wait_listed": 0}
        self.outcomes: list[RowOutcome] = []
        self.created_on: dict[UUID, int] = {}  # client made by this import -> its line in the file

    def _group(self, name: str) -> TherapyGroup | None:
        key = " ".join(name.split()).lower()
        if key not in self.groups:
            self.groups[key] = find_group_by_name(name)
        return self.groups[key]

    def take(self, row: RosterRow) -> list[RowProblem]:
        problems: list[RowProblem] = []
        group = self.default_group
        if row.group:
            group = self._group(row.group)
            if group is None:
                problems.append(
                    RowProblem(row.line, self.column("group"), f"There is no group called {row.group!r}.")
                )
        created_before = self.counts["created"]
        client_id, client_problems = self._client(row)
        problems += client_problems
        enrollment = ""
        if client_id is not None and group is not None and not problems:
            enrollment, enroll_problems = self._enroll(row, client_id, group)
            problems += enroll_problems
        if client_id is not None and not problems:
            self.outcomes.append(
                RowOutcome(
                    line=row.line,
                    name=f"{row.legal_first} {row.legal_last}",
                    chart_number=Client.get_by_id(client_id).chart_number,
                    client="created" if self.counts["created"] > created_before else "matched",
                    group=group.name if group is not None else "",
                    enrollment=enrollment,
                )
            )
        return problems

    def _client(self, row: RosterRow) -> tuple[UUID | None, list[RowProblem]]:
        def same_person(c: Client) -> bool:
            return (c.legal_first.lower(), c.legal_last.lower(), c.date_of_birth) == (
                row.legal_first.lower(),
                row.legal_last.lower(),
                row.date_of_birth,
            )

        def alike() -> list[Client]:  # asked only when needed: it reads the whole client table
            return list(
                Client.select()
                .where(
                    (fn.LOWER(Client.legal_first) == row.legal_first.lower())
                    & (fn.LOWER(Client.legal_last) == row.legal_last.lower())
                    & (Client.date_of_birth == row.date_of_birth)
                    & Client.retired_at.is_null()
                )
                .limit(2)
            )

        if row.chart_number:
            existing = Client.get_or_none(Client.chart_number == row.chart_number)
            if existing is None and (same := alike()):
                # A new chart number for someone already here: most often the spreadsheet dropped the
                # number's leading zeros (00123 -> 123). Creating them again would make a second chart.
                line = self.created_on.get(same[0].id)
                return None, [_other_chart(row, same[0].chart_number, self.column("chart_number"), line)]
            if existing is not None:
                if not same_person(existing):
                    return None, [
                        RowProblem(
                            row.line,
                            self.column("chart_number"),
                            f"Chart number {row.chart_number} already belongs to a different "
                            "client in IOPdesk (the name or date of birth differs).",
                        )
                    ]
                if existing.retired_at is not None:
                    return None, [
                        RowProblem(
                            row.line,
                            self.column("chart_number"),
                            f"Chart number {row.chart_number} belongs to a retired record.",
                        )
                    ]
                self.counts["matched"] += 1
                return existing.id, []
        else:
            same = alike()
            if len(same) > 1:
                return None, [
                    RowProblem(
                        row.line,
                        "row",
                        "More than one client in IOPdesk has this name and date "
                        "of birth; add the chart number to say which.",
                    )
                ]
            if same:
                self.counts["matched"] += 1
                return same[0].id, []
        chart = row.chart_number or next_chart_number(self.reserved)
        self.reserved.add(chart)
        draft = ClientDraft(
            legal_first=row.legal_first,
            legal_last=row.legal_last,
            date_of_birth=row.date_of_birth,
            preferred_name=row.preferred_name,
            chart_number=chart,
            phone=row.phone,
            emergency_contact_name=row.emergency_contact_name,
            emergency_contact_phone=row.emergency_contact_phone,
            status=row.status or "active",
            admission_date=row.admission_date,
        )
        try:
            info = add_client(self.actor, draft, today=self.today)
            self._admission(row, info.id)
        except ValidationError as exc:
            return None, [RowProblem(row.line, self.column(exc.field or "row"), str(exc))]
        self.counts["created"] += 1
        self.created_on[info.id] = row.line
        return info.id, []

    def _admission(self, row: RosterRow, client_id: UUID) -> None:
        """A new client's level of care and population; with an admission date (and a status that
        says they are in care), their first episode of care, as admitting them would make it."""
        level = _clinic_level(row.level_of_care) if row.level_of_care is not None else None
        if row.level_of_care is not None and level is None:
            offered = "; ".join(
                label if code in label else f"{code}: {label}" for code, label in levels().items()
            )
            raise ValidationError(
                f"{row.level_of_care} is not one of the clinic's levels of care ({offered}).",
                field="level_of_care",
            )
        client = Client.get_by_id(client_id)
        if row.admission_date is not None and (row.status or "active") in ("active", "on_hold"):
            open_admission(
                self.actor,
                client,
                row.admission_date,
                level_of_care=level or "2.1",
                population=row.population,
                population_reason=FROM_FILE,
                weekly_target_minutes=None,
                referral_source="",
                primary_counselor_id=None,
                screening_id=None,
                today=self.today,
            )
            if row.status == "on_hold":
                save_changes(client, {"status": "on_hold"}, actor=self.actor)
            return
        changes = {"level_of_care": level, "population": row.population}
        changes = {k: v for k, v in changes.items() if v is not None}
        if changes:
            save_changes(client, changes, actor=self.actor)

    def _enroll(self, row: RosterRow, client_id: UUID, group: TherapyGroup) -> tuple[str, list[RowProblem]]:
        already = (
            Enrollment.select()
            .where(
                (Enrollment.client == client_id)
                & (Enrollment.group == group.id)
                & (holds_place_from(self.today) | (Enrollment.status == "wait_listed"))
                & Enrollment.retired_at.is_null()
            )
            .exists()
        )
        if already:
            return "already", []
        client = Client.get_by_id(client_id)
        try:
            with transaction():
                start = default_start_date(group, client, self.today)
                enrollment = join_group(
                    self.actor,
                    client,
                    group,
                    start,
                    override_reason="",
                    acknowledge_warnings=self.acknowledge,
                    today=self.today,
                    when_full="wait_list",
                )
        except DomainError as exc:
            return "", [RowProblem(row.line, self.column("group"), str(exc))]
        outcome = "wait_listed" if enrollment.status == "wait_listed" else "enrolled"
        self.counts[outcome] += 1
        return outcome, []


def _clinic_level(text: str) -> str | None:
    """The code of a level the clinic offers, from its code ("2.1") or as its label names it: whole
    ("Level 2.1: Intensive outpatient (IOP)"), after the colon ("Intensive outpatient"), or the short
    name in brackets ("IOP"), which is what a clinic's own sheets usually say."""
    offered = levels()
    if text in offered:
        return text
    wanted = " ".join(text.split()).lower()
    for code, label in offered.items():
        named = label.lower()
        plain = named.partition(":")[2] or named
        if wanted in (named, plain.strip(), re.sub(r"\s*\([^()]*\)", "", plain).strip()):
            return code
        if wanted in (m.strip() for m in re.findall(r"\(([^()]+)\)", named)):
            return code
    return None


def _other_chart(row: RosterRow, chart: str, column: str, line: int | None) -> RowProblem:
    if line is not None:
        return RowProblem(
            row.line,
            column,
            f"The same person (name and date of birth) is also on line {line}, "
            f"with chart number {chart}; keep one row.",
        )
    why = (
        "the spreadsheet dropped its leading zeros: format that column as Text"
        if chart.lstrip("0") == row.chart_number.lstrip("0")
        else "correct the chart number in the file"
    )
    return RowProblem(
        row.line,
        column,
        f"A client with this name and date of birth is already in IOPdesk as chart number {chart}, "
        f"not {row.chart_number}; {why}, or leave the cell empty to match by name and date of birth.",
    )
