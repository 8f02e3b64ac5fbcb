"""The sign-in tests' encrypted clinic, locked."""

from __future__ import annotations

from pathlib import Path

import pytest

from iopdesk.domain.access import accounts, unlock
from iopdesk.front_door import Opened
from iopdesk.paths import resolve_paths
from iopdesk.store.database import Target
from iopdesk.store.models import database as proxy
from tests.support.signin_support import ADMIN_PASSWORD, add_staff


@pytest.fixture
def locked(tmp_path: Path):  # type: ignore[no-untyped-def]
    """An encrypted clinic (administrator "admin", counselor "casey"), closed: it waits for a sign-in."""
    target = Target(path=tmp_path / "clinic.sqlite3")
    db = unlock.create_clinic(target)
    admin, key = accounts.first_run_setup(
        "Lakeside Recovery", "Main site", "America/New_York", "admin", "Ada Admin", ADMIN_PASSWORD
    )
    add_staff(admin, "casey")
    db.close()
    proxy.initialize(None)
    opened = Opened(None, target, resolve_paths().ensure())
    yield opened, key
    if opened.db is not None:
        opened.db.close()
    proxy.initialize(None)
