"""How the sign-in screen reaches the clinic.

Either the database is open already (a plain clinic, or "Switch user" after
someone signed in), or it is an encrypted clinic still locked: then the
screen's name, sites and demo hint come from its key file, and signing in is
what opens it (domain/unlock.py).
"""

from __future__ import annotations

from uuid import UUID

from iopdesk.domain.access import accounts, unlock
from iopdesk.domain.clinic import workstation
from iopdesk.domain.clinic.workstation import DemoHint, SiteChoice
from iopdesk.domain.kernel.actor import Actor
from iopdesk.startup import Opened


class Door:
    def __init__(self, opened: Opened | None = None) -> None:
        self.opened = opened

    @property
    def locked(self) -> bool:
        return self.opened is not None and self.opened.db is None

    def clinic_name(self) -> str:
        if self.locked:
            assert self.opened is not None
            return unlock.screen(self.opened.target).clinic_name
        return workstation.clinic_name()

    def demo_hint(self) -> DemoHint | None:
        if self.locked:
            assert self.opened is not None
            names = unlock.screen(self.opened.target).demo_accounts
            if names is None:
                return None
            from iopdesk.domain.clinic.setup import DEMO_PASSWORD

            return DemoHint(names, DEMO_PASSWORD)
        return workstation.demo_hint()

    def sites(self) -> list[SiteChoice]:
        if self.locked:
            assert self.opened is not None
            return [SiteChoice(i, n) for i, n in unlock.screen(self.opened.target).sites]
        return workstation.sign_in_sites()

    def sign_in(self, username: str, password: str, site_id: UUID | None = None) -> Actor:
        if self.locked:
            assert self.opened is not None
            db, actor = unlock.open_clinic(self.opened.target, username, password, site_id)
            self.opened.db, self.opened.actor = db, actor
            return actor
        return accounts.sign_in(username, password, site_id)

    def recover(self, recovery_key: str, username: str, new_password: str) -> None:
        if self.locked:
            assert self.opened is not None
            self.opened.db = unlock.recover(self.opened.target, recovery_key, username, new_password)
            return
        accounts.recover_with_key(recovery_key, username, new_password)
