"""The measures part of the printed chart: safety alerts and their follow-up, each instrument's trend
(drawn by trend_chart, the same drawing as on screen) with its results, detox monitoring with its
ratings and vital signs, and the drug screens week by week and one by one.

An HTML section for chart_pdf (the charts travel as PNG data inside the HTML, sized for the page of
render.pages at its resolution); the packet comes from iopdesk.domain.measures.trends.for_print,
which records the disclosure first.
"""

from __future__ import annotations

import base64
import datetime as dt
import html

from PySide6.QtCore import QCoreApplication

from iopdesk.domain.measures.trends import MeasuresPrint
from iopdesk.render.pages import (
    DPI,
    MARGIN_INCHES,
    day_text,
    ensure_gui_application,
    font,
    html_table,
    site_when,
)
from iopdesk.render.trend_chart import grid_png, series_png

PAGE_WIDTH = round((8.5 - 2 * MARGIN_INCHES) * DPI)  # US Letter's body, in the writer's pixels
CHART_HEIGHT = round(2.2 * DPI)


def tr(text: str) -> str:
    return QCoreApplication.translate("measures_pdf", text)


def _e(text: str) -> str:
    return html.escape(text)


def _img(data: bytes, width: int, height: int) -> str:
    """An image drawn at the page's resolution; the document measures images in 96 dpi pixels."""
    encoded = base64.b64encode(data).decode("ascii")
    w, h = round(width * 96 / DPI), round(height * 96 / DPI)
    return f"<p><img src='data:image/png;base64,{encoded}' width='{w}' height='{h}'></p>"


def _head(*titles: str) -> str:
    return "".join(f"<th>{_e(tr(t))}</th>" for t in titles)


def _when(moment: dt.datetime | None, zone: dt.tzinfo) -> str:
    return site_when(moment, zone) if moment is not None else "—"


def _alerts(m: MeasuresPrint) -> str:
    if not m.alerts:
        return ""
    rows = []
    for a in m.alerts:
        if a.open:
            follow = f"<b>{_e(tr('OPEN: no follow-up recorded'))}</b>"
        else:
            follow = _e(
                tr("{outcome}. {what} — checked by {who}, {when}").format(
                    outcome=tr(a.outcome_label),
                    what=a.follow_up,
                    who=a.checked_by_name,
                    when=_when(a.checked_at, m.zone),
                )
            )
        rows.append(
            f"<tr><td>{_e(day_text(a.raised_on))}</td><td>{_e(a.instrument_title)}</td>"
            f"<td>{_e(tr('item {item} answered {answer}').format(item=a.item, answer=a.answer))}</td>"
            f"<td>{follow}</td></tr>"
        )
    return f"<h3>{_e(tr('Safety alerts'))}</h3>" + html_table(
        _head("Raised", "Instrument", "Answer", "Follow-up"), rows
    )


def _results(m: MeasuresPrint) -> str:
    out = []
    body = font(10)
    for series in m.series:
        out.append(_img(series_png(series, PAGE_WIDTH, CHART_HEIGHT, DPI, body), PAGE_WIDTH, CHART_HEIGHT))
        rows = []
        for v in m.results:
            if v.instrument != series.key:
                continue
            total = "—" if v.total is None else str(v.total)
            if v.subscales:
                total = ", ".join(f"{k} {n}" for k, n in v.subscales.items())
            note = tr("Safety alert") if v.alerts else ""
            if v.supersedes_id is not None:
                note = (note + "; " if note else "") + tr("corrects an earlier entry: {why}").format(
                    why=v.reason
                )
            cells = (day_text(v.given_on), total, v.band_label or "—", v.given_by_name, note)
            rows.append("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in cells) + "</tr>")
        out.append(html_table(_head("Given", "Score", "Band", "Given by", "Note"), rows))
    return "".join(out)


def _detox(m: MeasuresPrint) -> str:
    out = []
    body = font(10)
    for d, series in zip(m.detox, m.detox_series, strict=True):
        state = (
            tr("ended {when}: {why}").format(when=_when(d.ended_at, m.zone), why=tr(d.end_label))
            if d.ended_at
            else tr("in progress")
        )
        title = tr("Detox monitoring: {substance}, from {when}").format(
            substance=tr(d.substance_label), when=_when(d.started_at, m.zone)
        )
        out.append(
            f"<h3>{_e(title)}</h3>"
            f"<p class='meta'>{_e(tr('Prescriber: {who}').format(who=d.prescriber or '—'))} · {_e(state)}</p>"
            f"<p>{_e(tr('Plan (as the prescriber wrote it): {plan}').format(plan=d.plan))}</p>"
        )
        out.append(_img(series_png(series, PAGE_WIDTH, CHART_HEIGHT, DPI, body), PAGE_WIDTH, CHART_HEIGHT))
        rows = []
        for o in d.current:
            v = o.vitals
            cells = (
                _when(o.observed_at, m.zone),
                str(o.score),
                str(v.pulse or "—"),
                f"{v.systolic}/{v.diastolic}" if v.systolic else "—",
                f"{v.temperature_f:g}" if v.temperature_f else "—",
                "; ".join(f.message for f in o.flags) or "—",
                o.recorded_by_name,
            )
            rows.append("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in cells) + "</tr>")
        out.append(
            html_table(_head("Time", d.title, "Pulse", "BP", "Temp °F", "Higher level of care?", "By"), rows)
        )
    return "".join(out)


def _screens(m: MeasuresPrint) -> str:
    if not m.screens:
        return ""
    data, height = grid_png(m.grid, PAGE_WIDTH, DPI, font(10))
    rows = []
    for s in m.screens:
        found = ", ".join(
            f"{tr(r.substance_label)}: {tr(r.result_label).lower()}"
            + (f" ({r.medication})" if r.medication else "")
            for r in s.results
        )
        how = f"{tr(s.specimen_label)}, {tr(s.method_label).lower()}, " + (
            tr("observed") if s.observed else tr("not observed")
        )
        rows.append(
            f"<tr><td>{_e(day_text(s.collected_on))}</td><td>{_e(how)}</td><td>{_e(found)}</td>"
            f"<td>{_e(s.recorded_by_name)}</td></tr>"
        )
    return (
        f"<h3>{_e(tr('Drug screens'))}</h3>"
        + _img(data, PAGE_WIDTH, height)
        + html_table(_head("Collected", "Specimen", "Results", "Recorded by"), rows)
    )


def _due(m: MeasuresPrint) -> str:
    if not m.due:
        return ""
    items = ", ".join(
        f"{d.title} ({tr(d.occasion_label).lower()}, {tr('due')} {day_text(d.due_on)})" for d in m.due
    )
    return f"<p class='meta'>{_e(tr('Due now or soon: {items}').format(items=items))}</p>"


def measures_html(m: MeasuresPrint) -> str:
    """The section, from its heading on ("" when there is nothing to print)."""
    ensure_gui_application()  # the charts are painted now, before the page layout begins
    parts = [_alerts(m), _results(m), _detox(m), _screens(m), _due(m)]
    if not any(parts):
        return ""
    period = tr("from {start} to {end}").format(start=day_text(m.start), end=day_text(m.end))
    return f"<h2>{_e(tr('Measures'))}</h2><p class='meta'>{_e(period)}</p>" + "".join(parts)
