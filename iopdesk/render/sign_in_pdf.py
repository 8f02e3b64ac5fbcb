"""Drawing a session's sign-in sheet as a PDF (QPdfWriter + QPainter), US Letter, paginated.

Only what the domain's sheet carries is printed: preferred (or first) name and
last initial, never chart numbers or full legal names, since the sheet lies on
a table where every member can read it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QIODevice, QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from iopdesk.domain.overviews.rosters import SignInSheet
from iopdesk.render.text import long_date_text, time_range, tr

DPI = 300
ROW_INCHES = 0.42
COLUMNS = ((0.07, "#"), (0.43, "Name"), (0.15, "Time in"), (0.35, "Signature"))  # fractions of the width


@dataclass(frozen=True)
class SheetLine:
    number: int
    name: str  # "" for a walk-in line


def sheet_lines(sheet: SignInSheet, walk_ins: int) -> list[SheetLine]:
    names = [line.name for line in sheet.lines] + [""] * max(walk_ins, 0)
    return [SheetLine(n, name) for n, name in enumerate(names, start=1)]


def _font(size: float, *, bold: bool = False) -> QFont:
    font = QFont("Helvetica")
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPointSizeF(size)
    font.setBold(bold)
    return font


def write_sign_in_pdf(
    sheet: SignInSheet, path: str | QIODevice, *, clinic_name: str, walk_ins: int = 2
) -> int:
    """Write the sheet to ``path`` (a file name, or a device such as a QBuffer: pages.pdf_bytes);
    returns the number of pages. OSError when it cannot be written."""
    if isinstance(path, str):
        with open(path, "wb"):  # Qt would only log a warning; this says why (folder missing, read-only…)
            pass
    writer = QPdfWriter(path)
    writer.setResolution(DPI)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
    writer.setPageMargins(QMarginsF(0.6, 0.6, 0.6, 0.6), QPageLayout.Unit.Inch)
    writer.setTitle(tr("Sign-in sheet"))
    writer.setCreator("IOPdesk")
    lines = sheet_lines(sheet, walk_ins)
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"cannot write {path}")
    try:
        width = float(writer.width())
        height = float(writer.height())
        row_h = ROW_INCHES * DPI
        header_bottom = _draw_header(painter, sheet, clinic_name, width)
        # A printed sheet names the members: the clinic's Part 2 notice at the foot of every page.
        notice = sheet.part2_notice.strip()
        wrap = int(Qt.TextFlag.TextWordWrap)
        notice_h = (
            QFontMetricsF(_font(6.5), writer).boundingRect(QRectF(0, 0, width, height), wrap, notice).height()
            if notice
            else 0.0
        )
        footer_h = 0.45 * DPI + notice_h
        per_page = max(int((height - header_bottom - footer_h - row_h) // row_h), 1)
        pages = max((len(lines) + per_page - 1) // per_page, 1)
        for page in range(pages):
            if page:
                writer.newPage()
                header_bottom = _draw_header(painter, sheet, clinic_name, width)
            chunk = lines[page * per_page : (page + 1) * per_page]
            _draw_table(painter, chunk, header_bottom, width, row_h)
            _draw_footer(painter, width, height, page + 1, pages, notice, notice_h)
    finally:
        painter.end()
    return pages


def _draw_header(painter: QPainter, sheet: SignInSheet, clinic_name: str, width: float) -> float:
    y = 0.0
    painter.setPen(QColor("#555555"))
    painter.setFont(_font(9))
    painter.drawText(QRectF(0, y, width, 0.25 * DPI), Qt.AlignmentFlag.AlignLeft, clinic_name)
    painter.drawText(QRectF(0, y, width, 0.25 * DPI), Qt.AlignmentFlag.AlignRight, tr("Sign-in sheet"))
    y += 0.3 * DPI
    painter.setPen(QColor("#000000"))
    painter.setFont(_font(18, bold=True))
    painter.drawText(QRectF(0, y, width, 0.4 * DPI), Qt.AlignmentFlag.AlignLeft, sheet.group_name)
    y += 0.45 * DPI
    painter.setFont(_font(12))
    when = f"{long_date_text(sheet.date)}   {time_range(sheet.start_time, sheet.end_time)}"
    painter.drawText(QRectF(0, y, width, 0.25 * DPI), Qt.AlignmentFlag.AlignLeft, when)
    y += 0.28 * DPI
    where = ", ".join(part for part in (sheet.site_name, sheet.room) if part)
    painter.drawText(QRectF(0, y, width, 0.25 * DPI), Qt.AlignmentFlag.AlignLeft, where)
    y += 0.28 * DPI
    label = tr("Facilitators: {names}") if len(sheet.facilitator_names) > 1 else tr("Facilitator: {names}")
    facilitators = label.format(names=", ".join(sheet.facilitator_names) or "—")
    painter.drawText(QRectF(0, y, width, 0.25 * DPI), Qt.AlignmentFlag.AlignLeft, facilitators)
    return y + 0.45 * DPI


def _draw_table(painter: QPainter, lines: list[SheetLine], top: float, width: float, row_h: float) -> None:
    edges = [0.0]
    for fraction, _title in COLUMNS:
        edges.append(edges[-1] + fraction * width)
    painter.setFont(_font(10, bold=True))
    painter.setPen(QColor("#000000"))
    for (fraction, title), left in zip(COLUMNS, edges, strict=False):
        rect = QRectF(left + 0.06 * DPI, top, fraction * width, row_h * 0.8)
        painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, tr(title))
    y = top + row_h * 0.9
    painter.setPen(QPen(QColor("#000000"), 0.02 * DPI))
    painter.drawLine(0, int(y), int(width), int(y))
    thin = QPen(QColor("#888888"), 0.008 * DPI)
    painter.setFont(_font(12))
    for line in lines:
        painter.setPen(QColor("#000000"))
        text_rect = QRectF(edges[0] + 0.06 * DPI, y, COLUMNS[0][0] * width, row_h)
        painter.drawText(
            text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, str(line.number)
        )
        name_rect = QRectF(edges[1] + 0.06 * DPI, y, COLUMNS[1][0] * width, row_h)
        painter.drawText(name_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, line.name)
        y += row_h
        painter.setPen(thin)
        painter.drawLine(0, int(y), int(width), int(y))
    painter.setPen(thin)
    for x in edges[1:-1]:
        painter.drawLine(int(x), int(top + row_h * 0.9), int(x), int(y))


def _draw_footer(
    painter: QPainter, width: float, height: float, page: int, pages: int, notice: str, notice_h: float
) -> None:
    if notice:
        painter.setPen(QColor("#333333"))
        painter.setFont(_font(6.5))
        top = height - 0.3 * DPI - notice_h - 0.05 * DPI
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWordWrap)
        painter.drawText(QRectF(0, top, width, notice_h + 1), flags, notice)
    painter.setPen(QColor("#555555"))
    painter.setFont(_font(8))
    rect = QRectF(0, height - 0.3 * DPI, width, 0.3 * DPI)
    painter.drawText(
        rect,
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
        tr("Confidential client information. Keep with the group, then file or shred."),
    )
    painter.drawText(
        rect,
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
        tr("Page {page} of {pages}").format(page=page, pages=pages),
    )
