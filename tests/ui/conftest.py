"""GUI tests build IOPdesk's own QApplication, offscreen, over a real temporary database."""

from __future__ import annotations

import pytest

from iopdesk.domain.kernel.actor import Actor
from iopdesk.ui.application import IopApplication


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
