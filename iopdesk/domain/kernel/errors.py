"""Errors the domain raises; each message is written for the person at the keyboard."""

from __future__ import annotations

# A database failing at run time (busy, full, read-only, damaged, gone) is a StoreError with a
# message for the person at the keyboard; the screens reach it and its kinds here (to retry when
# busy, to stop saving when the file is gone), never through the store; ``os_reason`` says what a
# failed file write means.
from iopdesk.store.errors import (  # noqa: F401
    StoreBusy,
    StoreDamaged,
    StoreError,
    StoreFull,
    StoreGone,
    StoreIOError,
    StoreReadOnly,
    StoreVanished,
    classify,
    os_reason,
)


class DomainError(Exception):
    """A clinic rule refused the action; nothing was changed."""


class NotFound(DomainError):
    """The record asked for does not exist (or was retired)."""


class PermissionDenied(DomainError):
    """The acting staff member may not do this."""


class ValidationError(DomainError):
    """Input was wrong; ``field`` names what, when known."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class ConflictError(DomainError):
    """Someone else changed the record first."""


class NoteLocked(DomainError):
    """The note is signed (or awaiting co-signature): its text can no longer change."""


class GuardError(DomainError):
    """Signing stopped: the note may name or identify another member.

    ``flags`` holds the confidentiality flags (iopdesk.domain.notes.guard.Flag)
    that are still in the text; signing again with the override records it.
    """

    def __init__(self, message: str, flags: tuple[object, ...] = ()) -> None:
        super().__init__(message)
        self.flags = flags
