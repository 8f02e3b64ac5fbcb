"""Trend charts drawn with QPainter alone: an instrument's scores over the episode with its bands
tinted behind, detox scores over hours with the clinic's threshold dashed, and drug-screen results
week by week. The same drawing serves the screen (a widget's paintEvent) and paper (``chart_png``,
embedded in the chart PDF), so the two always agree.

Why QPainter and not a charting library: Qt Charts ships only in PySide6-Addons (a 175 MB wheel,
422 MB installed, for 4 MB of charts) and pyqtgraph needs numpy (5 MB + 73 MB installed, about
0.3 s more start-up); both draw through QtWidgets, which render/ may not use (a PDF is drawn with
no widgets). A line over tinted bands is a few hundred lines of painting.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QCoreApplication, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPainterPath, QPen, QPolygonF

from iopdesk.domain.measures.trends import ScreenGrid, Series
from iopdesk.domain.measures.vocab import RESULT_MARKS, SCREEN_RESULTS


@dataclass(frozen=True)
class Ink:
    """The colours a chart is drawn in: paper's (``PRINT``, also the light screen's), or a dark or
    high-contrast screen's, so titles, axes and lines read on the background they are drawn over."""

    text: QColor
    muted: QColor
    grid: QColor
    paper: QColor
    lines: tuple[QColor, ...]
    alert: QColor
    bands: tuple[QColor, QColor, QColor]  # the best band's tint, the middle's, the worst's
    results: dict[str, QColor]


def _ink(text: str, muted: str, grid: str, paper: str, lines: tuple[str, ...], alert: str,
         bands: tuple[str, str, str], results: tuple[str, str, str, str]) -> Ink:  # fmt: skip
    keys = ("negative", "expected_positive", "invalid", "positive")
    return Ink(
        QColor(text), QColor(muted), QColor(grid), QColor(paper), tuple(QColor(c) for c in lines),
        QColor(alert), (QColor(bands[0]), QColor(bands[1]), QColor(bands[2])),
        {k: QColor(c) for k, c in zip(keys, results, strict=True)},
    )  # fmt: skip


# Band tints from the best band (green) through amber to the worst (red), light enough to read over.
PRINT = _ink("#263238", "#607d8b", "#cfd8dc", "#ffffff", ("#1f4e79", "#8e24aa", "#2e7d32"), "#c62828",
             ("#e3f2e5", "#fff3cd", "#fbdcdc"), ("#c8e6c9", "#bbdefb", "#e0e0e0", "#ef9a9a"))  # fmt: skip
ALERT, LINE_COLOURS = PRINT.alert, PRINT.lines  # paper's flagged point and lines
SCREEN_DARK = _ink("#e8e8e8", "#aab6bc", "#4a5157", "#1f2023", ("#64b5f6", "#ce93d8", "#81c784"),
                   "#ff6e6e", ("#1d3322", "#3a3420", "#4a2426"),
                   ("#2e4d30", "#223f5c", "#3d3d3d", "#6b2b2b"))  # fmt: skip
SCREEN_HIGH_CONTRAST = _ink("#ffffff", "#ffffff", "#bdbdbd", "#000000", ("#ffff00", "#00ffff", "#ffffff"),
                            "#ff6e6e", ("#002200", "#222200", "#380000"),
                            ("#003300", "#002244", "#333333", "#550000"))  # fmt: skip


def tr(text: str) -> str:
    return QCoreApplication.translate("trend_chart", text)


def band_colour(level: float, ink: Ink = PRINT) -> QColor:
    best, middle, worst = ink.bands
    if level <= 0.5:
        return _mix(best, middle, level * 2)
    return _mix(middle, worst, (level - 0.5) * 2)


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    t = min(max(t, 0.0), 1.0)
    return QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    )


def _unit(painter: QPainter) -> float:
    """One screen pixel on this device (a 300 dpi page has about three)."""
    device = painter.device()
    return max(device.logicalDpiX() / 96.0, 1.0) if device is not None else 1.0


def _font(base: QFont, scale: float, bold: bool = False) -> QFont:
    font = QFont(base)
    font.setPointSizeF(max(base.pointSizeF(), 6.0) * scale)
    font.setBold(bold)
    return font


def _ticks(series: Series, width: float, label_width: float) -> list[tuple[dt.datetime, str]]:
    """Where the x axis is labelled: whole days/weeks/months, or whole hours, never crowded."""
    span = (series.end - series.start).total_seconds()
    room = max(int(width // (label_width * 1.6)), 2)
    if series.x_unit == "hours":
        hours = span / 3600
        step = next((s for s in (1, 2, 3, 4, 6, 12, 24, 48, 72, 168) if hours / s <= room), 168)
        out, h = [], 0
        while h <= hours + 1e-9:
            out.append((series.start + dt.timedelta(hours=h), tr("{n} h").format(n=h)))
            h += step
        return out
    days = span / 86400
    step = next((s for s in (1, 2, 7, 14, 28, 56, 91, 182, 364) if days / s <= room), 364)
    first = series.start.date() + dt.timedelta(days=1 if series.start.time() > dt.time() else 0)
    if step >= 7:  # on Mondays, so weeks read as weeks
        first += dt.timedelta(days=(7 - first.weekday()) % 7)
    out = []
    day = first
    while dt.datetime.combine(day, dt.time()) <= series.end:
        out.append((dt.datetime.combine(day, dt.time(12)), f"{day:%b} {day.day}"))
        day += dt.timedelta(days=step)
    return out


def draw_series(
    painter: QPainter, rect: QRectF, series: Series, font: QFont | None = None, ink: Ink = PRINT
) -> None:
    """Draw ``series`` filling ``rect``: a title, the y axis in scores, the x axis in dates or hours,
    the bands tinted behind, the threshold dashed, the points joined (an alert in red)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    unit = _unit(painter)
    base = font or painter.font()
    small, title_font = _font(base, 0.85), _font(base, 1.0, bold=True)
    fm_small = QFontMetricsF(small, painter.device())
    fm_title = QFontMetricsF(title_font, painter.device())

    painter.setFont(title_font)
    painter.setPen(ink.text)
    title_h = fm_title.lineSpacing() * 1.3
    head = QRectF(rect.left(), rect.top(), rect.width(), title_h)
    painter.drawText(head, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), series.title)
    if series.caption:
        painter.setFont(small)
        painter.setPen(ink.muted)
        painter.drawText(
            head, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), series.caption
        )

    left = fm_small.horizontalAdvance("888") + 8 * unit
    bottom = fm_small.lineSpacing() * 1.6
    legend = fm_small.lineSpacing() * 1.4 if len(series.lines) > 1 else 0.0
    plot = QRectF(
        rect.left() + left,
        rect.top() + title_h + 4 * unit,
        max(rect.width() - left - 6 * unit, 10.0),
        max(rect.height() - title_h - bottom - legend - 6 * unit, 10.0),
    )
    y_max = series.y_max or 1.0

    def y_of(value: float) -> float:
        return plot.bottom() - (min(max(value, 0.0), y_max) / y_max) * plot.height()

    span = max((series.end - series.start).total_seconds(), 1.0)

    def x_of(at: dt.datetime) -> float:
        return plot.left() + ((at - series.start).total_seconds() / span) * plot.width()

    painter.setFont(small)
    painter.fillRect(plot, ink.paper)
    for band in series.bands:
        top, low = y_of(band.high), y_of(band.low)
        area = QRectF(plot.left(), top, plot.width(), low - top)
        painter.fillRect(area, band_colour(band.level, ink))
        if area.height() >= fm_small.height():
            painter.setPen(ink.muted)
            painter.drawText(
                area.adjusted(0, 0, -4 * unit, 0),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                band.label,
            )
    y_ticks = sorted({0.0, y_max, *(b.low for b in series.bands)})
    if not series.bands:
        step = 4.0 if y_max <= 24 else 10.0
        y_ticks = [i * step for i in range(int(y_max // step) + 1)]
    for value in y_ticks:
        y = y_of(value)
        painter.setPen(QPen(ink.grid, unit * 0.8))
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(ink.muted)
        painter.drawText(
            QRectF(rect.left(), y - fm_small.height() / 2, left - 4 * unit, fm_small.height()),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            f"{value:g}",
        )
    label_width = fm_small.horizontalAdvance("Mar 30")
    for at, text in _ticks(series, plot.width(), label_width):
        x = x_of(at)
        if not plot.left() - 1 <= x <= plot.right() + 1:
            continue
        painter.setPen(QPen(ink.grid, unit * 0.8))
        painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 3 * unit))
        painter.setPen(ink.muted)
        box = QRectF(x - label_width, plot.bottom() + 3 * unit, label_width * 2, fm_small.lineSpacing())
        if box.right() > rect.right():  # the last label stays inside the chart
            box.moveRight(rect.right())
        painter.drawText(box, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), text)
    painter.setPen(QPen(ink.muted, unit))
    painter.drawRect(plot)

    if series.threshold is not None:
        y = y_of(series.threshold)
        pen = QPen(ink.alert, unit * 1.4, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(ink.alert)
        painter.drawText(
            QRectF(plot.left() + 4 * unit, y - fm_small.lineSpacing(), plot.width(), fm_small.lineSpacing()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom),
            series.threshold_label,
        )

    if series.empty:
        painter.setPen(ink.muted)
        painter.drawText(plot, int(Qt.AlignmentFlag.AlignCenter), tr("No results in this period."))
    radius = 3.2 * unit
    for n, line in enumerate(series.lines):
        colour = ink.lines[n % len(ink.lines)]
        points = [QPointF(x_of(p.at), y_of(p.value)) for p in line.points]
        if len(points) > 1:
            path = QPainterPath(points[0])
            for p in points[1:]:
                path.lineTo(p)
            painter.setPen(QPen(colour, unit * 2.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
        for point, p in zip(line.points, points, strict=True):
            if point.flagged:
                painter.setPen(QPen(ink.paper, unit))
                painter.setBrush(ink.alert)
                r = radius * 1.6
                painter.drawPolygon(
                    QPolygonF(
                        [
                            QPointF(p.x(), p.y() - r),
                            QPointF(p.x() + r, p.y()),
                            QPointF(p.x(), p.y() + r),
                            QPointF(p.x() - r, p.y()),
                        ]
                    )
                )
            else:
                painter.setPen(QPen(ink.paper, unit))
                painter.setBrush(colour)
                painter.drawEllipse(p, radius, radius)
    if legend:
        x = plot.left()
        y = rect.bottom() - legend
        for n, line in enumerate(series.lines):
            colour = ink.lines[n % len(ink.lines)]
            painter.setPen(QPen(colour, unit * 3))
            painter.drawLine(QPointF(x, y + legend / 2), QPointF(x + 14 * unit, y + legend / 2))
            painter.setPen(ink.text)
            text_w = fm_small.horizontalAdvance(line.name) + 4 * unit
            painter.drawText(
                QRectF(x + 18 * unit, y, text_w, legend), int(Qt.AlignmentFlag.AlignVCenter), line.name
            )
            x += 30 * unit + text_w
    painter.restore()


def draw_screen_grid(
    painter: QPainter, rect: QRectF, grid: ScreenGrid, font: QFont | None = None, ink: Ink = PRINT
) -> None:
    """Substances down, weeks across: each week's worst result as a tinted cell with its mark."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    unit = _unit(painter)
    base = font or painter.font()
    small, title_font = _font(base, 0.85), _font(base, 1.0, bold=True)
    fm = QFontMetricsF(small, painter.device())
    fm_title = QFontMetricsF(title_font, painter.device())
    painter.setFont(title_font)
    painter.setPen(ink.text)
    title_h = fm_title.lineSpacing() * 1.3
    painter.drawText(
        QRectF(rect.left(), rect.top(), rect.width(), title_h),
        int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
        tr(grid.title),
    )
    painter.setFont(small)
    if grid.empty:
        painter.setPen(ink.muted)
        painter.drawText(
            rect.adjusted(0, title_h, 0, 0),
            int(Qt.AlignmentFlag.AlignCenter),
            tr("No drug screens in this period."),
        )
        painter.restore()
        return
    names = [label for _key, label in grid.substances]
    left = max(fm.horizontalAdvance(n) for n in names) + 8 * unit
    legend_h = fm.lineSpacing() * 1.6
    head_h = fm.lineSpacing() * 1.4
    body = QRectF(
        rect.left() + left,
        rect.top() + title_h + head_h,
        rect.width() - left,
        rect.height() - title_h - head_h - legend_h,
    )
    cols, rows = len(grid.weeks), len(grid.substances)
    cell_w = body.width() / max(cols, 1)
    cell_h = min(body.height() / max(rows, 1), fm.lineSpacing() * 1.8)
    every = max(1, math.ceil(fm.horizontalAdvance("Mar 30") * 1.4 / max(cell_w, 1)))
    for c, week in enumerate(grid.weeks):
        if c % every == 0:
            painter.setPen(ink.muted)
            painter.drawText(
                QRectF(body.left() + c * cell_w, body.top() - head_h, cell_w * every, head_h),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                f"{week:%b} {week.day}",
            )
    for r, (key, label) in enumerate(grid.substances):
        y = body.top() + r * cell_h
        painter.setPen(ink.text)
        painter.drawText(
            QRectF(rect.left(), y, left - 6 * unit, cell_h),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            label,
        )
        for c in range(cols):
            cell = QRectF(body.left() + c * cell_w, y, cell_w, cell_h)
            result = grid.cells.get((key, c))
            painter.setPen(QPen(ink.grid, unit * 0.8))
            painter.setBrush(ink.results[result] if result else ink.paper)
            painter.drawRect(cell)
            if result and cell_w >= fm.horizontalAdvance("Rx") + 2 * unit:
                painter.setPen(ink.text)
                painter.drawText(cell, int(Qt.AlignmentFlag.AlignCenter), RESULT_MARKS[result])
    x = body.left()
    y = body.top() + rows * cell_h + legend_h * 0.25
    for result, colour in ink.results.items():
        box = QRectF(x, y + legend_h * 0.2, legend_h * 0.6, legend_h * 0.6)
        painter.setPen(QPen(ink.grid, unit))
        painter.setBrush(colour)
        painter.drawRect(box)
        text = f"{RESULT_MARKS[result]} {tr(SCREEN_RESULTS[result])}"
        painter.setPen(ink.text)
        w = fm.horizontalAdvance(text) + 6 * unit
        painter.drawText(
            QRectF(box.right() + 4 * unit, y, w, legend_h), int(Qt.AlignmentFlag.AlignVCenter), text
        )
        x = box.right() + 4 * unit + w + 10 * unit
    painter.restore()


def grid_height(grid: ScreenGrid, line: float) -> float:
    """How tall a screen grid wants to be for a line height ``line``."""
    return line * (1.3 + 1.4 + 2.0) + line * 1.8 * max(len(grid.substances), 1)


def _image(width: int, height: int, dpi: int) -> QImage:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    dots = round(dpi / 0.0254)
    image.setDotsPerMeterX(dots)
    image.setDotsPerMeterY(dots)
    image.fill(QColor("#ffffff"))
    return image


def png(image: QImage) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs want bytes; Qt takes str
    return bytes(buffer.data().data())


def series_png(series: Series, width: int, height: int, dpi: int, font: QFont) -> bytes:
    """The chart as a PNG of ``width`` × ``height`` pixels at ``dpi`` (for paper)."""
    image = _image(width, height, dpi)
    painter = QPainter(image)
    try:
        painter.setFont(font)
        draw_series(painter, QRectF(0, 0, width, height), series, font)
    finally:
        painter.end()
    return png(image)


def grid_png(grid: ScreenGrid, width: int, dpi: int, font: QFont) -> tuple[bytes, int]:
    """The screen grid as a PNG ``width`` pixels wide; returns it and its height."""
    line = QFontMetricsF(_font(font, 0.85), _image(8, 8, dpi)).lineSpacing()
    height = int(grid_height(grid, line)) + 4
    image = _image(width, height, dpi)
    painter = QPainter(image)
    try:
        painter.setFont(font)
        draw_screen_grid(painter, QRectF(0, 0, width, height), grid, font)
    finally:
        painter.end()
    return png(image), height
