"""Filling the chart's sections from what the domain returned (frozen views; no domain calls here)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from iopdesk.domain.attendance.alerts import ClientAlert
from iopdesk.domain.attendance.history import ClientSessionEntry
from iopdesk.domain.attendance.hours import WeekHours, format_minutes
from iopdesk.domain.care.chart import ChartHeader, PlanSection
from iopdesk.domain.care.chart_notes import NoteLine
from iopdesk.domain.care.discharge import DischargeView
from iopdesk.domain.care.episodes import EpisodeView
from iopdesk.domain.care.team import TeamView
from iopdesk.domain.kernel import vocab
from iopdesk.domain.overviews.rosters import ClientGroup
from iopdesk.ui.kit.formatting import date_text
from iopdesk.ui.views.chart import sections as s
from iopdesk.ui.views.chart.models import target_text, tr
from iopdesk.ui.views.chart.texts import discharge_html, plan_html

MOST_EPISODES = 4
MOST_TERMS = 6
MOST_TEAM = 8


def header_text(h: ChartHeader) -> str:
    parts = [
        tr("Chart {chart}").format(chart=h.chart_number),
        tr(h.status_label),
        tr("born {day} (age {age})").format(day=date_text(h.date_of_birth), age=h.age),
        tr(h.population_label),
    ]
    if h.episode_number is not None:
        parts.append(h.level_label)
    if h.primary_counselor_name:
        parts.append(tr("primary counselor {name}").format(name=h.primary_counselor_name))
    return "  ·  ".join(parts)


def header_warning(h: ChartHeader) -> str:
    if h.came_of_age:
        return tr(
            "Treated as an adolescent, but an adult by the birth date today: look at the population "
            "and the groups again (Change admission terms, F2)."
        )
    if h.status == "discharged" and h.episode_number is not None and h.discharged_on is None:
        return tr(
            "Marked discharged on the client's record without a discharge summary: discharge them "
            "here (Ctrl+Shift+D) so the episode ends, or re-admit them."
        )
    return ""


def fill_overview(
    section: s.OverviewSection,
    header: ChartHeader,
    episodes: Sequence[EpisodeView],
    shown: EpisodeView | None,
    groups: Sequence[ClientGroup] = (),
) -> None:
    values = section.values
    admitted = shown is not None
    section.empty.setVisible(not admitted)
    section.terms_table.setVisible(admitted)
    section.episodes_model.set_rows(list(episodes))
    s.fit_height(section.episodes_table, len(episodes), MOST_EPISODES)
    if shown is not None:
        row = section.episodes_model.row_of_id(shown.id)
        section.episodes_table.selectRow(row)
    if shown is None:
        for value in values.values():
            value.setText("—")
        section.terms_model.set_rows([])
        section.warning.hide()
        return
    terms = shown.terms
    population = tr(terms.population_label)
    if terms.population_overridden:
        population += "  " + tr("(not as the birth date gives: {why})").format(why=terms.population_reason)
    values["admitted"].setText(date_text(shown.admitted_on))
    values["level"].setText(terms.level_label)
    values["population"].setText(population)
    values["target"].setText(target_text(terms.weekly_target_minutes))
    values["referral"].setText(terms.referral_source or "—")
    values["counselor"].setText(terms.primary_counselor_name or "—")
    discharged = (
        tr("{day} ({why})").format(day=date_text(shown.discharged_on), why=tr(shown.discharge_reason_label))
        if shown.discharged_on and shown.discharge_reason
        else date_text(shown.discharged_on) or tr("In care")
    )
    values["discharged"].setText(discharged)
    section.terms_model.set_rows(list(reversed(shown.history)))
    s.fit_height(section.terms_table, len(shown.history), MOST_TERMS)
    warnings = []
    if shown.is_open and shown.derived_population != terms.population and not terms.population_reason:
        warnings.append(
            tr("By the birth date the client is now {now}; the admission says {then}.").format(
                now=tr(vocab.POPULATIONS.get(shown.derived_population, "")).lower(), then=population.lower()
            )
        )
    if shown.is_open:
        warnings += population_warnings(groups, terms.population)
    section.warning.setText("\n".join(warnings))
    section.warning.setVisible(bool(warnings))


def population_warnings(groups: Sequence[ClientGroup], population: str) -> list[str]:
    """The groups the client is in or waits for that are kept for the other population."""
    out = []
    for g in groups:
        if (
            (g.current or g.status == "wait_listed")
            and g.group_population
            and g.group_population != population
        ):
            out.append(
                tr("{group} is a group for {kept}, and the client is treated as {who}.").format(
                    group=g.group_name,
                    kept=tr(vocab.POPULATIONS[g.group_population]).lower() + "s",
                    who=tr(vocab.POPULATIONS.get(population, population)).lower(),
                )
            )
    return out


def fill_plan(section: s.PlanSection, plan: PlanSection, zone: dt.tzinfo) -> None:
    versions = list(reversed(plan.versions))  # newest first
    section.versions_model.set_rows(versions)
    section.reviews_model.set_rows(list(reversed(plan.reviews)))
    s.fit_height(section.versions_table, len(versions), 5)
    s.fit_height(section.reviews_table, len(plan.reviews), 5)
    if plan.in_force is None:
        status = tr("No plan is in force yet.")
        if plan.working is not None:
            status += " " + tr("Version {n} is being written ({status}).").format(
                n=plan.working.number, status=tr(plan.working.status_label).lower()
            )
    else:
        status = tr("In force: version {n}, signed {day}.").format(
            n=plan.in_force.number, day=date_text(plan.in_force.signed_on)
        )
        if plan.last_reviewed_on:
            status += " " + tr("Last reviewed {day}.").format(day=date_text(plan.last_reviewed_on))
        if plan.next_review_due:
            status += " " + tr("Next review due {day}.").format(day=date_text(plan.next_review_due))
        if plan.working is not None:
            status += " " + tr("Version {n} is being written.").format(n=plan.working.number)
    section.status.setText(status)
    overdue = plan.days_overdue is not None and plan.days_overdue > 0
    section.alert.setText(
        tr("The plan review is {n} day(s) overdue.").format(n=plan.days_overdue) if overdue else ""
    )
    section.alert.setVisible(overdue)
    chosen = plan.in_force or plan.working or (versions[0] if versions else None)
    if chosen is not None:
        section.versions_table.selectRow(section.versions_model.row_of_id(chosen.id))
        section.detail.setHtml(plan_html(chosen, plan.notes_by_goal, zone))
    else:
        section.detail.setHtml(f"<p>{tr('No plan written yet: Edit plan… (Ctrl+Shift+P) starts one.')}</p>")


def fill_team(section: s.TeamSection, team: TeamView) -> None:
    section.current_model.set_rows(list(team.current))
    section.past_model.set_rows(list(team.past))
    s.fit_height(section.current_table, len(team.current), MOST_TEAM)
    s.fit_height(section.past_table, len(team.past), MOST_TEAM)
    if team.episode_id is None:
        empty = tr("Not admitted yet: the team is set up once the client is admitted.")
    elif not team.current and not team.past:
        empty = tr("No one on the team yet.")
    else:
        empty = ""
    section.empty.setText(empty)
    section.empty.setVisible(bool(empty))
    section.current_table.setVisible(team.episode_id is not None)
    section.past_table.setVisible(bool(team.past))
    section.past_title.setVisible(bool(team.past))


def fill_attendance(
    section: s.AttendanceSection,
    weeks: list[WeekHours],
    alerts: Sequence[ClientAlert],
    sessions: list[ClientSessionEntry],
    shown: EpisodeView | None,
) -> None:
    section.alerts.setText("\n".join(a.message for a in alerts))
    section.alerts.setVisible(bool(alerts))
    section.weeks_model.set_rows(list(reversed(weeks)))
    newest = sorted(sessions, key=lambda e: (e.date, e.start_time), reverse=True)
    section.sessions_model.set_rows(newest)
    attended = [
        e for e in sessions if e.status in vocab.ATTENDED_STATUSES and e.session_status != "cancelled"
    ]
    minutes = sum(e.minutes_attended or 0 for e in attended)
    if shown is None:
        summary = tr("Not admitted: the sessions of the last weeks.")
    else:
        summary = tr("Episode {n}: attended {count} of {total} sessions").format(
            n=shown.number, count=len(attended), total=len(sessions)
        )
        if minutes:
            summary += " " + tr("({time} recorded)").format(time=format_minutes(minutes))
        summary += "."
    section.summary.setText(summary)
    if newest:
        section.sessions_table.selectRow(0)


def fill_notes(section: s.NotesSection, entries: Sequence[NoteLine] | None, refusal: str = "") -> None:
    rows = list(entries or [])
    section.model.set_rows(rows)
    section.table.setVisible(bool(rows))
    text = refusal or ("" if rows else tr("No notes about this client in the episode shown."))
    section.empty.setText(text)
    section.empty.setVisible(bool(text))
    if rows:
        section.table.selectRow(len(rows) - 1)  # the latest


def fill_discharge(
    section: s.DischargeSection, shown: EpisodeView | None, found: DischargeView | None, zone: dt.tzinfo
) -> None:
    if shown is None:
        section.status.setText(tr("Not admitted: there is nothing to discharge."))
        section.detail.setHtml("")
        section.detail.hide()
        return
    section.detail.setVisible(found is not None)
    if found is None:
        section.status.setText(
            tr(
                "In care since {day}. Discharge… (Ctrl+Shift+D) assembles the summary to edit and sign."
            ).format(day=date_text(shown.admitted_on))
            if shown.is_open
            else tr("Discharged on {day}; no discharge summary was written in IOPdesk.").format(
                day=date_text(shown.discharged_on)
            )
        )
        section.detail.setHtml("")
        return
    if found.status in ("draft", "returned"):
        status = tr("A discharge is being written by {name} ({status}); nothing has changed yet.").format(
            name=found.author_name, status=tr(found.status_label).lower()
        )
        if not shown.is_open:
            status = tr("Discharged on {day}; the summary was returned for changes.").format(
                day=date_text(found.discharged_on)
            )
    else:
        status = tr("Discharged on {day}: {why}.").format(
            day=date_text(found.discharged_on), why=tr(found.reason_label)
        )
    section.status.setText(status)
    section.detail.setHtml(discharge_html(found, zone))
