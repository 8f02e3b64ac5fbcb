"""A client's treatment chart as a PDF: screenings, then each episode of care (admission terms and
their history, the team, the plan versions with the notes that addressed each goal, the reviews,
sessions and hours, the discharge and aftercare). Signed records only, each with its seal.

Laid out by render.pages (US Letter, running header, the 42 CFR Part 2 notice on every page); the
packet comes from iopdesk.domain.care.chart.chart_for_print, which records the disclosure first.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping, Sequence
from uuid import UUID

from PySide6.QtCore import QCoreApplication, QIODevice

from iopdesk.domain.attendance.hours import format_minutes
from iopdesk.domain.care.chart import ChartPacket, EpisodePrint
from iopdesk.domain.care.discharge import DischargeView
from iopdesk.domain.care.note_goals import GoalNoteRef
from iopdesk.domain.care.plans import PlanVersionView
from iopdesk.domain.care.reviews import ReviewView
from iopdesk.domain.care.screening import ScreeningView
from iopdesk.domain.kernel import vocab
from iopdesk.domain.measures.trends import MeasuresPrint
from iopdesk.render.measures_pdf import measures_html
from iopdesk.render.pages import day_text, html_table, write_html_pdf
from iopdesk.render.text import clock_text

STYLE = """
body { font-family: Helvetica, Arial, sans-serif; font-size: 9.5pt; color: #000; }
h1 { font-size: 16pt; margin: 0; }
h2 { font-size: 13pt; margin-top: 14pt; margin-bottom: 3pt; border-bottom: 1px solid #888; }
h3 { font-size: 10.5pt; margin-top: 9pt; margin-bottom: 2pt; }
h4 { font-size: 9.5pt; margin-top: 6pt; margin-bottom: 1pt; color: #333; }
p.meta { color: #444; margin-top: 2pt; }
p.notice { color: #333; font-style: italic; font-size: 8.5pt; }
p.signed { color: #1d5c2e; font-size: 8.5pt; }
p.pending { color: #9a4f10; font-size: 8.5pt; font-weight: bold; }
span.hash { color: #666; font-size: 7.5pt; }
table.grid { border-collapse: collapse; }
table.grid th { background-color: #eeeeee; font-size: 8pt; font-weight: bold; }
table.grid td, table.grid th { border: 1px solid #999999; vertical-align: top; }
p.goal { margin-left: 10pt; margin-bottom: 0; }
p.objective { margin-left: 22pt; margin-top: 1pt; margin-bottom: 0; }
p.intervention { margin-left: 34pt; margin-top: 0; margin-bottom: 0; color: #222; }
p.notes { margin-left: 22pt; margin-top: 1pt; color: #444; font-size: 8.5pt; }
"""


def tr(text: str) -> str:
    return QCoreApplication.translate("chart_pdf", text)


def _e(text: str) -> str:
    return html.escape(text)


def _text(text: str) -> str:
    return html.escape(text).replace("\n", "<br>") if text.strip() else "—"


def _day(day: dt.date | None) -> str:
    return day_text(day) if day is not None else "—"


def _when(moment: dt.datetime | None) -> str:
    if moment is None:
        return ""
    local = moment.replace(tzinfo=dt.UTC).astimezone()  # the printing machine's clock
    return tr("{day} at {time}").format(day=day_text(local.date()), time=clock_text(local.time()))


def _seal(
    status: str,
    signer: str,
    signed_at: dt.datetime | None,
    cosigner: str,
    cosigned_at: dt.datetime | None,
    content_hash: str | None,
) -> str:
    if status == "pending_cosign":
        text = tr("Signed by {name} on {when}; NOT FINAL: awaiting a supervisor's co-signature.").format(
            name=signer, when=_when(signed_at)
        )
        css = "pending"
    else:
        text = tr("Electronically signed by {name} on {when}.").format(name=signer, when=_when(signed_at))
        if cosigner:
            text += " " + tr("Co-signed by {name} on {when}.").format(name=cosigner, when=_when(cosigned_at))
        css = "signed"
    seal = (
        f"<br><span class='hash'>{_e(tr('Seal (SHA-256): {hash}').format(hash=content_hash))}</span>"
        if content_hash
        else ""
    )
    return f"<p class='{css}'>{_e(text)}{seal}</p>"


def _minutes(minutes: int | None) -> str:
    return format_minutes(minutes) if minutes else tr("default for the level")


# --- sections ------------------------------------------------------------------------------------


def _screening(s: ScreeningView) -> str:
    title = tr("Screening of {day}, by {name}").format(day=_day(s.screened_on), name=s.author_name)
    out = [f"<h3>{_e(title)}</h3>"]
    rows = [
        f"<tr><td>{_e(a.label)}</td><td>{_e(tr(a.answer_label))}</td><td>{_text(a.note)}</td></tr>"
        for a in s.answers
    ]
    out.append(
        html_table(
            f"<th>{_e(tr('Criterion'))}</th><th>{_e(tr('Answer'))}</th><th>{_e(tr('Note'))}</th>", rows
        )
    )
    rows = [
        f"<tr><td>{_e(r.label)}</td><td>{_e(r.rating_label)}</td><td>{_text(r.reason)}</td></tr>"
        for r in s.ratings
    ]
    out.append(
        "<br>"
        + html_table(
            f"<th>{_e(tr('ASAM dimension'))}</th><th>{_e(tr('Rating'))}</th><th>{_e(tr('Reason'))}</th>", rows
        )
    )
    recommendation = tr("Recommendation: {final}.").format(final=tr(s.recommendation_label))
    if s.overridden:
        recommendation += " " + tr(
            "The program computed: {computed}. Reason for the difference: {why}"
        ).format(
            computed=tr(vocab.SCREENING_RECOMMENDATIONS.get(s.computed, s.computed)), why=s.override_reason
        )
    out.append(f"<p>{_e(recommendation)}</p>")
    if s.summary.strip():
        out.append(f"<p>{_text(s.summary)}</p>")
    out.append(
        _seal(s.status, s.signed_by_name, s.signed_at, s.cosigned_by_name, s.cosigned_at, s.content_hash)
    )
    return "".join(out)


def _admission(e: EpisodePrint) -> str:
    head = "".join(
        f"<th>{_e(tr(t))}</th>"
        for t in (
            "From",
            "Level of care",
            "Population",
            "Weekly target",
            "Referral",
            "Primary counselor",
            "Why",
            "By",
        )
    )
    rows = []
    for t in e.episode.history:
        population = tr(t.population_label) + (f" ({t.population_reason})" if t.population_reason else "")
        rows.append(
            f"<tr><td>{_e(_day(t.effective_on))}</td><td>{_e(t.level_label)}</td><td>{_e(population)}</td>"
            f"<td>{_e(_minutes(t.weekly_target_minutes))}</td><td>{_e(t.referral_source or '—')}</td>"
            f"<td>{_e(t.primary_counselor_name or '—')}</td><td>{_text(t.reason or tr('Admission'))}</td>"
            f"<td>{_e(t.changed_by_name or tr('(upgrade)'))}</td></tr>"
        )
    return f"<h3>{_e(tr('Admission terms'))}</h3>" + html_table(head, rows)


def _team(e: EpisodePrint) -> str:
    members = list(e.team.current) + list(e.team.past)
    if not members:
        return ""
    rows = [
        f"<tr><td>{_e(m.name)}{_e(', ' + m.credentials if m.credentials else '')}</td>"
        f"<td>{_e(tr(m.role_label))}</td><td>{_e(_day(m.start_on))}</td><td>{_e(_day(m.end_on))}</td></tr>"
        for m in sorted(members, key=lambda m: (m.start_on, m.name))
    ]
    head = "".join(f"<th>{_e(tr(t))}</th>" for t in ("Team member", "Role", "From", "To"))
    return f"<h3>{_e(tr('Treatment team'))}</h3>" + html_table(head, rows)


def _notes(refs: Sequence[GoalNoteRef]) -> str:
    if not refs:
        return f"<p class='notes'>{_e(tr('Addressed in no session note in this period.'))}</p>"
    listed = ", ".join(f"{r.date:%Y-%m-%d} ({r.session_title})" for r in refs)
    return f"<p class='notes'>{_e(tr('Addressed in the notes of: {list}').format(list=listed))}</p>"


def _plan(v: PlanVersionView, notes: Mapping[UUID, tuple[GoalNoteRef, ...]]) -> str:
    title = tr("Treatment plan, version {n} ({status})").format(n=v.number, status=tr(v.status_label).lower())
    out = [f"<h3>{_e(title)}</h3>"]
    agreed = tr("The client agreed.") if v.client_agreed else tr("The client did not agree.")
    out.append(
        f"<p class='meta'>{_e(agreed)} {_e(v.client_agreement)} · "
        f"{_e(tr('Reviewed every {n} days').format(n=v.review_days))}</p>"
    )
    for pn, problem in enumerate(v.content.problems, 1):
        out.append(f"<h4>{_e(tr('Problem {n}: {text}').format(n=pn, text=problem.text))}</h4>")
        for gn, goal in enumerate(problem.goals, 1):
            words = f" — “{goal.client_words}”" if goal.client_words else ""
            out.append(
                f"<p class='goal'><b>{_e(tr('Goal {n}').format(n=gn))}:</b> {_e(goal.text)}{_e(words)}</p>"
            )
            for objective in goal.objectives:
                out.append(
                    f"<p class='objective'>{_e(tr('Objective'))}: {_e(objective.text)} "
                    f"({_e(tr('by {day}').format(day=_day(objective.target_date)))})</p>"
                )
                for i in objective.interventions:
                    out.append(
                        f"<p class='intervention'>• {_e(tr(i.service_label))}, {_e(i.frequency)}"
                        f"{_e(' — ' + i.detail if i.detail else '')} "
                        f"({_e(tr('responsible: {name}').format(name=i.responsible_name or '—'))})</p>"
                    )
            out.append(_notes(notes.get(goal.id, ())))
    out.append(
        _seal(
            v.status if v.status != "superseded" else "signed",
            v.signed_by_name,
            v.signed_at,
            v.cosigned_by_name,
            v.cosigned_at,
            v.content_hash,
        )
    )
    return "".join(out)


def _review(r: ReviewView) -> str:
    title = tr("Review of {day} (plan version {n}): {outcome}").format(
        day=_day(r.reviewed_on), n=r.plan_number, outcome=tr(r.outcome_label)
    )
    rows = [
        f"<tr><td>{_e(p.objective_text)}</td><td>{_e(tr(p.progress_label))}</td><td>{_text(p.note)}</td></tr>"
        for p in r.progress
    ]
    head = f"<th>{_e(tr('Objective'))}</th><th>{_e(tr('Progress'))}</th><th>{_e(tr('Note'))}</th>"
    return (
        f"<h4>{_e(title)}</h4>"
        + html_table(head, rows)
        + f"<p>{_text(r.summary)}</p>"
        + _seal(r.status, r.signed_by_name, r.signed_at, r.cosigned_by_name, r.cosigned_at, r.content_hash)
    )


def _stay(e: EpisodePrint) -> str:
    s = e.stay
    kinds = ", ".join(
        f"{n} {tr(vocab.SESSION_KINDS.get(k, k)).lower()}" for k, n in s.sessions_attended.items()
    )
    text = tr(
        "From {start} to {end}: {n} session(s) attended{kinds}, {hours} in all; {missed} missed."
    ).format(
        start=_day(s.admitted_on),
        end=_day(s.until),
        n=sum(s.sessions_attended.values()),
        kinds=f" ({kinds})" if kinds else "",
        hours=format_minutes(s.minutes_attended) or tr("0 h"),
        missed=s.sessions_missed,
    )
    return f"<h3>{_e(tr('Sessions and hours'))}</h3><p>{_e(text)}</p>"


def _discharge(d: DischargeView) -> str:
    title = tr("Discharge on {day}: {reason}").format(day=_day(d.discharged_on), reason=tr(d.reason_label))
    out = [f"<h3>{_e(title)}</h3>"]
    for _key, title, text in d.summary:
        out.append(f"<h4>{_e(tr(title))}</h4><p>{_text(text)}</p>")
    if d.aftercare:
        rows = [
            f"<tr><td>{_e(tr(a.kind_label))}</td><td>{_e(a.what)}</td>"
            f"<td>{_e(_day(a.when) if a.when else '—')}</td><td>{_e(a.contact or '—')}</td></tr>"
            for a in d.aftercare
        ]
        head = "".join(f"<th>{_e(tr(t))}</th>" for t in ("Aftercare", "What", "When", "Contact"))
        out.append(f"<h4>{_e(tr('Aftercare plan'))}</h4>" + html_table(head, rows))
    out.append(
        _seal(d.status, d.signed_by_name, d.signed_at, d.cosigned_by_name, d.cosigned_at, d.content_hash)
    )
    return "".join(out)


def _episode(e: EpisodePrint) -> str:
    ep = e.episode
    if ep.discharged_on is not None:
        title = tr("Episode {n}: admitted {start}, discharged {end}").format(
            n=ep.number, start=_day(ep.admitted_on), end=_day(ep.discharged_on)
        )
    else:
        title = tr("Episode {n}: admitted {start}, in care").format(n=ep.number, start=_day(ep.admitted_on))
    out = [f"<h2>{_e(title)}</h2>"]
    out += [_admission(e), _team(e)]
    out += [_plan(v, e.notes_by_goal) for v in e.plans] or [
        f"<p>{_e(tr('No signed treatment plan in this period.'))}</p>"
    ]
    if e.reviews:
        out.append(f"<h3>{_e(tr('Plan reviews'))}</h3>")
        out += [_review(r) for r in e.reviews]
    out.append(_stay(e))
    if e.discharge is not None:
        out.append(_discharge(e.discharge))
    return "".join(out)


def chart_html(packet: ChartPacket, measures: MeasuresPrint | None = None) -> str:
    h = packet.header
    period = (
        tr("from {start} to {end}").format(
            start=_day(packet.start) if packet.start else tr("the start"),
            end=_day(packet.end) if packet.end else tr("today"),
        )
        if packet.start or packet.end
        else tr("the whole chart")
    )
    facts = tr("Chart {chart} · Date of birth {dob} (age {age}) · {status} · {population}, {level}").format(
        chart=h.chart_number,
        dob=_day(h.date_of_birth),
        age=h.age,
        status=tr(h.status_label),
        population=tr(h.population_label).lower(),
        level=h.level_label,
    )
    prepared = tr(
        "Period: {period} · Prepared by {who} on {when}. Signed records only; drafts are not part of "
        "the record."
    ).format(period=period, who=packet.prepared_by, when=_when(packet.prepared_at))
    out = [
        f"<p class='meta'>{_e(packet.clinic_name)}</p>",
        f"<h1>{_e(tr('Treatment chart — {name}').format(name=h.name))}</h1>",
        f"<p class='meta'>{_e(facts)}<br>{_e(prepared)}</p>",
    ]
    if packet.screenings:
        out.append(f"<h2>{_e(tr('Intake screenings'))}</h2>")
        out.append(f"<p class='notice'>{_e(tr(packet.screening_notice))}</p>")
        out += [_screening(s) for s in packet.screenings]
    out += [_episode(e) for e in packet.episodes]
    if not packet.screenings and not packet.episodes:
        out.append(f"<p>{_e(tr('No signed treatment records in this period.'))}</p>")
    if measures is not None:  # scores with their trends, safety alerts, detox, drug screens
        out.append(measures_html(measures))
    return f"<html><head><style>{STYLE}</style></head><body>{''.join(out)}</body></html>"


def write_chart_pdf(packet: ChartPacket, path: str | QIODevice, measures: MeasuresPrint | None = None) -> int:
    """Write the chart to ``path`` (with ``measures``: their part too, iopdesk.domain.measures.trends
    .for_print); returns the number of pages. OSError when it cannot be written."""
    h = packet.header
    running = tr("{name} · Chart {chart} · Treatment chart").format(name=h.name, chart=h.chart_number)
    return write_html_pdf(
        path,
        chart_html(packet, measures),
        title=tr("Treatment chart"),
        running_left=running,
        running_right=packet.clinic_name,
        notice=packet.part2_notice,
    )
