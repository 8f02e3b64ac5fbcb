"""The client's chart: one read-model per section of a chart screen, the whole chart at once, and
what the printed chart (a disclosure: ``iopdesk export chart``) carries.

Each section call takes the actor first, checks the permission matrix (the chart is in reach of
the client's caseload, treatment team included) and writes one audit entry unless told it is a
refresh (``audited=False``); ``open_chart`` reads every section with a single entry. Everything
returned is a frozen value a screen can hold on any thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from uuid import UUID

from iopdesk.domain.care import discharge as discharges
from iopdesk.domain.care import episodes as episode_rules
from iopdesk.domain.care import note_goals, plans, reviews, screening
from iopdesk.domain.care import team as team_rules
from iopdesk.domain.care.common import client_name, level_label, load_client, require, staff_names, today_for
from iopdesk.domain.care.discharge import DischargeView, StayFacts
from iopdesk.domain.care.episodes import EpisodeView
from iopdesk.domain.care.note_goals import GoalNoteRef
from iopdesk.domain.care.plans import PlanVersionView
from iopdesk.domain.care.reviews import ReviewView
from iopdesk.domain.care.screening import ScreeningView
from iopdesk.domain.care.team import TeamView
from iopdesk.domain.clients.population import age_on, population_for
from iopdesk.domain.kernel import audit, permissions, settings, vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.clock import utcnow
from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.domain.notes.goals import notes_with_goals
from iopdesk.store import transaction
from iopdesk.store.care_models import CareEpisode, Screening
from iopdesk.store.models import Client, Site


@dataclass(frozen=True)
class ChartHeader:
    client_id: UUID
    name: str  # legal name (preferred name in brackets)
    chart_number: str
    date_of_birth: dt.date
    age: int
    status: str
    home_site_name: str
    population: str  # in force (the hours floor follows it)
    derived_population: str  # what the birth date gives today
    level_of_care: str
    level_label: str
    weekly_target_minutes: int | None
    primary_counselor_name: str
    episode_number: int | None  # None: never admitted
    admitted_on: dt.date | None
    discharged_on: dt.date | None

    @property
    def status_label(self) -> str:
        return vocab.CLIENT_STATUSES.get(self.status, self.status)

    @property
    def population_label(self) -> str:
        return vocab.POPULATIONS.get(self.population, self.population)

    @property
    def came_of_age(self) -> bool:
        """Treated as an adolescent, an adult by the birth date today: time to look again."""
        return self.population == "adolescent" and self.derived_population == "adult"


@dataclass(frozen=True)
class PlanSection:
    in_force: PlanVersionView | None
    working: PlanVersionView | None  # a draft or a version returned for changes
    versions: tuple[PlanVersionView, ...]  # oldest first
    reviews: tuple[ReviewView, ...]  # of the plan in force, oldest first
    last_reviewed_on: dt.date | None
    next_review_due: dt.date | None
    days_overdue: int | None  # > 0: the review is overdue
    notes_by_goal: Mapping[UUID, tuple[GoalNoteRef, ...]]


@dataclass(frozen=True)
class ChartView:
    header: ChartHeader
    episodes: tuple[EpisodeView, ...]  # oldest first
    episode: EpisodeView | None  # the one shown: the open one, else the latest
    screenings: tuple[ScreeningView, ...]  # newest first
    team: TeamView
    plan: PlanSection
    discharge: DischargeView | None
    stay: StayFacts | None  # sessions and hours of the episode shown, to date
    screening_notice: str = screening.NOTICE


def _header(client: Client, episode: CareEpisode | None, count: int, today: dt.date) -> ChartHeader:
    site = Site.get_or_none(Site.id == client.home_site_id)
    names = staff_names([client.primary_counselor_id])
    return ChartHeader(
        client_id=client.id,
        name=client_name(client),
        chart_number=client.chart_number,
        date_of_birth=client.date_of_birth,
        age=age_on(client.date_of_birth, today),
        status=client.status,
        home_site_name=site.name if site else "",
        population=client.population,
        derived_population=population_for(client.date_of_birth, today),
        level_of_care=client.level_of_care,
        level_label=level_label(client.level_of_care),
        weekly_target_minutes=client.weekly_target_minutes,
        primary_counselor_name=names.get(client.primary_counselor_id, "")
        if client.primary_counselor_id
        else "",
        episode_number=episode.number if episode else None,
        admitted_on=episode.admitted_on if episode else client.admission_date,
        discharged_on=episode.discharged_on if episode else client.discharge_date,
    )


def _shown(rows: list[CareEpisode], episode_id: UUID | None) -> CareEpisode | None:
    if episode_id is not None:
        chosen = next((r for r in rows if r.id == episode_id), None)
        if chosen is None:
            raise ValidationError("That episode is not one of this client's.", field="episode_id")
        return chosen
    open_ones = [r for r in rows if r.discharged_on is None]
    if open_ones:
        return open_ones[-1]
    return rows[-1] if rows else None


def chart_header(
    actor: Actor, client_id: UUID, *, audited: bool = True, today: dt.date | None = None
) -> ChartHeader:
    """Who the chart is about and the terms they are treated on now."""
    require(actor, permissions.CARE_READ, client_id, "client")
    day = today_for(actor, today)
    with transaction():
        client = load_client(client_id)
        rows = episode_rules.client_episodes(client_id)
        if audited:
            audit.record(actor, audit.VIEW, client_id=client_id, record_type="care_chart", record_id="header")
    return _header(client, _shown(rows, None), len(rows), day)


def _plan_section(client_id: UUID, episode: CareEpisode | None, today: dt.date) -> PlanSection:
    if episode is None:
        return PlanSection(None, None, (), (), None, None, None, {})
    rows = plans.version_rows(episode.id)
    versions = plans.views(rows)
    in_force = next((v for v in versions if v.in_force), None)
    working = next((v for v in reversed(versions) if v.editable), None)
    review_views: tuple[ReviewView, ...] = ()
    last = due = None
    overdue = None
    if in_force is not None:
        row = next(r for r in rows if r.id == in_force.id)
        review_views = tuple(reviews.views(reviews.review_rows([row.id])))
        last, due = plans.review_clock(row)
        if due is not None and episode.discharged_on is None:
            overdue = (today - due).days
    found = notes_with_goals([client_id], episode.admitted_on, episode.discharged_on)
    return PlanSection(
        in_force, working, tuple(versions), review_views, last, due, overdue, note_goals.group_by_goal(found)
    )


def plan_section(
    actor: Actor,
    client_id: UUID,
    episode_id: UUID | None = None,
    *,
    audited: bool = True,
    today: dt.date | None = None,
) -> PlanSection:
    """The plan of an episode: the version in force, the one being written, every version, the
    reviews of the one in force and when the next is due, and which notes addressed each goal."""
    require(actor, permissions.CARE_READ, client_id, "care_plan")
    day = today_for(actor, today)
    with transaction():
        load_client(client_id)
        episode = _shown(episode_rules.client_episodes(client_id), episode_id)
        section = _plan_section(client_id, episode, day)
        if audited:
            audit.record(
                actor,
                audit.VIEW,
                client_id=client_id,
                record_type="care_plan",
                record_id=episode.id if episode else "",
                changes={"versions": len(section.versions)},
            )
    return section


def open_chart(
    actor: Actor, client_id: UUID, episode_id: UUID | None = None, *, today: dt.date | None = None
) -> ChartView:
    """Every section of the chart of one episode (default: the open one, else the latest), with one
    audit entry."""
    require(actor, permissions.CARE_READ, client_id, "client")
    day = today_for(actor, today)
    with transaction():
        client = load_client(client_id)
        rows = episode_rules.client_episodes(client_id)
        shown = _shown(rows, episode_id)
        episode_views = episode_rules.episode_views(client, rows, day)
        screening_rows = list(
            Screening.select()
            .where((Screening.client == client_id) & Screening.retired_at.is_null())
            .order_by(Screening.screened_on.desc(), Screening.created_at.desc())
        )
        discharge_row = discharges.discharge_row(shown.id) if shown is not None else None
        stay = None
        if shown is not None:
            until = shown.discharged_on or max(day, shown.admitted_on)
            stay = discharges.stay_facts(client_id, shown.admitted_on, until)
        view = ChartView(
            header=_header(client, shown, len(rows), day),
            episodes=tuple(episode_views),
            episode=next((e for e in episode_views if shown is not None and e.id == shown.id), None),
            screenings=tuple(screening.views(screening_rows)),
            team=team_rules.team_view(client_id, shown, day),
            plan=_plan_section(client_id, shown, day),
            discharge=discharges.views([discharge_row])[0] if discharge_row is not None else None,
            stay=stay,
        )
        audit.record(
            actor,
            audit.VIEW,
            client_id=client_id,
            record_type="care_chart",
            record_id=shown.id if shown else "",
            changes={"episode": shown.number if shown else None},
        )
    return view


# --- the printed chart ------------------------------------------------------------------------


@dataclass(frozen=True)
class EpisodePrint:
    episode: EpisodeView
    team: TeamView
    plans: tuple[PlanVersionView, ...]  # signed versions in force during the period, oldest first
    reviews: tuple[ReviewView, ...]  # signed reviews in the period
    discharge: DischargeView | None  # signed, when it falls in the period
    stay: StayFacts
    notes_by_goal: Mapping[UUID, tuple[GoalNoteRef, ...]]


@dataclass(frozen=True)
class ChartPacket:
    clinic_name: str
    part2_notice: str
    header: ChartHeader
    start: dt.date | None
    end: dt.date | None
    screenings: tuple[ScreeningView, ...]  # signed, in the period, oldest first
    episodes: tuple[EpisodePrint, ...]  # overlapping the period, oldest first
    prepared_by: str
    prepared_at: dt.datetime  # UTC
    screening_notice: str = screening.NOTICE


SIGNED = ("signed", "pending_cosign")


def chart_for_print(
    actor: Actor,
    client_id: UUID,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    how: str = audit.EXPORT,
    today: dt.date | None = None,
) -> ChartPacket:
    """What the printed chart carries: signed records only (drafts are not part of the record), for
    the period asked (default: everything). Taking it is a disclosure: the audit entry is committed
    before this returns, so before any file is written."""
    if start is not None and end is not None and start > end:
        raise ValidationError("The first date must not be after the last date.", field="start")
    require(actor, permissions.CARE_READ, client_id, "care_chart", "print")
    permissions.require(
        actor, permissions.REPORT_EXPORT, client_id=client_id, record_type="report", record_id="chart"
    )
    permissions.require(actor, permissions.NOTE_READ, client_id=client_id, record_type="note")
    day = today_for(actor, today)
    lo, hi = start or dt.date.min, end or dt.date.max
    with transaction():
        client = load_client(client_id)
        rows = episode_rules.client_episodes(client_id)
        views = episode_rules.episode_views(client, rows, day)
        printed = []
        for row, view in zip(rows, views, strict=True):
            if row.admitted_on > hi or (row.discharged_on is not None and row.discharged_on < lo):
                continue
            printed.append(_episode_print(client_id, row, view, lo, hi, day))
        screened = [
            s
            for s in screening.views(
                list(
                    Screening.select()
                    .where(
                        (Screening.client == client_id)
                        & Screening.retired_at.is_null()
                        & Screening.status.in_(SIGNED)
                    )
                    .order_by(Screening.screened_on, Screening.created_at)
                )
            )
            if lo <= s.screened_on <= hi
        ]
        packet = ChartPacket(
            clinic_name=settings.get("clinic_name"),
            part2_notice=settings.get("part2_notice"),
            header=_header(client, _shown(rows, None), len(rows), day),
            start=start,
            end=end,
            screenings=tuple(screened),
            episodes=tuple(printed),
            prepared_by=staff_names([actor.staff_id]).get(actor.staff_id, ""),
            prepared_at=utcnow(),
        )
        audit.record(
            actor,
            how,
            client_id=client_id,
            record_type="report",
            record_id="chart",
            changes={
                "start": start,
                "end": end,
                "episodes": [e.episode.number for e in printed],
                "screenings": len(screened),
            },
        )
    return packet


def _episode_print(
    client_id: UUID, row: CareEpisode, view: EpisodeView, lo: dt.date, hi: dt.date, today: dt.date
) -> EpisodePrint:
    versions = [v for v in plans.views(plans.version_rows(row.id)) if v.status in SIGNED + ("superseded",)]
    kept = []
    for n, v in enumerate(versions):
        until = versions[n + 1].signed_on if n + 1 < len(versions) else None
        if v.signed_on is not None and v.signed_on <= hi and (until is None or until >= lo):
            kept.append(v)
    review_list = [
        r
        for r in reviews.views(reviews.review_rows([v.id for v in kept]))
        if r.status in SIGNED and lo <= r.reviewed_on <= hi
    ]
    discharge_row = discharges.discharge_row(row.id)
    shown_discharge = None
    if (
        discharge_row is not None
        and discharge_row.status in SIGNED
        and lo <= discharge_row.discharged_on <= hi
    ):
        shown_discharge = discharges.views([discharge_row])[0]
    until = min(row.discharged_on or today, hi)
    since = max(row.admitted_on, lo)
    stay = discharges.stay_facts(client_id, since, max(since, until))
    found = notes_with_goals([client_id], since, until)
    return EpisodePrint(
        view,
        team_rules.team_view(client_id, row, min(today, until)),
        tuple(kept),
        tuple(review_list),
        shown_discharge,
        stay,
        note_goals.group_by_goal(found),
    )
