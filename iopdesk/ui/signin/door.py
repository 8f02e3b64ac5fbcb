"""How the sign-in screen reaches the clinic.

Either the database is open already (a plain clinic, or "Switch user" after
someone signed in), or it is an encrypted clinic still locked: then the
screen's name, sites and demo hint come from its key file (read once by the
front door), and signing in is what opens it (front_door.sign_in_to).
"""

from __future__ import annotations

from uuid import UUID

from iopdesk import front_door
from iopdesk.domain.access import accounts
from iopdesk.domain.clinic import workstation
from iopdesk.domain.clinic.setup import DEMO_PASSWORD
from iopdesk.domain.clinic.workstation import DemoHint, SiteChoice
from iopdesk.domain.kernel.actor import Actor
from iopdesk.front_door import Opened


class Door:
    def __init__(self, opened: Opened | None = None) -> None:
        self.opened = opened

    @property
    def locked(self) -> bool:
        return self.opened is not None and self.opened.locked

    def clinic_name(self) -> str:
        if self.opened is not None and self.opened.locked:
            return self.opened.sign_in_screen().clinic_name
        return workstation.clinic_name()

    def demo_hint(self) -> DemoHint | None:
        if self.opened is not None and self.opened.locked:
            names = self.opened.sign_in_screen().demo_accounts
            return None if names is None else DemoHint(names, DEMO_PASSWORD)
        return workstation.demo_hint()

    def sites(self) -> list[SiteChoice]:
        if self.opened is not None and self.opened.locked:
            return [SiteChoice(i, n) for i, n in self.opened.sign_in_screen().sites]
        return workstation.sign_in_sites()

    def sign_in(self, username: str, password: str, site_id: UUID | None = None) -> Actor:
        if self.opened is None:
            return accounts.sign_in(username, password, site_id)
        return front_door.sign_in_to(self.opened, username, password, site_id)

    def recover(self, recovery_key: str, username: str, new_password: str) -> None:
        if self.opened is None:
            accounts.recover_with_key(recovery_key, username, new_password)
            return
        front_door.recover(self.opened, recovery_key, username, new_password)
