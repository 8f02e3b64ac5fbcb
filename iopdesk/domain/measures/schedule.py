"""Which instruments are due: at intake, every N days, at discharge (the clinic's "measure_schedule";
defaults: PHQ-9 and GAD-7 every 30 days, AUDIT-C and DAST-10 at intake and at discharge).

Only clients in an open episode of care are due anything. For an instrument of the schedule:

- at intake: due on the admission date until given; a result up to "measure_window_days" before
  admission (at the screening) counts.
- every N days: the first is due on the admission date (the intake one when it is also given at
  intake), then N days after the latest result (corrections keep their result's date).
- at discharge: due on the discharge date while the discharge is being prepared (a discharge record
  not yet signed), unless given up to "measure_window_days" before that date.

Listed when due within "measure_due_notice_days" or overdue (``days_overdue`` > 0). ``due_items``
is the rule for one episode, with no database; ``due_for_client`` and ``due_list`` (Today) read it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from peewee import JOIN, fn

from iopdesk.domain.care.common import today_for
from iopdesk.domain.kernel import permissions, settings
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.domain.measures import instruments
from iopdesk.domain.measures.common import names_of_clients, require
from iopdesk.store.care_models import CareEpisode, Discharge
from iopdesk.store.measures_models import MeasureResult
from iopdesk.store.models import Client

OCCASIONS = {"intake": "At intake", "periodic": "Every {n} days", "discharge": "At discharge"}
MAX_EVERY = 365


@dataclass(frozen=True)
class ScheduleEntry:
    instrument: str
    intake: bool = False
    every_days: int = 0  # 0: not repeated
    discharge: bool = False


@dataclass(frozen=True)
class EpisodeFacts:
    """What the rule needs to know about one open episode."""

    client_id: UUID
    episode_id: UUID
    admitted_on: dt.date
    discharge_planned: dt.date | None  # a discharge being prepared, for this date


@dataclass(frozen=True)
class DueItem:
    client_id: UUID
    episode_id: UUID
    instrument: str
    title: str  # "PHQ-9"
    occasion: str  # intake / periodic / discharge
    occasion_label: str  # "Every 30 days"
    due_on: dt.date
    days_overdue: int  # > 0 overdue, 0 due today, < 0 days still to go
    last_given_on: dt.date | None
    client_name: str = ""  # "Sam R."
    chart_number: str = ""

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


def entries() -> tuple[ScheduleEntry, ...]:
    """The clinic's schedule; entries that are not well formed (written around the program) are skipped."""
    out: list[ScheduleEntry] = []
    for item in settings.get("measure_schedule"):
        try:
            out.append(_entry(item, len(out) + 1))
        except ValidationError:
            continue
    return tuple(out)


def _entry(item: Mapping[str, Any], number: int) -> ScheduleEntry:
    where = f"Schedule entry {number}"
    name = str(item.get("instrument") or "")
    if name not in instruments.INSTRUMENTS:
        raise ValidationError(f"{where}: unknown instrument {name!r}.", "instrument")
    every = item.get("every_days", 0)
    if isinstance(every, bool) or not isinstance(every, int) or not (every == 0 or 7 <= every <= MAX_EVERY):
        raise ValidationError(
            f"{where} ({instruments.get(name).title}): every N days must be 0 (not repeated) or from 7 to "
            f"{MAX_EVERY}; {every!r} is not.",
            "every_days",
        )
    entry = ScheduleEntry(name, bool(item.get("intake")), every, bool(item.get("discharge")))
    if not (entry.intake or entry.every_days or entry.discharge):
        raise ValidationError(
            f"{where} ({instruments.get(name).title}) is never due: choose intake, every N days, discharge.",
            "instrument",
        )
    return entry


def set_schedule(actor: Actor, schedule: Sequence[ScheduleEntry]) -> tuple[ScheduleEntry, ...]:
    """Change the clinic's schedule (administrators and supervisors, like every setting); each entry
    is checked, an instrument appears once, and the change is audited."""
    items = [
        {"instrument": e.instrument, "intake": e.intake, "every_days": e.every_days, "discharge": e.discharge}
        for e in schedule
    ]
    checked = [_entry(item, n) for n, item in enumerate(items, start=1)]
    seen: set[str] = set()
    for e in checked:
        if e.instrument in seen:
            raise ValidationError(
                f"{instruments.get(e.instrument).title} is in the schedule twice.", "instrument"
            )
        seen.add(e.instrument)
    if not items:
        raise ValidationError("The schedule needs at least one instrument.", "instrument")
    settings.set_value(actor, "measure_schedule", items)
    return tuple(checked)


def due_items(
    episode: EpisodeFacts,
    last_given: Mapping[str, dt.date],
    schedule: Sequence[ScheduleEntry],
    *,
    today: dt.date,
    window_days: int,
    notice_days: int,
) -> list[DueItem]:
    """The rule for one open episode: ``last_given`` holds the client's newest result date per
    instrument (any episode; only those from ``window_days`` before admission on count)."""
    window = dt.timedelta(days=window_days)
    out = []

    def add(entry: ScheduleEntry, occasion: str, due: dt.date, last: dt.date | None) -> None:
        if (due - today).days > notice_days:
            return
        label = OCCASIONS[occasion].format(n=entry.every_days)
        title = instruments.get(entry.instrument).title
        out.append(
            DueItem(
                episode.client_id,
                episode.episode_id,
                entry.instrument,
                title,
                occasion,
                label,
                due,
                (today - due).days,
                last,
            )
        )

    for entry in schedule:
        last = last_given.get(entry.instrument)
        if last is not None and last < episode.admitted_on - window:
            last = None  # from an earlier stay: this one starts afresh
        if last is None and (entry.intake or entry.every_days):
            add(entry, "intake" if entry.intake else "periodic", episode.admitted_on, None)
        elif last is not None and entry.every_days:
            add(entry, "periodic", last + dt.timedelta(days=entry.every_days), last)
        planned = episode.discharge_planned
        if entry.discharge and planned is not None and (last is None or last < planned - window):
            add(entry, "discharge", planned, last)
    return out


def _open_episodes(query_scope: Any, client_id: UUID | None) -> list[EpisodeFacts]:
    drafts = (
        Discharge.select(Discharge.episode, fn.MAX(Discharge.discharged_on).alias("planned"))
        .where((Discharge.status != "signed") & Discharge.retired_at.is_null())
        .group_by(Discharge.episode)
    )
    query = (
        CareEpisode.select(CareEpisode.id, CareEpisode.client, CareEpisode.admitted_on, drafts.c.planned)
        .join(Client, on=(CareEpisode.client == Client.id))
        .join(drafts, JOIN.LEFT_OUTER, on=(drafts.c.episode_id == CareEpisode.id))
        .where(
            CareEpisode.discharged_on.is_null()
            & CareEpisode.retired_at.is_null()
            & Client.retired_at.is_null()
        )
    )
    if client_id is not None:
        query = query.where(CareEpisode.client == client_id)
    if query_scope is not None:
        query = query.where(query_scope)
    out = []
    for episode_id, client, admitted, planned in query.tuples():
        if isinstance(planned, str):  # an aggregate comes back as stored text
            planned = dt.date.fromisoformat(planned)
        out.append(EpisodeFacts(client, episode_id, admitted, planned))
    return out


def _last_given(client_ids: Sequence[UUID]) -> dict[UUID, dict[str, dt.date]]:
    out: dict[UUID, dict[str, dt.date]] = {}
    for start in range(0, len(client_ids), 500):
        batch = client_ids[start : start + 500]
        for client, instrument, last in (
            MeasureResult.select(
                MeasureResult.client, MeasureResult.instrument, fn.MAX(MeasureResult.given_on)
            )
            .where(MeasureResult.client.in_(batch) & MeasureResult.retired_at.is_null())
            .group_by(MeasureResult.client, MeasureResult.instrument)
            .tuples()
        ):
            out.setdefault(client, {})[instrument] = (
                dt.date.fromisoformat(last) if isinstance(last, str) else last
            )
    return out


def _due(episodes: list[EpisodeFacts], today: dt.date) -> list[DueItem]:
    schedule = entries()
    if not episodes or not schedule:
        return []
    window, notice = settings.values("measure_window_days", "measure_due_notice_days").values()
    given = _last_given([e.client_id for e in episodes])
    names = names_of_clients(e.client_id for e in episodes)
    out = []
    for episode in episodes:
        name, chart = names.get(episode.client_id, ("", ""))
        for item in due_items(
            episode,
            given.get(episode.client_id, {}),
            schedule,
            today=today,
            window_days=window,
            notice_days=notice,
        ):
            out.append(_named(item, name, chart))
    out.sort(key=lambda d: (d.due_on, d.client_name.casefold(), d.title))
    return out


def _named(item: DueItem, name: str, chart: str) -> DueItem:
    from dataclasses import replace

    return replace(item, client_name=name, chart_number=chart)


def due_for_client(actor: Actor, client_id: UUID, *, today: dt.date | None = None) -> tuple[DueItem, ...]:
    """What the client is due now or soon (their chart)."""
    require(actor, permissions.MEASURE_READ, client_id, "measure_result", "due")
    return tuple(_due(_open_episodes(None, client_id), today_for(actor, today)))


def due_list(actor: Actor, *, today: dt.date | None = None, everyone: bool = False) -> tuple[DueItem, ...]:
    """Instruments due within the clinic's notice or overdue, for the clients in the actor's reach
    (a counselor's caseload, their treatment teams included; a supervisor's site): Today's list."""
    permissions.require(actor, permissions.MEASURE_READ, record_type="measure_result", record_id="due")
    scope = (
        None if everyone else permissions.client_scope(actor, permissions.MEASURE_READ, CareEpisode.client)
    )
    return tuple(_due(_open_episodes(scope, None), today_for(actor, today)))
