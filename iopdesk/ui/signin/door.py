"""How the sign-in screen reaches the clinic.

Either the database is open already (a plain clinic, or "Switch user" after
someone signed in), or it is an encrypted clinic still locked: then the
screen's name, sites and demo hint come from its key file (read once by the
front door), and signing in is what opens it (front_door.sign_in_to).

Signing in has two halves: ``check`` is the slow one (argon2id: the password
unwraps the database key, or is checked against its hash) and runs on a
worker thread; ``finish`` opens a locked clinic with the unwrapped key, on the
GUI thread that will use the database.

Only the key file is read before someone signs in: the domain and the store are
imported when first used, so the sign-in screen is drawn before they load.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from uuid import UUID

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
        from iopdesk.domain.clinic import workstation

        return workstation.clinic_name()

    def demo_hint(self) -> DemoHint | None:
        from iopdesk.domain.clinic.sign_in_screen import DemoHint

        if self.opened is not None and self.opened.locked:
            from iopdesk.domain.clinic.sign_in_screen import DEMO_PASSWORD

            names = self.opened.sign_in_screen().demo_accounts
            return None if names is None else DemoHint(names, DEMO_PASSWORD)
        from iopdesk.domain.clinic import workstation

        return workstation.demo_hint()

    def sites(self) -> list[SiteChoice]:
        from iopdesk.domain.clinic.sign_in_screen import SiteChoice

        if self.opened is not None and self.opened.locked:
            return [SiteChoice(i, n) for i, n in self.opened.sign_in_screen().sites]
        from iopdesk.domain.clinic import workstation

        return workstation.sign_in_sites()

    def sign_in(self, username: str, password: str, site_id: UUID | None = None) -> Actor:
        """Both halves at once, on the calling thread."""
        return self.finish(self.check(username, password, site_id), site_id)

    def check(self, username: str, password: str, site_id: UUID | None = None) -> object:
        """The slow half, for a worker thread: a locked clinic's key unwrapped by the password
        (nothing opened yet), or, on an open clinic, the signed-in Actor. SignInError if refused."""
        from iopdesk import front_door

        if self.opened is None:
            from iopdesk.domain.access import accounts

            return accounts.sign_in(username, password, site_id)
        if self.opened.locked:
            return front_door.unwrap(self.opened, username, password)
        return front_door.sign_in_to(self.opened, username, password, site_id)

    def finish(self, checked: object, site_id: UUID | None = None) -> Actor:
        """The other half, on the GUI thread: a locked clinic opens with the unwrapped key."""
        from iopdesk.domain.kernel.actor import Actor

        if isinstance(checked, Actor):
            return checked
        from iopdesk import front_door
        from iopdesk.domain.kernel import held

        assert self.opened is not None
        # The key file's writes that end signing in (the trail's anchor, the sign-in screen: each
        # flushed to disk) run once the window has been painted (ui/signin/flow.py run_session),
        # not while the person waits for it.
        held.hold()
        try:
            return front_door.sign_in_unwrapped(self.opened, checked, site_id)  # type: ignore[arg-type]
        except BaseException:
            held.release()
            raise

    def recover(self, recovery_key: str, username: str, new_password: str) -> None:
        from iopdesk import front_door

        if self.opened is None:
            from iopdesk.domain.access import accounts

            accounts.recover_with_key(recovery_key, username, new_password)
            return
        front_door.recover(self.opened, recovery_key, username, new_password)
