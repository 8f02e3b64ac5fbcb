"""The chart's tables, described by columns over the domain's frozen rows (``RowsModel``)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox

from iopdesk.domain.attendance.history import ClientSessionEntry
from iopdesk.domain.attendance.hours import WeekHours, floor_text, format_minutes
from iopdesk.domain.care.chart_notes import NoteLine
from iopdesk.domain.care.discharge import AftercareItem
from iopdesk.domain.care.episodes import AdmissionTerms, EpisodeView
from iopdesk.domain.care.plans import PlanVersionView
from iopdesk.domain.care.reviews import ReviewView
from iopdesk.domain.care.screening import ScreeningView
from iopdesk.domain.care.team import TeamMemberView
from iopdesk.domain.kernel import vocab
from iopdesk.render.text import clock_text
from iopdesk.ui.kit.formatting import date_text, short_day_text
from iopdesk.ui.kit.rows import Column


def tr(text: str) -> str:
    return QCoreApplication.translate("chart", text)


def data_index(combo: QComboBox, value: object) -> int:
    """The row whose data equals ``value`` (findData matches ids by identity, not by value)."""
    return next((i for i in range(combo.count()) if combo.itemData(i) == value), -1)


def target_text(minutes: int | None) -> str:
    return format_minutes(minutes) + tr(" a week") if minutes else tr("The default for the level")


def episode_label(e: EpisodeView) -> str:
    """ "Episode 2: Mar 3, 2025 – now" (the episode chooser and the tables)."""
    until = date_text(e.discharged_on) if e.discharged_on else tr("now")
    return tr("Episode {n}: {start} – {end}").format(n=e.number, start=date_text(e.admitted_on), end=until)


def episode_columns() -> list[Column[EpisodeView]]:
    return [
        Column(tr("Episode"), lambda e: str(e.number), sort=lambda e: e.number),
        Column(tr("Admitted"), lambda e: date_text(e.admitted_on), sort=lambda e: e.admitted_on),
        Column(
            tr("Discharged"),
            lambda e: date_text(e.discharged_on) if e.discharged_on else tr("In care"),
            sort=lambda e: e.discharged_on or dt.date.max,
        ),
        Column(tr("Level"), lambda e: e.terms.level_of_care, tooltip=lambda e: e.terms.level_label),
        Column(
            tr("Reason for discharge"),
            lambda e: tr(e.discharge_reason_label),
            tooltip=lambda e: tr(e.discharge_reason_label),
        ),
    ]


def terms_columns() -> list[Column[AdmissionTerms]]:
    return [
        Column(
            tr("From"), lambda t: date_text(t.effective_on), sort=lambda t: (t.effective_on, t.changed_at)
        ),
        Column(tr("Level"), lambda t: t.level_of_care),
        Column(
            tr("Population"),
            lambda t: tr(t.population_label) + (" *" if t.population_overridden else ""),
            tooltip=lambda t: t.population_reason,
        ),
        Column(tr("Weekly target"), lambda t: format_minutes(t.weekly_target_minutes) or tr("default")),
        Column(tr("Primary counselor"), lambda t: t.primary_counselor_name or "—"),
        Column(tr("Referral"), lambda t: t.referral_source),
        Column(tr("Why"), lambda t: t.reason or tr("Admission"), tooltip=lambda t: t.changed_by_name),
    ]


def screening_columns() -> list[Column[ScreeningView]]:
    return [
        Column(tr("Date"), lambda s: date_text(s.screened_on), sort=lambda s: s.screened_on),
        Column(tr("Status"), lambda s: tr(s.status_label)),
        Column(
            tr("Recommended"),
            lambda s: tr(s.recommendation_label) + (" " + tr("(overridden)") if s.overridden else ""),
            tooltip=lambda s: tr(s.recommendation_label),
        ),
        Column(tr("By"), lambda s: s.author_name),
    ]


def team_columns() -> list[Column[TeamMemberView]]:
    return [
        Column(
            tr("Role"),
            lambda m: tr(m.role_label),
            sort=lambda m: list(vocab.TEAM_ROLES).index(m.role) if m.role in vocab.TEAM_ROLES else 99,
        ),
        Column(tr("Name"), lambda m: f"{m.name}, {m.credentials}" if m.credentials else m.name),
        Column(tr("From"), lambda m: date_text(m.start_on), sort=lambda m: m.start_on),
        Column(
            tr("Until"),
            lambda m: date_text(m.end_on) if m.end_on else "—",
            sort=lambda m: m.end_on or dt.date.max,
            tooltip=lambda m: m.end_reason,
        ),
    ]


def version_columns() -> list[Column[PlanVersionView]]:
    return [
        Column(tr("Version"), lambda v: str(v.number), sort=lambda v: v.number),
        Column(tr("Status"), lambda v: tr(v.status_label) + (" " + tr("(in force)") if v.in_force else "")),
        Column(tr("Signed"), lambda v: date_text(v.signed_on), sort=lambda v: v.signed_on or dt.date.max),
        Column(tr("By"), lambda v: v.author_name),
    ]


def review_columns() -> list[Column[ReviewView]]:
    return [
        Column(tr("Reviewed"), lambda r: date_text(r.reviewed_on), sort=lambda r: r.reviewed_on),
        Column(tr("Status"), lambda r: tr(r.status_label)),
        Column(tr("Outcome"), lambda r: tr(r.outcome_label)),
        Column(tr("By"), lambda r: r.author_name),
    ]


# The weekly floor in a word or two (the table is narrow); the whole judgement is its tooltip.
FLOOR_SHORT = {
    "no_floor": "No floor",
    "not_in_care": "Not in care",
    "partial_week": "Partial week",
    "meets_floor": "Met",
    "short_offer": "Program offered less",
    "below_floor": "Below the floor",
}


def week_columns() -> list[Column[WeekHours]]:
    def floor(w: WeekHours) -> str:
        text = tr(FLOOR_SHORT.get(w.floor_status, w.floor_status))
        return text if w.complete else tr("{text} (so far)").format(text=text)

    return [
        Column(tr("Week of"), lambda w: short_day_text(w.week_start), sort=lambda w: w.week_start),
        Column(tr("Attended"), lambda w: format_minutes(w.minutes) or "0 min", sort=lambda w: w.minutes),
        Column(tr("Target"), lambda w: format_minutes(w.target_minutes) or "—"),
        Column(tr("Weekly floor"), floor, tooltip=lambda w: "; ".join([floor_text(w), *w.notes()])),
    ]


def _attendance(e: ClientSessionEntry) -> str:
    if e.session_status == "cancelled":
        return tr("Session cancelled")
    word = tr(vocab.ATTENDANCE_STATUSES.get(e.status, (e.status, "?"))[0])
    if e.minutes_attended and e.status in vocab.ATTENDED_STATUSES:
        word += " " + tr("({n} min)").format(n=e.minutes_attended)
    return word


def session_columns() -> list[Column[ClientSessionEntry]]:
    return [
        Column(
            tr("Date"),
            lambda e: f"{short_day_text(e.date)}  {clock_text(e.start_time)}",
            sort=lambda e: (e.date, e.start_time),
        ),
        Column(tr("Session"), lambda e: e.title),
        Column(tr("Attendance"), _attendance, tooltip=lambda e: e.comment),
    ]


def note_columns() -> list[Column[NoteLine]]:
    return [
        Column(
            tr("Date"),
            lambda n: f"{date_text(n.date)}  {clock_text(n.start_time)}",
            sort=lambda n: (n.date, n.start_time),
        ),
        Column(tr("Session"), lambda n: n.session_title),
        Column(tr("Status"), lambda n: tr(n.status_label)),
        Column(tr("Written by"), lambda n: n.author_name),
    ]


def aftercare_columns() -> list[Column[AftercareItem]]:
    return [
        Column(tr("Kind"), lambda a: tr(a.kind_label)),
        Column(tr("What"), lambda a: a.what),
        Column(tr("When"), lambda a: date_text(a.when) if a.when else ""),
        Column(tr("Contact"), lambda a: a.contact),
    ]
