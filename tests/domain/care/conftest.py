"""Every treatment-chart test runs on TODAY (tests/support/factories.py), whatever the calendar says."""

from __future__ import annotations

import pytest

from tests.support import factories as f


@pytest.fixture(autouse=True)
def today(monkeypatch):  # type: ignore[no-untyped-def]
    return f.pin_today(monkeypatch)
