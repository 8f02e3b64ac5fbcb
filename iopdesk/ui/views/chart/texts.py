"""What the chart shows as read-only text: a screening, a plan version, a discharge (HTML for a text browser).

Plain functions over the domain's frozen views; every word a person wrote is escaped.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping
from uuid import UUID

from iopdesk.domain.care.discharge import DischargeView
from iopdesk.domain.care.note_goals import GoalNoteRef
from iopdesk.domain.care.plans import PlanVersionView
from iopdesk.domain.care.screening import ScreeningView
from iopdesk.domain.kernel import vocab
from iopdesk.render.text import clock_text
from iopdesk.ui.kit.formatting import date_text
from iopdesk.ui.views.chart.models import tr


def _e(text: str) -> str:
    return html.escape(text or "")


def _lines(text: str) -> str:
    return _e(text).replace("\n", "<br>")


def _moment(when: dt.datetime | None, zone: dt.tzinfo) -> str:
    """A stored UTC moment as the site reads it: "Mar 3, 2025 at 4:10 pm"."""
    if when is None:
        return tr("(time not recorded)")
    local = when.replace(tzinfo=dt.UTC).astimezone(zone)
    return tr("{day} at {time}").format(day=date_text(local.date()), time=clock_text(local.time()))


def seal_text(
    status: str,
    signed_by: str,
    signed_at: dt.datetime | None,
    cosigned_by: str,
    cosigned_at: dt.datetime | None,
    return_comment: str,
    zone: dt.tzinfo,
) -> str:
    """Who signed and when, or why it came back."""
    parts = []
    if signed_by:
        parts.append(
            tr("Signed by {name} on {when}.").format(name=_e(signed_by), when=_moment(signed_at, zone))
        )
    if status == "pending_cosign":
        parts.append(tr("Waiting for a supervisor's co-signature."))
    if cosigned_by:
        parts.append(
            tr("Co-signed by {name} on {when}.").format(name=_e(cosigned_by), when=_moment(cosigned_at, zone))
        )
    if status == "returned" and return_comment:
        parts.append(tr("Returned for changes: {why}").format(why=_e(return_comment)))
    return " ".join(parts)


def screening_html(s: ScreeningView, zone: dt.tzinfo) -> str:
    out = [
        f"<h3>{tr('Screening of {day}').format(day=date_text(s.screened_on))}</h3>",
        f"<p><i>{_e(tr(s.notice))}</i></p>",
        f"<p>{_e(tr(s.status_label))} · {tr('by {name}').format(name=_e(s.author_name))}</p>",
        f"<h4>{tr('Suitability criteria')}</h4><ul>",
    ]
    for a in s.answers:
        note = f" — {_e(a.note)}" if a.note else ""
        out.append(f"<li>{_e(a.label)}: <b>{_e(tr(a.answer_label))}</b>{note}</li>")
    out.append(f"</ul><h4>{tr('ASAM dimensions')}</h4><ul>")
    for r in s.ratings:
        reason = f" — {_e(r.reason)}" if r.reason else ""
        out.append(f"<li>{_e(r.label)}: <b>{_e(tr(r.rating_label))}</b>{reason}</li>")
    out.append("</ul>")
    computed = vocab.SCREENING_RECOMMENDATIONS.get(s.computed, "")
    out.append(
        f"<p>{tr('Recommendation')}: <b>{_e(tr(s.recommendation_label))}</b>"
        + (f" ({tr('the program computed: {what}').format(what=_e(tr(computed)))})" if s.overridden else "")
        + "</p>"
    )
    if s.override_reason:
        out.append(f"<p>{tr('Why it differs')}: {_e(s.override_reason)}</p>")
    if s.summary:
        out.append(f"<h4>{tr('Summary')}</h4><p>{_lines(s.summary)}</p>")
    if s.missing and s.status in ("draft", "returned"):
        out.append(f"<p>{tr('Still to do before signing')}:</p><ul>")
        out.extend(f"<li>{_e(m)}</li>" for m in s.missing)
        out.append("</ul>")
    seal = seal_text(
        s.status, s.signed_by_name, s.signed_at, s.cosigned_by_name, s.cosigned_at, s.return_comment, zone
    )
    if seal:
        out.append(f"<p>{seal}</p>")
    return "".join(out)


def plan_html(
    v: PlanVersionView, notes_by_goal: Mapping[UUID, tuple[GoalNoteRef, ...]], zone: dt.tzinfo
) -> str:
    status = tr(v.status_label) + (" · " + tr("in force") if v.in_force else "")
    out = [
        f"<h3>{tr('Treatment plan, version {n}').format(n=v.number)}</h3>",
        f"<p>{_e(status)} · {tr('by {name}').format(name=_e(v.author_name))}</p>",
    ]
    if not v.content.problems:
        out.append(f"<p>{tr('Nothing written in this version yet.')}</p>")
    for p_number, problem in enumerate(v.content.problems, start=1):
        out.append(f"<h4>{tr('Problem {n}').format(n=p_number)}: {_e(problem.text)}</h4>")
        for goal in problem.goals:
            out.append(f"<p><b>{tr('Goal')}:</b> {_e(goal.text)}")
            if goal.client_words:
                out.append(f"<br><i>“{_e(goal.client_words)}”</i>")
            notes = notes_by_goal.get(goal.id, ())
            if notes:
                out.append(
                    "<br>"
                    + tr("Addressed in {n} note(s), last on {day}.").format(
                        n=len(notes), day=date_text(max(n.date for n in notes))
                    )
                )
            out.append("</p><ul>")
            for objective in goal.objectives:
                by = (
                    f" ({tr('by {day}').format(day=date_text(objective.target_date))})"
                    if objective.target_date
                    else ""
                )
                out.append(f"<li>{_e(objective.text)}{by}<ul>")
                for i in objective.interventions:
                    who = f" — {_e(i.responsible_name)}" if i.responsible_name else ""
                    detail = f"; {_e(i.detail)}" if i.detail else ""
                    out.append(f"<li>{_e(tr(i.service_label))}, {_e(i.frequency)}{who}{detail}</li>")
                out.append("</ul></li>")
            out.append("</ul>")
    agreement = tr("The client agreed.") if v.client_agreed else tr("The client did not agree.")
    if v.client_agreement:
        out.append(f"<p>{agreement} {_e(v.client_agreement)}</p>")
    seal = seal_text(
        v.status, v.signed_by_name, v.signed_at, v.cosigned_by_name, v.cosigned_at, v.return_comment, zone
    )
    if seal:
        out.append(f"<p>{seal}</p>")
    return "".join(out)


def discharge_html(d: DischargeView, zone: dt.tzinfo) -> str:
    out = [
        f"<h3>{tr('Discharge of {day}').format(day=date_text(d.discharged_on))}</h3>",
        f"<p>{_e(tr(d.reason_label))} · {_e(tr(d.status_label))} · "
        f"{tr('by {name}').format(name=_e(d.author_name))}</p>",
    ]
    for _key, title, text in d.summary:
        out.append(f"<h4>{_e(tr(title))}</h4><p>{_lines(text) or '—'}</p>")
    out.append(f"<h4>{tr('Aftercare')}</h4>")
    if not d.aftercare:
        out.append(f"<p>{tr('No aftercare recorded.')}</p>")
    else:
        out.append("<ul>")
        for item in d.aftercare:
            when = f", {date_text(item.when)}" if item.when else ""
            contact = f" ({_e(item.contact)})" if item.contact else ""
            out.append(f"<li>{_e(tr(item.kind_label))}: {_e(item.what)}{when}{contact}</li>")
        out.append("</ul>")
    seal = seal_text(
        d.status, d.signed_by_name, d.signed_at, d.cosigned_by_name, d.cosigned_at, d.return_comment, zone
    )
    if seal:
        out.append(f"<p>{seal}</p>")
    return "".join(out)
