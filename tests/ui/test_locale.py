"""Dates and times follow the clinic's locale (issue 18): the workstation's, which QLocale's default
carries; a system with none (the "C" locale) reads as the US English IOPdesk was written for."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale

from iopdesk.ui.kit.formatting import date_text, short_day_text, span_text, week_text
from iopdesk.ui.views import today as today_screen
from tests.support import factories as f


@pytest.fixture
def locale() -> Iterator[None]:
    before = QLocale()
    yield
    QLocale.setDefault(before)


def test_without_a_locale_dates_and_times_read_as_in_the_us(locale) -> None:  # type: ignore[no-untyped-def]
    QLocale.setDefault(QLocale.c())
    day = dt.date(2025, 3, 3)
    assert (date_text(day), short_day_text(day)) == ("Mar 3, 2025", "Mon Mar 3")
    assert span_text(dt.time(9), 180) == "9:00 am–12:00 pm"
    assert week_text(day, day + dt.timedelta(days=6)) == "Mar 3 – Mar 9, 2025"


def test_a_uk_clinic_reads_day_month_year_and_a_24_hour_clock(locale) -> None:  # type: ignore[no-untyped-def]
    QLocale.setDefault(QLocale("en_GB"))
    day = dt.date(2025, 3, 3)
    assert (date_text(day), short_day_text(day)) == ("3 Mar 2025", "Mon 3 Mar")
    assert span_text(dt.time(9), 180) == "09:00–12:00"


def test_the_today_screen_says_the_day_the_uk_way(qtbot, actor, monkeypatch, locale) -> None:  # type: ignore[no-untyped-def]
    f.pin_today(monkeypatch)  # Wednesday 12 March 2025
    QLocale.setDefault(QLocale("en_GB"))
    screen = today_screen.build(actor)
    qtbot.addWidget(screen.view)
    screen.activated()
    assert screen.view.subtitle.text().startswith("Wednesday, 12 March 2025")
    QLocale.setDefault(QLocale.c())
    screen.activated()
    assert screen.view.subtitle.text().startswith("Wednesday, March 12, 2025")
