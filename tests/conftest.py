"""Shared fixtures: every test gets its own folders and a real temporary database.

The database is a SQLite file; with IOPDESK_TEST_PG_URL set (tests/support/server_db.py), a
fresh database on that PostgreSQL server instead. Tests that are about SQLite by nature (its
files, pragmas, SQLCipher, network shares) are marked ``sqlite_only`` and skipped there; tests
marked ``postgresql`` need the server and are skipped without one.
"""

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
from tests.support import server_db  # noqa: E402
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
def nothing_held_after() -> Iterator[None]:
    """A test that signs in through the dialog and makes no window leaves the key-file writes it
    held (domain/kernel/held.py) for the window that never came: the next test starts without them."""
    yield
    from iopdesk.domain.kernel import held

    held._held = False
    held._waiting.clear()


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


@pytest.fixture(autouse=True)
def no_stray_gui_application(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a test that leaves a QGuiApplication in this process that is not pytest-qt's QApplication.

    Drawing a PDF in-process makes one (render/pages.py), and it stays: every GUI test after it
    then errors ("Existing QApplication … is not an instance of qapp_cls"), hundreds of them, far
    from the test that did it. Such a test runs the command in a child process instead."""
    yield
    import sys

    if "PySide6.QtGui" not in sys.modules:
        return
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    widgets = sys.modules.get("PySide6.QtWidgets")
    if app is None or (widgets is not None and isinstance(app, widgets.QApplication)):
        return
    pytest.fail(
        f"{request.node.nodeid} left a {type(app).__name__} in the test process: run what draws "
        "(a PDF export) in a child process, as tests/commands/test_report_pdf_cli.py does."
    )


@pytest.fixture
def frozen_clock() -> Iterator[FrozenClock]:
    """The program's one clock, stopped: ``frozen_clock.set(dt.datetime(...))``, ``.advance(minutes=5)``."""
    held = FrozenClock()
    yield held
    held.release()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        marker = item.get_closest_marker("sqlite_only")
        if server_db.on_server() and marker is not None:
            reason = marker.args[0] if marker.args else "about SQLite itself"
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {reason}"))
        if not server_db.on_server() and item.get_closest_marker("postgresql") is not None:
            needs = f"needs a PostgreSQL server: set {server_db.URL_VARIABLE}"
            item.add_marker(pytest.mark.skip(reason=needs))


@pytest.fixture(scope="session")
def server_databases() -> Iterator[server_db.Databases]:
    """The test server's throwaway databases (made from one template migrated once per run)."""
    if not server_db.on_server():
        pytest.skip(f"needs a PostgreSQL server: set {server_db.URL_VARIABLE}")
    databases = server_db.Databases()
    try:
        databases.prepare()
        yield databases
    finally:
        databases.close()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "clinic.sqlite3"


@pytest.fixture
def db_target(db_path: Path, request: pytest.FixtureRequest) -> Target:
    """Where this test's clinic lives: the SQLite file ``db_path``, or a fresh server database."""
    if not server_db.on_server():
        return Target(path=db_path)
    databases: server_db.Databases = request.getfixturevalue("server_databases")
    url = databases.create()
    request.addfinalizer(lambda: databases.drop(url))
    return Target(url=url)


@pytest.fixture
def new_clinic(tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """Where a new clinic can be made, as ``--db`` names it: a file that does not exist yet, or
    an empty database on the test server."""
    if not server_db.on_server():
        return str(tmp_path / "clinic.sqlite3")
    databases: server_db.Databases = request.getfixturevalue("server_databases")
    url = databases.create(template=None)
    request.addfinalizer(lambda: databases.drop(url))
    return url


@pytest.fixture
def db(db_target: Target):  # type: ignore[no-untyped-def]
    database = open_database(db_target)
    yield database
    database.close()
    proxy.initialize(None)


@pytest.fixture
def actor(db) -> Actor:  # type: ignore[no-untyped-def]
    return ensure_local_setup("tester")
