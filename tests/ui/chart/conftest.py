"""The Chart screen's tests: a clinic whose accounts have passwords, a counselor (Casey) who signs with
hers, a supervisor, and a client, on TODAY (tests/support/factories.py) whatever the calendar says."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.support import factories as f
from tests.support import plan_support as ps
from tests.support.care_factories import person
from tests.support.roster_support import ScriptedPrompts
from tests.support.signin_support import add_staff

QUIET = pytest.mark.qt_log_ignore("does not support (propagateSizeHints|raise|grabbing)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:  # offscreen windows cannot do these; the tests have nothing to say about it
        if "tests/ui/chart/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(QUIET)


@pytest.fixture
def today(monkeypatch):  # type: ignore[no-untyped-def]
    return f.pin_today(monkeypatch)


@pytest.fixture
def prompts(qtbot):  # type: ignore[no-untyped-def]
    return ScriptedPrompts(qtbot)


@pytest.fixture
def setting(actor):  # type: ignore[no-untyped-def]
    """The plan tests': an admitted client and their counselor (tests/support/plan_support.py)."""
    return ps.admitted_client(actor)


@pytest.fixture
def window(qtbot):  # type: ignore[no-untyped-def]
    """A bare main window for the plan dialogs to open over."""
    return ps.window(qtbot)


@pytest.fixture
def clinic(admin, today):  # type: ignore[no-untyped-def]
    casey = add_staff(admin, "casey", "counselor", name="Casey Counselor")
    sam = add_staff(admin, "sam", "supervisor", name="Sam Supervisor")
    robin = person(admin, "Robin", "River", age=34)
    return SimpleNamespace(admin=admin, casey=casey, sam=sam, robin=robin)
