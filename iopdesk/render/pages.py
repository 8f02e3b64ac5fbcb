"""What every printed report shares: HTML laid out page by page onto a US Letter QPdfWriter.

No widget is needed (the command line uses this with an offscreen
QGuiApplication). The HTML goes into a QTextDocument whose page size is the
body of a page; each page gets a running header (two texts, left and right)
and a footer with the 42 CFR Part 2 notice (a printout is a disclosure, so the
notice is on every page) and "Page n of N". Every time printed is the site's
clock with the zone named (``site_when``, ``prepared_text``), as on screen.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable

from PySide6.QtCore import QBuffer, QCoreApplication, QIODevice, QMarginsF, QRectF, QSizeF, Qt
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

from iopdesk.render.text import clock_text

DPI = 300
MARGIN_INCHES = 0.7
# A table cell's padding (about 2 pt on the writer; a CSS padding on the cells would override it).
CELL_PADDING = 1


def tr(text: str) -> str:
    return QCoreApplication.translate("print", text)


def ensure_gui_application() -> QCoreApplication:
    """The running application, or an offscreen QGuiApplication for a command run from a terminal."""
    app = QCoreApplication.instance()
    if app is None:
        app = QGuiApplication([sys.argv[0] if sys.argv else "iopdesk", "-platform", "offscreen"])
    return app


def day_text(day: dt.date) -> str:
    """March 4, 2025"""
    return f"{day:%B} {day.day}, {day.year}"


def zone_name(local: dt.datetime) -> str:
    """The zone named beside a printed time: "EST", "CDT", "UTC"; else its offset, "UTC+05:30"."""
    name = local.tzname() or ""
    if name and name[0].isalpha():
        return name
    offset = local.utcoffset() or dt.timedelta(0)
    sign = "-" if offset < dt.timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def site_when(moment: dt.datetime, zone: dt.tzinfo) -> str:
    """A stored UTC time as the site's clock reads it, the zone named: "March 4, 2025 at 3:17 pm EST".

    Every time on paper is the site's (as on screen and in the audit trail), never the
    zone of the computer that printed it, so two times on one page can be compared.
    """
    aware = moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment  # stored times are UTC
    local = aware.astimezone(zone)
    return tr("{day} at {time} {zone}").format(
        day=day_text(local.date()), time=clock_text(local.time()), zone=zone_name(local)
    )


def prepared_text(who: str, moment: dt.datetime, zone: dt.tzinfo) -> str:
    """ "Prepared by Casey Counselor on March 4, 2025 at 3:17 pm EST" (the site's clock)."""
    return tr("Prepared by {who} on {when}").format(who=who or tr("(unknown)"), when=site_when(moment, zone))


def font(size: float, *, bold: bool = False) -> QFont:
    chosen = QFont("Helvetica")
    chosen.setStyleHint(QFont.StyleHint.SansSerif)
    chosen.setPointSizeF(size)
    chosen.setBold(bold)
    return chosen


def html_table(head: str, rows: list[str]) -> str:
    """A full-width bordered table whose header row repeats on every page it runs onto."""
    return (
        f"<table class='grid' width='100%' cellspacing='0' cellpadding='{CELL_PADDING}'>"
        f"<thead><tr>{head}</tr></thead>{''.join(rows)}</table>"
    )


def pdf_bytes(draw: Callable[[QIODevice], int]) -> tuple[bytes, int]:
    """A PDF drawn in memory by ``draw`` (one of the write_*_pdf functions given a device instead
    of a path): its bytes and page count. The command line records a disclosure before any byte
    of it reaches the disk."""
    ensure_gui_application()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    try:
        pages = draw(buffer)
        return bytes(buffer.data().data()), pages
    finally:
        buffer.close()


def write_html_pdf(
    path: str | QIODevice,
    html: str,
    *,
    title: str,
    running_left: str,
    running_right: str,
    notice: str,
    body_font_size: float = 10,
) -> int:
    """Write ``html`` to ``path`` (a file name, or a device such as a QBuffer) as a paginated PDF;
    returns the number of pages.

    OSError when the file cannot be written."""
    ensure_gui_application()
    if isinstance(path, str):
        with open(path, "wb"):  # Qt would only log a warning; this says why (folder missing, read-only…)
            pass
    writer = QPdfWriter(path)
    writer.setResolution(DPI)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
    margin = MARGIN_INCHES
    writer.setPageMargins(QMarginsF(margin, margin, margin, margin), QPageLayout.Unit.Inch)
    writer.setTitle(title)
    writer.setCreator("IOPdesk")
    width, height = float(writer.width()), float(writer.height())

    footer_font = font(7.5)
    notice = notice.strip() or tr("Confidential client information.")
    metrics = QFontMetricsF(footer_font, writer)
    wrap = int(Qt.TextFlag.TextWordWrap)
    notice_h = metrics.boundingRect(QRectF(0, 0, width, height), wrap, notice).height()
    footer_h = notice_h + metrics.lineSpacing() * 2.2
    header_h = QFontMetricsF(font(8), writer).lineSpacing() * 2.0
    body_h = height - header_h - footer_h

    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)
    doc.setDefaultFont(font(body_font_size))
    doc.setDocumentMargin(0)
    doc.setHtml(html)
    doc.setPageSize(QSizeF(width, body_h))
    pages = max(doc.pageCount(), 1)

    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"cannot write {path}")
    try:
        for page in range(pages):
            if page:
                writer.newPage()
            painter.setPen(QColor("#555555"))
            painter.setFont(font(8))
            painter.drawText(QRectF(0, 0, width, header_h), Qt.AlignmentFlag.AlignLeft, running_left)
            painter.drawText(QRectF(0, 0, width, header_h), Qt.AlignmentFlag.AlignRight, running_right)
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
    footer_font: QFont,
    notice: str,
    notice_h: float,
    width: float,
    height: float,
    page: int,
    pages: int,
) -> None:
    """A rule, the Part 2 notice, and the page number under it, at the foot of the page."""
    line = QFontMetricsF(footer_font, painter.device()).lineSpacing()
    number_top = height - line
    notice_top = number_top - notice_h - line * 0.3
    painter.setPen(QColor("#888888"))
    painter.drawLine(0, int(notice_top - line * 0.5), int(width), int(notice_top - line * 0.5))
    painter.setPen(QColor("#333333"))
    painter.setFont(footer_font)
    top_left = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    painter.drawText(
        QRectF(0, notice_top, width, notice_h + 1), top_left | int(Qt.TextFlag.TextWordWrap), notice
    )
    painter.drawText(
        QRectF(0, number_top, width, line),
        int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop),
        tr("Page {page} of {pages}").format(page=page, pages=pages),
    )
