"""Every measures test runs at mid-day on TODAY (tests/support/factories.py), the clock stopped."""

from __future__ import annotations

import pytest

from tests.support import factories as f
from tests.support.measures_factories import NOON


@pytest.fixture(autouse=True)
def today(monkeypatch, frozen_clock):  # type: ignore[no-untyped-def]
    frozen_clock.set(NOON)
    return f.pin_today(monkeypatch)
