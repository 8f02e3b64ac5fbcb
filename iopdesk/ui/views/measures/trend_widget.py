"""The trend charts as widgets: the drawing is iopdesk.render.trend_chart's (the same as on paper);
these add a size, and a tooltip naming the point under the mouse."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize
from PySide6.QtGui import QHelpEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from iopdesk.domain.measures.trends import ScreenGrid, Series
from iopdesk.render.trend_chart import (
    PRINT,
    SCREEN_DARK,
    SCREEN_HIGH_CONTRAST,
    Ink,
    draw_screen_grid,
    draw_series,
    grid_height,
)
from iopdesk.ui.look import kind_of


def screen_ink(widget: QWidget) -> Ink:
    """The chart's colours for the palette the widget is drawn in (paper's on a light one)."""
    kind = kind_of(widget.palette())
    return SCREEN_HIGH_CONTRAST if kind == "high_contrast" else SCREEN_DARK if kind == "dark" else PRINT


class TrendChart(QWidget):
    def __init__(self, series: Series, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series = series
        self.setMinimumHeight(200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName(self.tr("Trend of {title}").format(title=series.title))
        self.setAccessibleDescription(self.describe())

    def describe(self) -> str:
        """The chart in words, for a screen reader and a tooltip-less look."""
        points = [p for line in self.series.lines for p in line.points]
        if not points:
            return self.tr("No results in this period.")
        return "; ".join(p.label or f"{p.value:g}" for p in points)

    def set_series(self, series: Series) -> None:
        self.series = series
        self.setAccessibleDescription(self.describe())
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(640, 240)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        try:
            area = QRectF(self.rect()).adjusted(4, 2, -4, -2)
            draw_series(painter, area, self.series, self.font(), screen_ink(self))
        finally:
            painter.end()

    def _nearest(self, at: QPointF) -> str:
        """The label of the point nearest the mouse, across the plot's width (approximately)."""
        points = [p for line in self.series.lines for p in line.points]
        if not points:
            return ""
        span = max((self.series.end - self.series.start).total_seconds(), 1.0)
        left, width = 40.0, max(self.width() - 50.0, 1.0)
        moment = (at.x() - left) / width * span
        best = min(points, key=lambda p: abs((p.at - self.series.start).total_seconds() - moment))
        return best.label or f"{best.value:g}"

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self._nearest(QPointF(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)


class ScreenGridChart(QWidget):
    def __init__(self, grid: ScreenGrid, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = grid
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(self.tr("Drug screens by week"))

    def set_grid(self, grid: ScreenGrid) -> None:
        self.grid = grid
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(640, int(grid_height(self.grid, self.fontMetrics().lineSpacing() * 0.9)) + 8)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        try:
            draw_screen_grid(
                painter, QRectF(self.rect()).adjusted(4, 2, -4, -2), self.grid, self.font(), screen_ink(self)
            )
        finally:
            painter.end()
