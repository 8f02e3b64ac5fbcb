"""Work on a worker thread closes that thread's database connection, and only that one."""

from __future__ import annotations

import threading

import pytest

from iopdesk.domain.kernel.threads import on_own_connection
from iopdesk.store import current
from iopdesk.store.models import Setting


def on_a_thread(work):  # type: ignore[no-untyped-def]
    out: dict[str, object] = {}

    def run() -> None:
        try:
            out["result"] = on_own_connection(work)
        except Exception as exc:  # handed back to the test
            out["error"] = exc
        out["closed_after"] = current().is_closed()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=30)
    return out


def test_the_work_runs_and_its_threads_connection_is_closed_after(db):
    Setting.select().count()  # the test's own thread has a connection open

    def work() -> tuple[int, bool]:
        return Setting.select().count(), current().is_closed()

    out = on_a_thread(work)
    _count, closed_during = out["result"]  # type: ignore[misc]
    assert closed_during is False
    assert out["closed_after"] is True
    assert not current().is_closed()  # the GUI thread's connection is not touched


def test_a_failure_still_closes_the_connection_and_is_raised(db):
    def work() -> None:
        Setting.select().count()
        raise ValueError("refused")

    out = on_a_thread(work)
    assert isinstance(out["error"], ValueError)
    assert out["closed_after"] is True


@pytest.mark.parametrize("value", [0, "text", ("frozen", 1)])
def test_what_the_work_returns_is_handed_back(db, value):
    assert on_a_thread(lambda: value)["result"] == value
