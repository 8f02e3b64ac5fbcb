"""The sync tests' clinic: a hub (a SQLite file, or a database on the test server) and one satellite
laptop made from it, on a pinned day after every session they have."""

from __future__ import annotations

from pathlib import Path

import pytest

from iopdesk.store.database import Target
from tests.support import factories as f
from tests.support import sync_places as sp


@pytest.fixture(autouse=True)
def today(monkeypatch):  # type: ignore[no-untyped-def]
    return f.pin_today(monkeypatch, sp.TODAY)


@pytest.fixture
def clinic(tmp_path: Path, db_target: Target) -> sp.Clinic:
    return sp.make_clinic(tmp_path, laptops=1, hub=db_target)
