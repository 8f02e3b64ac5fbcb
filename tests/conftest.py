"""Shared fixtures: every test gets its own folders and a real temporary SQLite database."""

from __future__ import annotations

import os

# Fail on short enum forms (STYLE.md §5) and never open a real window.
os.environ.setdefault("PYSIDE6_OPTION_PYTHON_ENUM", "0x11")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from iopdesk.domain.access import passwords  # noqa: E402
from iopdesk.domain.clinic.setup import ensure_local_setup  # noqa: E402
from iopdesk.domain.kernel.actor import Actor  # noqa: E402
from iopdesk.store import cipher  # noqa: E402
from iopdesk.store.database import Target, open_database  # noqa: E402
from iopdesk.store.models import database as proxy  # noqa: E402
from tests.support.clock import FrozenClock  # noqa: E402

# Real argon2 parameters take ~0.4 s per hash; tests hash with a cheap profile
# (passwords.py explains why this is a function call and not an environment variable).
passwords.use_profile(passwords.TEST_PROFILE)
cipher.use_profile(cipher.TEST_PROFILE)  # the same for wrapping the database key


@pytest.fixture(autouse=True)
def iopdesk_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("IOPDESK_HOME", str(home))
    monkeypatch.delenv("IOPDESK_DB", raising=False)
    monkeypatch.delenv("IOPDESK_USER", raising=False)
    # A developer's own sign-in must not leak into tests (commands read these).
    monkeypatch.delenv("IOPDESK_PASSWORD", raising=False)
    monkeypatch.delenv("IOPDESK_NEW_PASSWORD", raising=False)
    return home


@pytest.fixture
def frozen_clock() -> Iterator[FrozenClock]:
    """The program's one clock, stopped: ``frozen_clock.set(dt.datetime(...))``, ``.advance(minutes=5)``."""
    held = FrozenClock()
    yield held
    held.release()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "clinic.sqlite3"


@pytest.fixture
def db(db_path: Path):  # type: ignore[no-untyped-def]
    database = open_database(Target(path=db_path))
    yield database
    database.close()
    proxy.initialize(None)


@pytest.fixture
def actor(db) -> Actor:  # type: ignore[no-untyped-def]
    return ensure_local_setup("tester")
