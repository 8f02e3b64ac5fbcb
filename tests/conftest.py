"""Shared fixtures: every test gets its own folders and a real temporary SQLite database."""

from __future__ import annotations

import os

# Fail on short enum forms (STYLE.md §5) and never open a real window.
os.environ.setdefault("PYSIDE6_OPTION_PYTHON_ENUM", "0x11")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import logging  # noqa: E402
import re  # noqa: E402
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
from tests.support.faults import store_faults  # noqa: E402, F401  (a fixture, found by name: every test may plan store faults)

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


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def no_unexpected_warnings(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a test when IOPdesk logs a WARNING or worse that the test did not say it expects.

    A test that means to provoke one says so: ``@pytest.mark.expect_warnings("pattern", ...)``
    (each logged warning must match one of the regular expressions; no pattern: any warning).
    """
    marker = request.node.get_closest_marker("expect_warnings")
    collect = _Collect()
    logger = logging.getLogger("iopdesk")
    logger.addHandler(collect)
    try:
        yield
    finally:
        logger.removeHandler(collect)
    if marker is not None and not marker.args:
        return
    patterns = marker.args if marker is not None else ()
    unexpected = [r for r in collect.records if not any(re.search(p, r.getMessage()) for p in patterns)]
    if unexpected:
        lines = "\n".join(f"  {r.levelname} {r.name}: {r.getMessage()}" for r in unexpected)
        pytest.fail(f"IOPdesk logged warnings this test does not expect (mark it expect_warnings):\n{lines}")


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
