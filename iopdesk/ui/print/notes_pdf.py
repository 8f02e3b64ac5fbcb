"""A client's notes as a PDF: QTextDocument laid out page by page onto a QPdfWriter, US Letter.

No widget is needed (the command line uses this with an offscreen
QGuiApplication): the notes are HTML in a QTextDocument whose page size is the
body of a page; each page is drawn with a header naming the client and a
footer carrying the 42 CFR Part 2 notice (a printout is a disclosure, so the
notice is on every page) and the page number.
"""

from __future__ import annotations

import datetime as dt
import html
import sys

from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from iopdesk.domain import clock, vocab
from iopdesk.domain.note_body import TemplateDef
from iopdesk.domain.notes import ChartEntry, NoteView, PrintPacket, part_fields, template_for
from iopdesk.ui.text import clock_text, time_range

DPI = 300
MARGIN_INCHES = 0.7


def tr(text: str) -> str:
    return QCoreApplication.translate("notes_pdf", text)


def ensure_gui_application() -> QCoreApplication:
    """The running application, or an offscreen QGuiApplication for a command run from a terminal."""
    app = QCoreApplication.instance()
    if app is None:
        app = QGuiApplication([sys.argv[0] if sys.argv else "iopdesk", "-platform", "offscreen"])
    return app


def _day(day: dt.date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def _when(moment: dt.datetime | None, zone: dt.tzinfo) -> str:
    if moment is None:
        return ""
    local = moment.replace(tzinfo=dt.UTC).astimezone(zone)
    return tr("{day} at {time}").format(day=_day(local.date()), time=clock_text(local.time()))


def _text(value: str) -> str:
    return html.escape(value).replace("\n", "<br>")


def _fields(note: NoteView, template: TemplateDef) -> str:
    rows = []
    for field in part_fields(template, note.is_shared, dict(note.body)):
        text = note.body.get(field.key, "").strip()
        rows.append(
            f"<tr><td class='label' width='30%'>{html.escape(field.label)}</td>"
            f"<td>{_text(text) if text else '<span class=empty>—</span>'}</td></tr>"
        )
    return "<table class='fields' width='100%' cellspacing='0' cellpadding='4'>" + "".join(rows) + "</table>"


def _seal(note: NoteView, zone: dt.tzinfo) -> str:
    if note.status == "signed":
        text = tr("Electronically signed by {name} on {when}.").format(
            name=note.signed_by_name, when=_when(note.signed_at, zone)
        )
        if note.cosigned_by_name:
            text += " " + tr("Co-signed by {name} on {when}.").format(
                name=note.cosigned_by_name, when=_when(note.cosigned_at, zone)
            )
        css = "signed"
    elif note.status == "pending_cosign":
        text = tr("Signed by {name} on {when}; NOT FINAL: awaiting a supervisor's co-signature.").format(
            name=note.signed_by_name, when=_when(note.signed_at, zone)
        )
        css = "unsigned"
    else:
        text = tr("UNSIGNED {status}: this text may still change.").format(
            status=tr(vocab.NOTE_STATUSES.get(note.status, note.status)).upper()
        )
        css = "unsigned"
    out = f"<p class='{css}'>{html.escape(text)}"
    if note.content_hash:
        out += "<br><span class='hash'>" + html.escape(
            tr("Seal (SHA-256): {hash}").format(hash=note.content_hash)
        )
        out += "</span>"
    return out + "</p>"


def _addenda(note: NoteView, zone: dt.tzinfo) -> str:
    out = []
    for a in note.addenda:
        head = tr("Addendum by {name}, signed {when}").format(
            name=a.author_name, when=_when(a.signed_at, zone)
        )
        out.append(
            f"<p class='addendum'><b>{html.escape(head)}</b><br>{_text(a.text)}"
            f"<br><span class='hash'>{html.escape(tr('Seal (SHA-256): {hash}').format(hash=a.content_hash))}"
            "</span></p>"
        )
    return "".join(out)


def _entry(entry: ChartEntry) -> str:
    h = entry.session
    zone = clock.site_zone(h.site_id)
    template = template_for(entry.note.note_format)
    facts = [
        time_range(h.start_time, h.end_time),
        tr(vocab.MODALITIES.get(h.modality, h.modality)),
        entry.note.note_format,
    ]
    if h.facilitators:
        facts.append(tr("Facilitators: {names}").format(names=", ".join(h.facilitators)))
    if h.topic:
        facts.append(tr("Topic: {topic}").format(topic=h.topic))
    out = [
        f"<h2>{html.escape(_day(h.date))} — {html.escape(h.title)}</h2>",
        f"<p class='facts'>{html.escape(' · '.join(facts))}</p>",
    ]
    if entry.shared is not None:
        out.append(f"<h3>{html.escape(tr('Group (written once for every member)'))}</h3>")
        out.append(_fields(entry.shared, template))
        out.append(_seal(entry.shared, zone))
        out.append(f"<h3>{html.escape(tr('This client'))}</h3>")
    out.append(_fields(entry.note, template))
    out.append(_seal(entry.note, zone))
    out.append(_addenda(entry.note, zone))
    return "<div class='entry'>" + "".join(out) + "</div><hr>"


STYLE = """
body { font-family: Helvetica, Arial, sans-serif; font-size: 10pt; color: #000; }
h1 { font-size: 16pt; margin: 0; }
h2 { font-size: 12pt; margin-top: 14pt; margin-bottom: 2pt; }
h3 { font-size: 10pt; margin-top: 6pt; margin-bottom: 2pt; color: #333; }
p.facts, p.meta { color: #444; margin-top: 0; }
table.fields td { vertical-align: top; border-bottom: 1px solid #ddd; }
td.label { width: 28%; font-weight: bold; color: #333; }
span.empty { color: #999; }
p.signed { color: #1d5c2e; }
p.unsigned { color: #9a4f10; font-weight: bold; }
span.hash { color: #666; font-size: 8pt; }
p.addendum { margin-left: 18pt; border-left: 2px solid #999; }
"""


def notes_html(packet: PrintPacket) -> str:
    c = packet.client
    name = c.legal_name + (f" ({c.preferred_name})" if c.preferred_name else "")
    here = dt.datetime.now().astimezone().tzinfo or dt.UTC  # the printing machine's clock
    prepared = _when(packet.prepared_at, here)
    head = [
        f"<p class='meta'>{html.escape(packet.clinic_name)}</p>",
        f"<h1>{html.escape(tr('Session notes — {name}').format(name=name))}</h1>",
        "<p class='meta'>"
        + html.escape(
            tr("Chart {chart} · Date of birth {dob} · Notes from {start} to {end}").format(
                chart=c.chart_number,
                dob=_day(c.date_of_birth),
                start=_day(packet.start),
                end=_day(packet.end),
            )
        )
        + "<br>"
        + html.escape(
            tr("{n} note(s) · Prepared by {who} on {when}").format(
                n=len(packet.entries), who=packet.prepared_by, when=prepared
            )
        )
        + "</p><hr>",
    ]
    if not packet.entries:
        head.append(f"<p>{html.escape(tr('No notes in this period.'))}</p>")
    body = "".join(_entry(e) for e in packet.entries)
    return f"<html><head><style>{STYLE}</style></head><body>{''.join(head)}{body}</body></html>"


def _font(size: float, *, bold: bool = False) -> QFont:
    font = QFont("Helvetica")
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPointSizeF(size)
    font.setBold(bold)
    return font


def write_notes_pdf(packet: PrintPacket, path: str) -> int:
    """Write the packet to ``path``; returns the number of pages. OSError when it cannot be written."""
    ensure_gui_application()
    with open(path, "wb"):  # Qt would only log a warning; this says why (folder missing, read-only…)
        pass
    writer = QPdfWriter(path)
    writer.setResolution(DPI)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
    margin = MARGIN_INCHES
    writer.setPageMargins(QMarginsF(margin, margin, margin, margin), QPageLayout.Unit.Inch)
    writer.setTitle(tr("Session notes"))
    writer.setCreator("IOPdesk")
    width, height = float(writer.width()), float(writer.height())

    footer_font = _font(7.5)
    notice = packet.part2_notice.strip() or tr("Confidential client information.")
    metrics = QFontMetricsF(footer_font, writer)
    wrap = int(Qt.TextFlag.TextWordWrap)
    notice_h = metrics.boundingRect(QRectF(0, 0, width, height), wrap, notice).height()
    footer_h = notice_h + metrics.lineSpacing() * 2.2
    header_h = QFontMetricsF(_font(8), writer).lineSpacing() * 2.0
    body_h = height - header_h - footer_h

    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)
    doc.setDefaultFont(_font(10))
    doc.setDocumentMargin(0)
    doc.setHtml(notes_html(packet))
    doc.setPageSize(QSizeF(width, body_h))
    pages = max(doc.pageCount(), 1)
    c = packet.client
    running = tr("{name} · Chart {chart} · Session notes {start} to {end}").format(
        name=c.legal_name, chart=c.chart_number, start=packet.start.isoformat(), end=packet.end.isoformat()
    )

    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"cannot write {path}")
    try:
        for page in range(pages):
            if page:
                writer.newPage()
            painter.setPen(QColor("#555555"))
            painter.setFont(_font(8))
            painter.drawText(QRectF(0, 0, width, header_h), Qt.AlignmentFlag.AlignLeft, running)
            painter.drawText(QRectF(0, 0, width, header_h), Qt.AlignmentFlag.AlignRight, packet.clinic_name)
            painter.save()
            painter.translate(0, header_h - page * body_h)
            context = QAbstractTextDocumentLayout.PaintContext()
            context.clip = QRectF(0, page * body_h, width, body_h)
            painter.setClipRect(context.clip)
            doc.documentLayout().draw(painter, context)
            painter.restore()
            _footer(painter, footer_font, notice, notice_h, width, height, page + 1, pages)
    finally:
        painter.end()
    return pages


def _footer(
    painter: QPainter,
    font: QFont,
    notice: str,
    notice_h: float,
    width: float,
    height: float,
    page: int,
    pages: int,
) -> None:
    """A rule, the Part 2 notice, and the page number under it, at the foot of the page."""
    line = QFontMetricsF(font, painter.device()).lineSpacing()
    number_top = height - line
    notice_top = number_top - notice_h - line * 0.3
    painter.setPen(QColor("#888888"))
    painter.drawLine(0, int(notice_top - line * 0.5), int(width), int(notice_top - line * 0.5))
    painter.setPen(QColor("#333333"))
    painter.setFont(font)
    top_left = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    painter.drawText(
        QRectF(0, notice_top, width, notice_h + 1), top_left | int(Qt.TextFlag.TextWordWrap), notice
    )
    painter.drawText(
        QRectF(0, number_top, width, line),
        int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop),
        tr("Page {page} of {pages}").format(page=page, pages=pages),
    )
