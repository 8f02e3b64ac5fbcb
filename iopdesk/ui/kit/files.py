"""Files the window writes for the person (a PDF, an export, typed text kept safe): private, whole
or not at all.

A disclosure (a PDF, an export) is recorded in the audit trail before its file is written; so that
a folder that is missing or read-only is found before anything is recorded, the file's place is
taken first (``PrivateFile``): an empty private file beside the target, filled and renamed into
place once the record is committed, removed if anything fails.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType

PRIVATE_MODE = 0o600  # they hold clients' records: readable by their owner only (POSIX)


class PrivateFile:
    """The place of a file about to be written. OSError (``os_reason`` says it plainly) when the
    place cannot be taken; used as a context manager, nothing is left behind unless ``write`` ran."""

    def __init__(self, path: str | Path) -> None:
        self.target = Path(path)
        self.tmp = self.target.with_name(self.target.name + ".part")
        self.written = False
        self.tmp.unlink(missing_ok=True)
        os.close(os.open(self.tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_MODE))

    def write(self, data: bytes) -> None:
        """Fill the file, flush it to the disk and put it in place of any older one."""
        try:
            fd = os.open(self.tmp, os.O_WRONLY | os.O_TRUNC)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(self.tmp, self.target)
        except BaseException:
            self.discard()
            raise
        self.written = True

    def discard(self) -> None:
        self.tmp.unlink(missing_ok=True)

    def __enter__(self) -> PrivateFile:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if not self.written:
            self.discard()


def write_private(path: str | Path, data: bytes) -> None:
    """``data`` into the file ``path``, readable by its owner only, whole or not at all: a full disk
    or any other failure leaves no empty or half-written file, and an older file of that name stays
    as it was."""
    with PrivateFile(path) as target:
        target.write(data)
