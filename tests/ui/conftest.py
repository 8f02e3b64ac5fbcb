"""GUI tests build IOPdesk's own QApplication, offscreen, over a real temporary database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from iopdesk.domain.kernel.actor import Actor
from iopdesk.ui.application import IopApplication
from iopdesk.ui.kit.prompts import Prompts
from tests.support.roster_support import UNANSWERED


@pytest.fixture(scope="session")
def qapp_cls():  # type: ignore[no-untyped-def]
    return IopApplication


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/ui/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.gui)


@pytest.fixture
def admin(db) -> Actor:  # type: ignore[no-untyped-def]
    """A clinic after its first run (accounts have passwords), and its administrator signed in."""
    from tests.support.signin_support import set_up_clinic

    return set_up_clinic()


@pytest.fixture(autouse=True)
def no_unanswered_questions(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A real question box would wait forever offscreen for a click no one makes, and a scripted one
    with no answer left has nothing to say: either (say, Escape after typing, "Close and lose it?")
    is answered the safe way, and the test fails, saying which question it did not script."""

    def refuse(self, parent, title, text, yes_text, no_text=None) -> bool:  # type: ignore[no-untyped-def]
        UNANSWERED.append(f"{text} (a real question box: script the dialog's prompts)")
        return False

    monkeypatch.setattr(Prompts, "confirm", refuse)
    UNANSWERED.clear()
    yield
    asked, UNANSWERED[:] = list(UNANSWERED), []
    if asked:
        pytest.fail(f"questions asked with no answer scripted: {asked}")
