"""What a sign-in screen shows, as plain values: no database is needed to hold them.

An encrypted clinic's sign-in screen is drawn from its key file before the
database, peewee and the rest of the domain are loaded; keep this module free
of imports beyond the standard library.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

# Every demo account's password (invented people only; the sign-in screen shows it).
DEMO_PASSWORD = "iopdesk-demo"


@dataclass(frozen=True)
class SiteChoice:
    id: UUID
    name: str


@dataclass(frozen=True)
class DemoHint:
    usernames: tuple[str, ...]
    password: str
