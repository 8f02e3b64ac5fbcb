"""The background runner: the result comes back as a signal; a refusal or a crash as a message."""

from __future__ import annotations

import logging

import pytest

from iopdesk.domain.kernel.errors import DomainError
from iopdesk.store.models import Setting
from iopdesk.ui.kit.runner import Background


def run(qtbot, job: Background, signal):  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(job.finished), qtbot.waitSignal(signal) as got:
        job.start()
    return got.args


def test_the_result_is_handed_back_on_the_gui_thread(qtbot, db):
    job = Background(lambda: ("rows", Setting.select().count()), failure="unused")
    (result,) = run(qtbot, job, job.succeeded)
    assert result[0] == "rows"


def test_a_refusal_is_reported_with_its_own_message(qtbot, db):
    def work() -> None:
        raise DomainError("That group has finished.")

    job = Background(work, failure="unused")
    assert run(qtbot, job, job.failed) == ["That group has finished."]


@pytest.mark.expect_warnings("background work failed|failed")
def test_anything_else_is_logged_and_reported_plainly(qtbot, db, caplog):
    def work() -> None:
        raise RuntimeError("disk on fire")

    job = Background(work, failure="The report could not be made.", what="report")
    with caplog.at_level(logging.ERROR):
        assert run(qtbot, job, job.failed) == ["The report could not be made."]
    assert "report failed" in caplog.text
