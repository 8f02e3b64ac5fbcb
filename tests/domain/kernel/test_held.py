"""Key-file writes held while the window is made after signing in (domain/kernel/held.py)."""

from __future__ import annotations

import pytest

from iopdesk.domain.kernel import held


def test_without_a_hold_each_write_runs_at_once() -> None:
    done: list[str] = []
    held.later("anchor", lambda: done.append("anchor"))
    assert done == ["anchor"]


@pytest.mark.expect_warnings("a held key-file write failed: screen")
def test_held_writes_run_at_release_once_each_in_order_and_a_failure_stops_none() -> None:
    done: list[str] = []

    def fails() -> None:
        raise OSError("disk full")

    held.hold()
    held.later("anchor", lambda: done.append("anchor 1"))
    held.later("screen", fails)
    held.later("anchor", lambda: done.append("anchor 2"))  # the last one asked of a kind
    held.later("other", lambda: done.append("other"))
    assert done == []
    held.release()
    assert done == ["anchor 2", "other"]  # a kind asked again runs where it was last asked
    held.later("after", lambda: done.append("after"))  # no longer held
    assert done[-1] == "after"
