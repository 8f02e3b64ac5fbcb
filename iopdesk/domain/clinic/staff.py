"""Who works at the clinic and where: read-only lists for pickers (facilitators, counselors, sites)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from iopdesk.domain.kernel import vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.store.models import Site, Staff


@dataclass(frozen=True)
class StaffRow:
    id: UUID
    display_name: str
    role: str
    credentials: str
    home_site_id: UUID
    active: bool

    @property
    def role_label(self) -> str:
        return vocab.ROLES.get(self.role, self.role)

    @property
    def label(self) -> str:
        """ "Dana Co, LCSW (Counselor)": what a picker shows."""
        name = f"{self.display_name}, {self.credentials}" if self.credentials else self.display_name
        return f"{name} ({self.role_label})"


@dataclass(frozen=True)
class SiteRow:
    id: UUID
    name: str
    timezone: str


def list_staff(actor: Actor, *, include_inactive: bool = False) -> list[StaffRow]:
    """Staff members by name; deactivated accounts only when asked for."""
    query = Staff.select()
    if not include_inactive:
        query = query.where(Staff.active == True)  # noqa: E712
    return [
        StaffRow(s.id, s.display_name, s.role, s.credentials, s.home_site_id, s.active)
        for s in query.order_by(Staff.display_name, Staff.username)
    ]


def list_sites(actor: Actor) -> list[SiteRow]:
    """The clinic's open sites by name."""
    query = Site.select().where(Site.active == True).order_by(Site.name)  # noqa: E712
    return [SiteRow(s.id, s.name, s.timezone) for s in query]
