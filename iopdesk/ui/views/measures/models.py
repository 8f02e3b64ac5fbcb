"""The measures tables as columns over the domain's frozen rows: results, detox ratings, drug screens,
and Today's two lists (open safety alerts, instruments due)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from iopdesk.domain.kernel import clock
from iopdesk.domain.measures.alerts import SafetyAlertView
from iopdesk.domain.measures.detox import ObservationView
from iopdesk.domain.measures.results import ResultView
from iopdesk.domain.measures.schedule import DueItem
from iopdesk.domain.measures.screens import ScreenView
from iopdesk.ui.kit.formatting import date_text
from iopdesk.ui.kit.rows import Column, RowsModel

ALERT_RED = "#33c62828"
FLAG_RED = "#26c62828"


def tr(text: str) -> str:
    return QCoreApplication.translate("measures", text)


def local_text(moment: dt.datetime, zone: dt.tzinfo) -> str:
    local = moment.replace(tzinfo=dt.UTC).astimezone(zone)
    hour = local.hour % 12 or 12
    return f"{date_text(local.date())} {hour}:{local.minute:02d} {'am' if local.hour < 12 else 'pm'}"


def _total(r: ResultView) -> str:
    if r.total is None:
        return ", ".join(f"{k.capitalize()} {v}" for k, v in r.subscales.items())
    return str(r.total)


def _state(r: ResultView) -> str:
    if not r.current:
        return tr("Corrected later")
    if r.supersedes_id is not None:
        return tr("Correction: {why}").format(why=r.reason)
    return ""


def result_columns() -> list[Column[ResultView]]:
    return [
        Column(tr("Given"), lambda r: date_text(r.given_on), sort=lambda r: r.given_at),
        Column(tr("Instrument"), lambda r: r.title),
        Column(tr("Score"), _total, sort=lambda r: r.total or 0, align_right=True),
        Column(tr("Band"), lambda r: r.band_label),
        Column(
            tr("Alert"),
            lambda r: tr("Safety alert") if r.alerts else "",
            tooltip=lambda r: " ".join(a.message for a in r.alerts),
            colour=lambda r: ALERT_RED if r.alerts else None,
        ),
        Column(tr("Given by"), lambda r: r.given_by_name),
        Column(tr("Note"), _state, tooltip=_state),
    ]


def results_model(parent=None) -> RowsModel[ResultView]:  # type: ignore[no-untyped-def]
    return RowsModel(result_columns(), lambda r: r.id, parent)


def observation_columns(zone: dt.tzinfo) -> list[Column[ObservationView]]:
    def bp(o: ObservationView) -> str:
        return f"{o.vitals.systolic}/{o.vitals.diastolic}" if o.vitals.systolic else ""

    return [
        Column(tr("Time"), lambda o: local_text(o.observed_at, zone), sort=lambda o: o.observed_at),
        Column(tr("Hours"), lambda o: f"{o.hours:g}", sort=lambda o: o.hours, align_right=True),
        Column(tr("Score"), lambda o: str(o.score), sort=lambda o: o.score, align_right=True),
        Column(tr("Band"), lambda o: o.band_label),
        Column(tr("Pulse"), lambda o: str(o.vitals.pulse or ""), align_right=True),
        Column(tr("BP"), bp),
        Column(tr("Temp °F"), lambda o: f"{o.vitals.temperature_f:g}" if o.vitals.temperature_f else ""),
        Column(
            tr("Higher level of care?"),
            lambda o: "; ".join(f.message for f in o.flags),
            tooltip=lambda o: "; ".join(f.message for f in o.flags),
            colour=lambda o: FLAG_RED if o.flags else None,
        ),
        Column(tr("By"), lambda o: o.recorded_by_name + ("" if o.current else tr(" (corrected later)"))),
    ]


def observations_model(parent=None) -> RowsModel[ObservationView]:  # type: ignore[no-untyped-def]
    return RowsModel(observation_columns(dt.UTC), lambda o: o.id, parent)


def _found(s: ScreenView) -> str:
    return ", ".join(
        f"{tr(r.substance_label)}: {tr(r.result_label).lower()}"
        + (f" ({r.medication})" if r.medication else "")
        for r in s.results
    )


def screen_columns() -> list[Column[ScreenView]]:
    return [
        Column(tr("Collected"), lambda s: date_text(s.collected_on), sort=lambda s: s.collected_on),
        Column(tr("Specimen"), lambda s: tr(s.specimen_label)),
        Column(tr("Where"), lambda s: tr(s.method_label)),
        Column(tr("Observed"), lambda s: tr("Yes") if s.observed else tr("No")),
        Column(
            tr("Results"),
            _found,
            tooltip=_found,
            colour=lambda s: ALERT_RED if s.positives else None,
        ),
        Column(
            tr("Recorded by"), lambda s: s.recorded_by_name + ("" if s.current else tr(" (corrected later)"))
        ),
    ]


def screens_model(parent=None) -> RowsModel[ScreenView]:  # type: ignore[no-untyped-def]
    return RowsModel(screen_columns(), lambda s: s.id, parent)


def alert_columns(today: Callable[[], dt.date]) -> list[Column[SafetyAlertView]]:
    """``today``: asked when a line is drawn (the site's today, which turns over at midnight)."""

    def since(a: SafetyAlertView) -> str:
        days = a.days_open(today())
        return tr("today") if days == 0 else tr("{n} days ago").format(n=days)

    return [
        Column(tr("Client"), lambda a: a.client_name, colour=lambda a: ALERT_RED),
        Column(tr("Raised"), since, sort=lambda a: a.raised_at),
        Column(
            tr("Alert"),
            lambda a: tr("{title} item {item} answered {answer}").format(
                title=a.instrument_title, item=a.item, answer=a.answer
            ),
            tooltip=lambda a: a.message,
        ),
        Column(tr("Given by"), lambda a: a.given_by_name),
    ]


def alerts_model(today: Callable[[], dt.date], parent=None) -> RowsModel[SafetyAlertView]:  # type: ignore[no-untyped-def]
    return RowsModel(alert_columns(today), lambda a: a.id, parent)


def due_columns() -> list[Column[DueItem]]:
    def when(d: DueItem) -> str:
        if d.days_overdue > 0:
            return tr("overdue {n} days").format(n=d.days_overdue)
        if d.days_overdue == 0:
            return tr("due today")
        return tr("due {day}").format(day=date_text(d.due_on))

    return [
        Column(tr("Client"), lambda d: d.client_name),
        Column(tr("Instrument"), lambda d: d.title),
        Column(tr("When"), lambda d: tr(d.occasion_label)),
        Column(tr("Due"), when, sort=lambda d: d.due_on, colour=lambda d: "#40f9a825" if d.overdue else None),
    ]


def due_model(parent=None) -> RowsModel[DueItem]:  # type: ignore[no-untyped-def]
    return RowsModel(due_columns(), lambda d: (d.client_id, d.instrument, d.occasion), parent)


def site_zone(site_id) -> dt.tzinfo:  # type: ignore[no-untyped-def]
    return clock.site_zone(site_id)
