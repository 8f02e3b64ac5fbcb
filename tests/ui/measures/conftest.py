"""The measures screens' tests run at mid-day on TODAY, the clock stopped, with a counselor whose
client was admitted 20 days ago (tests/support/measures_factories.py)."""

from __future__ import annotations

import pytest

from tests.support import factories as f
from tests.support.measures_factories import NOON, caseload
from tests.support.windows import host_window


@pytest.fixture(autouse=True)
def today(monkeypatch, frozen_clock):  # type: ignore[no-untyped-def]
    frozen_clock.set(NOON)
    return f.pin_today(monkeypatch)


@pytest.fixture
def load(actor):  # type: ignore[no-untyped-def]
    return caseload(actor)


@pytest.fixture
def host(qtbot):  # type: ignore[no-untyped-def]
    """A window for the dialogs to belong to."""
    return host_window(qtbot)
