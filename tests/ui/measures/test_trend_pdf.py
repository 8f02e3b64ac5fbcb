"""The trend chart drawn by QPainter: the bands tinted behind the points, an alert in red; and the
same drawing printed in the chart PDF, with the measures section after the treatment records."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFont, QImage, QPainter

from iopdesk.domain.care.chart import chart_for_print
from iopdesk.domain.measures import detox, results, screens, trends
from iopdesk.domain.measures.screens import SubstanceResult
from iopdesk.domain.measures.trends import BandArea, Line, Point, Series
from iopdesk.render import chart_pdf, trend_chart
from iopdesk.store.models import AuditEvent
from tests.support.factories import TODAY
from tests.support.measures_factories import NOON, ciwa, phq9

DAY = dt.timedelta(days=1)
START = dt.datetime(2025, 3, 1)


def drawn(series: Series, width: int = 600, height: int = 300) -> QImage:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    font = QFont("Helvetica")
    font.setPointSizeF(9)
    trend_chart.draw_series(painter, QRectF(0, 0, width, height), series, font)
    painter.end()
    return image


def near(a: QColor, b: QColor) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) < 12


def test_the_bands_are_tinted_behind_and_an_alert_point_is_red(qapp) -> None:  # type: ignore[no-untyped-def]
    series = Series(
        "phq9",
        "PHQ-9",
        "",
        27.0,
        (BandArea(0, 10, "Low", 0.0), BandArea(10, 27, "High", 1.0)),
        (Line("", (Point(START + 2 * DAY, 5.0), Point(START + 8 * DAY, 20.0, flagged=True))),),
        START,
        START + 10 * DAY,
    )
    image = drawn(series)
    colours = {image.pixelColor(x, y).name() for x in range(60, 560, 7) for y in range(40, 260, 7)}
    assert trend_chart.band_colour(0.0).name() in colours and trend_chart.band_colour(1.0).name() in colours
    assert any(near(QColor(c), trend_chart.ALERT) for c in colours)  # the flagged point
    assert any(near(QColor(c), trend_chart.LINE_COLOURS[0]) for c in colours)  # the line and points
    empty = drawn(Series("gad7", "GAD-7", "", 21.0, (), (Line("", ()),), START, START + DAY))
    assert not any(
        near(empty.pixelColor(x, y), trend_chart.ALERT) for x in range(0, 600, 5) for y in range(0, 300, 5)
    )


def test_the_printed_chart_carries_the_trends(qapp, tmp_path, load) -> None:  # type: ignore[no-untyped-def]
    for n, item9 in enumerate((0, 1, 0)):
        results.give(
            load.counselor,
            load.client_id,
            "phq9",
            phq9(2, 2, 2, 1, 1, 1, 1, 1, item9),
            given_at=NOON - (18 - 7 * n) * DAY,
        )
    episode = detox.start(
        load.counselor, load.client_id, "alcohol", "Per Dr. Lee.", started_at=NOON - 10 * DAY
    )
    detox.observe(
        load.counselor, episode.id, ciwa(12), observed_at=NOON - 10 * DAY + 2 * dt.timedelta(hours=1)
    )
    screens.record(
        load.counselor,
        load.client_id,
        collected_on=TODAY - 3 * DAY,
        specimen="urine",
        method="point_of_care",
        observed=True,
        results=[SubstanceResult("opiates", "negative")],
    )
    packet = chart_for_print(load.counselor, load.client_id)
    measures = trends.for_print(load.counselor, load.client_id)
    html = chart_pdf.chart_html(packet, measures)
    assert "<h2>Measures</h2>" in html and html.count("data:image/png;base64,") == 3  # PHQ-9, detox, screens
    assert "OPEN: no follow-up recorded" in html and "Per Dr. Lee." in html
    with_measures, without = tmp_path / "with.pdf", tmp_path / "without.pdf"
    pages = chart_pdf.write_chart_pdf(packet, str(with_measures), measures)
    assert pages > chart_pdf.write_chart_pdf(packet, str(without))
    assert with_measures.read_bytes().count(b"/Subtype /Image") >= 3
    assert AuditEvent.select().where(AuditEvent.record_id == "measures").count() == 1  # the disclosure
