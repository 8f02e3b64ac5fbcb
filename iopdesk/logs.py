"""Logging and the low-level crash trail.

Logs carry ids and event types, never client names or note text: handlers
log exception *types* and stack frames, not exception messages (a message may
quote what a user typed).
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import traceback
from pathlib import Path
from types import TracebackType
from typing import IO

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
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._iopdesk = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("peewee").setLevel(logging.WARNING)  # peewee at DEBUG would log SQL parameters
    enable_faulthandler(log_dir)
    return path


def enable_faulthandler(log_dir: Path) -> None:
    """A hard crash (segfault, abort) writes the Python stacks to faults.log."""
    global _fault_file
    if _fault_file is None:
        _fault_file = open(log_dir / FAULT_NAME, "a", encoding="utf-8")  # noqa: SIM115 - kept open for the process
        faulthandler.enable(_fault_file, all_threads=True)


def scrubbed_traceback(exc_type: type[BaseException], tb: TracebackType | None) -> str:
    """Where it failed (files, lines, functions) and the exception type, without its message."""
    frames = traceback.extract_tb(tb)
    lines = [f'  File "{f.filename}", line {f.lineno}, in {f.name}' for f in frames]
    return (
        "Traceback (most recent call last):\n"
        + "\n".join(lines)
        + f"\n{exc_type.__module__}.{exc_type.__qualname__}"
    )


def log_exception(
    exc_type: type[BaseException], tb: TracebackType | None, where: str = "unhandled exception"
) -> None:
    logging.getLogger("iopdesk.crash").error("%s\n%s", where, scrubbed_traceback(exc_type, tb))
