"""Errors the domain raises; each message is written for the person at the keyboard."""

from __future__ import annotations


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
