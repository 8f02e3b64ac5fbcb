"""Logging and the low-level crash trail.

Logs carry ids and event types, never client names or note text: handlers
log exception *types* and stack frames, not exception messages (a message may
quote what a user typed).
"""

from __future__ import annotations

import faulthandler
import logging
import traceback
from pathlib import Path
from types import TracebackType
from typing import IO, Any

LOG_NAME = "iopdesk.log"
FAULT_NAME = "faults.log"
_fault_file: IO[str] | None = None


def setup_logging(log_dir: Path, level: int = logging.INFO) -> Path:
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_NAME
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_iopdesk", False):
            root.removeHandler(handler)
            handler.close()
    handler = LogFile(path)
    handler.setFormatter(ScrubbingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._iopdesk = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("peewee").setLevel(logging.WARNING)  # peewee at DEBUG would log SQL parameters
    enable_faulthandler(log_dir)
    return path


class ScrubbingFormatter(logging.Formatter):
    """A record's exception (``log.exception``, ``exc_info=True``) as its frames and types only.

    logging's own formatter writes the exception's message, which may quote a row's values (a
    server's "Failing row contains (…)"), a file path holding a client's name or typed text.
    """

    def formatException(self, ei: Any) -> str:  # noqa: N802 - logging's name
        exc_type, exc, tb = ei
        if exc_type is None:
            return ""
        return scrubbed_traceback(exc_type, tb, exc)

    def format(self, record: logging.LogRecord) -> str:
        cached = record.exc_text  # another handler's formatter may have cached the full text
        record.exc_text = None
        try:
            return super().format(record)
        finally:
            record.exc_text = cached


class LogFile(logging.Handler):
    """The log file: logging.handlers' RotatingFileHandler (1 MB, five kept), made at the first record.

    logging.handlers loads socket, pickle and queue (about 4 ms), and an encrypted clinic's sign-in
    screen is drawn before anything is logged (ui/warm_up.py loads it while the person types). The
    file is opened here all the same, so a folder it cannot be written in fails as it always did.
    """

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        path.open("a", encoding="utf-8").close()
        self.rotating: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self.rotating is None:
                from logging.handlers import RotatingFileHandler

                self.rotating = RotatingFileHandler(
                    self.path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
                )
                self.rotating.setFormatter(self.formatter)
        except Exception:
            self.handleError(record)
            return
        self.rotating.emit(record)  # under this handler's lock: one thread at a time

    def close(self) -> None:
        self.acquire()
        try:
            if self.rotating is not None:
                self.rotating.close()
        finally:
            self.release()
        super().close()


def enable_faulthandler(log_dir: Path) -> None:
    """A hard crash (segfault, abort) writes the Python stacks to faults.log."""
    global _fault_file
    if _fault_file is None:
        _fault_file = open(log_dir / FAULT_NAME, "a", encoding="utf-8")  # noqa: SIM115 - kept open for the process
        faulthandler.enable(_fault_file, all_threads=True)


def scrubbed_traceback(
    exc_type: type[BaseException], tb: TracebackType | None, exc: BaseException | None = None
) -> str:
    """Where it failed (files, lines, functions) and the exception type, without its message;
    with ``exc``, the exceptions it was raised from or during before it, the same way."""
    parts = [_frames_and_type(exc_type, tb)]
    seen = {id(exc)}
    while exc is not None:
        exc = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
        if exc is None or id(exc) in seen:
            break
        seen.add(id(exc))
        parts.append(_frames_and_type(type(exc), exc.__traceback__))
    return "\n\nThen:\n".join(reversed(parts))


def _frames_and_type(exc_type: type[BaseException], tb: TracebackType | None) -> str:
    frames = traceback.extract_tb(tb)
    lines = [f'  File "{f.filename}", line {f.lineno}, in {f.name}' for f in frames]
    return (
        "Traceback (most recent call last):\n"
        + "\n".join(lines)
        + f"\n{exc_type.__module__}.{exc_type.__qualname__}"
    )


def log_exception(
    exc_type: type[BaseException],
    tb: TracebackType | None,
    where: str = "unhandled exception",
    exc: BaseException | None = None,
) -> None:
    logging.getLogger("iopdesk.crash").error("%s\n%s", where, scrubbed_traceback(exc_type, tb, exc))
