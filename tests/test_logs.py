"""The log file keeps where a failure happened and what kind it was, never the exception's message.

A message may quote a row's values (a server's "Failing row contains (…)"), a path holding a
client's name, or typed text; logging's own formatter would write it (``log.exception``,
``exc_info=True``: the background runner, the hub sync, the pages made ahead).
"""

from __future__ import annotations

import logging

import pytest

from iopdesk import logs

NAME = "Zelda Quarrington"


@pytest.fixture
def log_file(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(logs, "enable_faulthandler", lambda log_dir: None)  # process-wide: left alone
    root = logging.getLogger()
    level = root.level
    path = logs.setup_logging(tmp_path)
    yield path
    for handler in [h for h in root.handlers if getattr(h, "_iopdesk", False)]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)


def _fail() -> None:
    try:
        {}[NAME]
    except KeyError as exc:
        raise ValueError(
            f'new row for relation "client" violates check constraint: ({NAME}, 1990-06-18)'
        ) from exc


@pytest.mark.expect_warnings("roster import failed", "could not read")
def test_an_exception_is_logged_by_its_frames_and_types_only(log_file):
    log = logging.getLogger("iopdesk.ui.kit.runner")
    try:
        _fail()
    except ValueError:
        log.exception("%s failed", "roster import")
        log.warning("could not read", exc_info=True)
    text = log_file.read_text(encoding="utf-8")
    assert NAME not in text and "1990-06-18" not in text and "violates" not in text
    assert "roster import failed" in text and "could not read" in text
    assert text.count("builtins.ValueError") == 2 and text.count("builtins.KeyError") == 2  # the cause too
    assert "in _fail" in text  # where it happened stays


def test_the_crash_trail_has_the_cause_without_its_message():
    try:
        _fail()
    except ValueError as exc:
        text = logs.scrubbed_traceback(type(exc), exc.__traceback__, exc)
    assert NAME not in text
    assert text.index("builtins.KeyError") < text.index("builtins.ValueError")
