"""What the trend charts draw: each instrument's totals over the client's episode with its bands behind,
detox scores over hours with the clinic's threshold, and drug-screen results week by week.

Plain frozen values (no Qt): iopdesk.render.trend_chart draws them on screen and into the chart PDF.
Only current results are drawn (a corrected one is replaced by its correction).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from uuid import UUID

from iopdesk.domain.care.common import today_for
from iopdesk.domain.kernel import audit, clock, permissions, settings
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.display import day_text
from iopdesk.domain.measures import bam, detox, detox_limits, instruments, results, schedule, scoring, screens
from iopdesk.domain.measures.alerts import SafetyAlertView, client_alerts
from iopdesk.domain.measures.common import clinic_cutoffs, require
from iopdesk.domain.measures.cutoffs import AUDIT_C_MAX, CutOffs
from iopdesk.domain.measures.model import Band
from iopdesk.domain.measures.vocab import SUBSTANCES
from iopdesk.store import transaction
from iopdesk.store.care_models import CareEpisode

# Worst first: the week's cell shows the worst result of that week.
RESULT_ORDER = ("positive", "invalid", "expected_positive", "negative")


@dataclass(frozen=True)
class BandArea:
    low: float
    high: float
    label: str
    level: float  # 0 best … 1 worst: how strongly it is tinted


@dataclass(frozen=True)
class Point:
    at: dt.datetime  # UTC
    value: float
    flagged: bool = False  # drawn as an alert (a safety alert, a detox threshold reached)
    label: str = ""  # for a tooltip: "12 · Moderate (10-14) · Mar 3, 2026"


@dataclass(frozen=True)
class Line:
    name: str  # "" for a chart of one line
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Series:
    key: str
    title: str  # "PHQ-9"
    caption: str  # "Episode 2: admitted Mar 3, 2026, in care"
    y_max: float
    bands: tuple[BandArea, ...]
    lines: tuple[Line, ...]
    start: dt.datetime  # the x axis, UTC
    end: dt.datetime
    x_unit: str = "days"  # "days": dates under the axis; "hours": hours since the start
    threshold: float | None = None  # a dashed line (a detox threshold for a higher level of care)
    threshold_label: str = ""

    @property
    def empty(self) -> bool:
        return not any(line.points for line in self.lines)


@dataclass(frozen=True)
class ScreenGrid:
    title: str
    weeks: tuple[dt.date, ...]  # Mondays, oldest first
    substances: tuple[tuple[str, str], ...]  # (key, label), panel order
    cells: Mapping[tuple[str, int], str] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        object.__setattr__(self, "cells", MappingProxyType(dict(self.cells)))

    @property
    def empty(self) -> bool:
        return not self.cells


@dataclass(frozen=True)
class ClientTrends:
    caption: str
    series: tuple[Series, ...]  # one per instrument given, in registry order
    detox: tuple[Series, ...]  # one per detox episode, newest first
    screens: ScreenGrid


def bands_for(instrument_id: str, cutoffs: CutOffs, sex: str = "") -> tuple[BandArea, ...]:
    """The instrument's bands as areas to tint behind its line (none for the BAM)."""
    if instrument_id == "auditc":
        cut = {"female": cutoffs.auditc_positive_women, "male": cutoffs.auditc_positive_men}.get(
            sex, min(cutoffs.auditc_positive_women, cutoffs.auditc_positive_men)
        )
        return (
            BandArea(0, cut, f"Negative (under {cut})", 0.0),
            BandArea(cut, AUDIT_C_MAX, f"Positive ({cut} or more)", 1.0),
        )
    known: dict[str, tuple[Band, ...]] = {
        "phq9": scoring.PHQ9_BANDS,
        "gad7": scoring.GAD7_BANDS,
        "audit": scoring.AUDIT_ZONES,
        "dast10": scoring.DAST10_BANDS,
        "ciwa-ar": scoring.ciwa_bands(cutoffs),
        "cows": scoring.COWS_BANDS,
    }
    found = known.get(instrument_id, ())
    n = max(len(found) - 1, 1)
    # A band runs from its low total to the next band's low: the areas touch, with no gaps.
    return tuple(
        BandArea(b.low, found[i + 1].low if i + 1 < len(found) else b.high, b.label, i / n)
        for i, b in enumerate(found)
    )


def _y_max(instrument_id: str) -> float:
    if instrument_id == "bam":
        return 24.0
    return float(sum(item.max_points for item in instruments.get(instrument_id).items if item.scored))


def _when(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12))


def instrument_series(
    views: Sequence[results.ResultView],
    instrument_id: str,
    start: dt.date,
    end: dt.date,
    *,
    caption: str = "",
    cutoffs: CutOffs | None = None,
) -> Series:
    """One instrument's current results between two dates (both included) as a chart."""
    cut = cutoffs or clinic_cutoffs()
    instrument = instruments.get(instrument_id)
    shown = [v for v in views if v.instrument == instrument.id and v.current and start <= v.given_on <= end]
    sex = shown[-1].sex if shown else ""
    if instrument.id == "bam":
        lines = tuple(
            Line(
                label,
                tuple(
                    Point(
                        v.given_at, float(v.subscales.get(key, 0)), label=f"{label} {v.subscales.get(key, 0)}"
                    )
                    for v in shown
                ),
            )
            for key, label, _items in bam.SUBSCALES
        )
    else:
        lines = (
            Line(
                "",
                tuple(
                    Point(
                        v.given_at,
                        float(v.total or 0),
                        flagged=bool(v.alerts),
                        label=f"{v.total} · {v.band_label} · {day_text(v.given_on)}",
                    )
                    for v in shown
                ),
            ),
        )
    return Series(
        instrument.id,
        instrument.title,
        caption,
        _y_max(instrument.id),
        bands_for(instrument.id, cut, sex),
        lines,
        _when(start) - dt.timedelta(hours=12),
        _when(end) + dt.timedelta(hours=12),
    )


def detox_series(view: detox.DetoxView, *, now: dt.datetime | None = None) -> Series:
    """A detox episode's ratings over the hours since it started, the clinic's threshold dashed."""
    limits = detox_limits.thresholds()
    points = tuple(
        Point(
            o.observed_at,
            float(o.score),
            flagged=o.flagged,
            label=f"{o.score} · {o.band_label}"
            + (f" · {'; '.join(f.message for f in o.flags)}" if o.flags else ""),
        )
        for o in view.current
    )
    last = view.ended_at or (points[-1].at if points else None) or now or view.started_at
    end = max(last, view.started_at + dt.timedelta(hours=12))
    threshold = limits.score_for(view.instrument)
    state = f"ended: {view.end_label.lower()}" if view.ended_at else "in progress"
    return Series(
        f"detox:{view.id}",
        f"{view.title} ({view.substance_label.lower()} withdrawal)",
        f"{len(points)} rating{'s' if len(points) != 1 else ''}, {state}",
        _y_max(view.instrument),
        bands_for(view.instrument, clinic_cutoffs()),
        (Line("", points),),
        view.started_at,
        end,
        x_unit="hours",
        threshold=float(threshold),
        threshold_label=f"Higher level of care at {threshold}",
    )


def screen_grid(views: Iterable[screens.ScreenView], start: dt.date, end: dt.date) -> ScreenGrid:
    """Each week's worst result per substance (positive, invalid, expected positive, negative)."""
    first = start - dt.timedelta(days=start.weekday())
    weeks = []
    day = first
    while day <= end:
        weeks.append(day)
        day += dt.timedelta(days=7)
    cells: dict[tuple[str, int], str] = {}
    seen: set[str] = set()
    for s in views:
        if not s.current or not start <= s.collected_on <= end:
            continue
        week = (s.collected_on - first).days // 7
        for r in s.results:
            seen.add(r.substance)
            old = cells.get((r.substance, week))
            if old is None or RESULT_ORDER.index(r.result) < RESULT_ORDER.index(old):
                cells[(r.substance, week)] = r.result
    substances = tuple((k, label) for k, label in SUBSTANCES.items() if k in seen)
    return ScreenGrid("Drug screens by week", tuple(weeks), substances, cells)


def _span(
    episode: CareEpisode | None, today: dt.date, given: Sequence[dt.date]
) -> tuple[dt.date, dt.date, str]:
    window = dt.timedelta(days=settings.get("measure_window_days"))
    if episode is None:
        start = min(given) if given else today - dt.timedelta(days=30)
        return start, today, "Not admitted: every result so far"
    end = episode.discharged_on or today
    state = f"discharged {day_text(episode.discharged_on)}" if episode.discharged_on else "in care"
    caption = f"Episode {episode.number}: admitted {day_text(episode.admitted_on)}, {state}"
    return episode.admitted_on - window, end, caption


def _episode(client_id: UUID, episode_id: UUID | None) -> CareEpisode | None:
    query = CareEpisode.select().where((CareEpisode.client == client_id) & CareEpisode.retired_at.is_null())
    if episode_id is not None:
        return query.where(CareEpisode.id == episode_id).first()
    rows = list(query.order_by(CareEpisode.number))
    open_rows = [r for r in rows if r.discharged_on is None]
    chosen = open_rows or rows
    return chosen[-1] if chosen else None


def client_trends(
    actor: Actor,
    client_id: UUID,
    *,
    episode_id: UUID | None = None,
    today: dt.date | None = None,
    audited: bool = True,
) -> ClientTrends:
    """The charts of one episode (default: the open one, else the latest): every instrument given in
    it, its detox episodes and its drug screens. One audit entry for the whole read."""
    require(actor, permissions.MEASURE_READ, client_id, "measure_result", "trends")
    day = today_for(actor, today)
    with transaction():
        episode = _episode(client_id, episode_id)
        given = results.results_for(actor, client_id, audited=False)
        logged = screens.screens_for(actor, client_id, audited=False)
        watched = detox.detox_for_client(actor, client_id, audited=False)
        if audited:
            audit.record(
                actor, audit.VIEW, client_id=client_id, record_type="measure_result", record_id="trends"
            )
    start, end, caption = _span(episode, day, [v.given_on for v in given])
    cut = clinic_cutoffs()
    inside = [v for v in given if v.current and start <= v.given_on <= end]
    used = {v.instrument for v in inside}
    if episode is not None:  # the axis starts at admission, or at a result given before it (intake)
        start = min([episode.admitted_on] + [v.given_on for v in inside])
    series = tuple(
        instrument_series(given, name, start, end, cutoffs=cut)  # the caption is said once, above
        for name in instruments.NAMES
        if name in used
    )
    lo, hi = dt.datetime.combine(start, dt.time()), dt.datetime.combine(end, dt.time.max)
    in_span = [d for d in watched if d.started_at <= hi and (d.ended_at is None or d.ended_at >= lo)]
    return ClientTrends(
        caption,
        series,
        tuple(detox_series(d) for d in in_span),
        screen_grid(logged, start, end),
    )


@dataclass(frozen=True)
class MeasuresPrint:
    """What the printed chart carries about measures for a period."""

    start: dt.date
    end: dt.date
    series: tuple[Series, ...]
    results: tuple[results.ResultView, ...]  # current, in the period, oldest first
    alerts: tuple[SafetyAlertView, ...]
    detox: tuple[detox.DetoxView, ...]
    detox_series: tuple[Series, ...]
    screens: tuple[screens.ScreenView, ...]  # current, in the period
    grid: ScreenGrid
    due: tuple[schedule.DueItem, ...]
    zone: dt.tzinfo = dt.UTC  # the site's: every time on paper is the site's clock


def for_chart(
    actor: Actor, client_id: UUID, start: dt.date | None = None, end: dt.date | None = None
) -> MeasuresPrint | None:
    """The measures part of a printed chart for whoever may read the client's measures (else None,
    and the chart prints without them); taking it is a disclosure like the rest of the chart."""
    if not permissions.can(actor, permissions.MEASURE_READ, client_id=client_id):
        return None
    return for_print(actor, client_id, start, end)


def for_print(
    actor: Actor,
    client_id: UUID,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    how: str = audit.EXPORT,
    today: dt.date | None = None,
) -> MeasuresPrint:
    """Measures for the printed chart (default: from the first record to today). Taking it is a
    disclosure, audited before this returns (so before any file is written)."""
    require(actor, permissions.MEASURE_READ, client_id, "report", "measures")
    permissions.require(
        actor, permissions.REPORT_EXPORT, client_id=client_id, record_type="report", record_id="measures"
    )
    day = today_for(actor, today)
    with transaction():
        given = results.results_for(actor, client_id, audited=False)
        logged = screens.screens_for(actor, client_id, audited=False)
        watched = detox.detox_for_client(actor, client_id, audited=False)
        raised = client_alerts(actor, client_id, audited=False)
        due = schedule.due_for_client(actor, client_id, today=day)
        audit.record(
            actor,
            how,
            client_id=client_id,
            record_type="report",
            record_id="measures",
            changes={"start": start, "end": end},
        )
    dates = (
        [v.given_on for v in given]
        + [s.collected_on for s in logged]
        + [d.started_at.date() for d in watched]
    )
    lo = start or (min(dates) if dates else day)
    hi = end or day
    kept = tuple(v for v in given if v.current and lo <= v.given_on <= hi)
    cut = clinic_cutoffs()
    used = [name for name in instruments.NAMES if any(v.instrument == name for v in kept)]
    in_span = tuple(d for d in watched if lo <= d.started_at.date() <= hi)
    return MeasuresPrint(
        lo,
        hi,
        tuple(instrument_series(kept, name, lo, hi, cutoffs=cut) for name in used),
        kept,
        tuple(a for a in raised if lo <= a.raised_on <= hi),
        in_span,
        tuple(detox_series(d) for d in in_span),
        tuple(s for s in logged if s.current and lo <= s.collected_on <= hi),
        screen_grid(logged, lo, hi),
        due,
        clock.site_zone(actor.site_id),
    )
