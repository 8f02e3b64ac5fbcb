"""What the program's sign-in and lock screens ask of the clinic, with no account yet signed in.

- Is this a brand-new clinic (no staff account at all)? Then the program asks
  for the first administrator. A clinic whose accounts have no passwords yet
  keeps opening as the local staff member (clinic.ensure_local_setup).
- Which sites can be chosen at sign-in (site names are not client data).
- The demo clinic's accounts and password, for the hint on its sign-in screen.
- The screen lock, in the audit trail: locking is recorded here; unlocking is
  accounts.confirm_password (a "sign_in.success" entry marked "resumed").
"""

from __future__ import annotations

from iopdesk.domain.clinic.setup import is_demo
from iopdesk.domain.clinic.sign_in_screen import DemoHint, SiteChoice
from iopdesk.domain.kernel import audit, settings
from iopdesk.domain.kernel.actor import Actor
from iopdesk.store import transaction
from iopdesk.store.models import Site, Staff

SCREEN_LOCK = "screen.lock"  # the window was covered (idle or on request); the trail's vocabulary
LOCK_REASONS = ("idle", "requested")
DEMO_ACCOUNTS = ("admin", "supervisor", "counselor", "frontdesk", "auditor")
MIN_IDLE_MINUTES = 1


def clinic_is_new() -> bool:
    """True while the database has no staff account at all (a clinic never opened before)."""
    return not Staff.select().exists()


def sign_in_sites() -> list[SiteChoice]:
    """The open sites, by name: where someone signing in may say they work today."""
    query = Site.select(Site.id, Site.name).where(Site.active == True).order_by(Site.name)  # noqa: E712
    return [SiteChoice(s.id, s.name) for s in query]


def clinic_name() -> str:
    return str(settings.get("clinic_name"))


def demo_hint() -> DemoHint | None:
    """The demo clinic's accounts and their shared password; None for a real clinic."""
    if not is_demo():
        return None
    from iopdesk.domain.clinic.setup import DEMO_PASSWORD

    present = {
        s.username
        for s in Staff.select(Staff.username).where(
            Staff.username.in_(DEMO_ACCOUNTS) & (Staff.active == True)  # noqa: E712
        )
    }
    return DemoHint(tuple(name for name in DEMO_ACCOUNTS if name in present), DEMO_PASSWORD)


def idle_lock_seconds() -> int:
    """How long without a key press or mouse movement before the window locks (setting, minutes)."""
    return max(MIN_IDLE_MINUTES, int(settings.get("idle_lock_minutes"))) * 60


def screen_locked(actor: Actor, reason: str) -> None:
    """Write down that ``actor``'s window was locked ("idle" or "requested")."""
    if reason not in LOCK_REASONS:
        raise ValueError(f"unknown lock reason {reason!r}")
    with transaction():
        audit.record(
            actor, SCREEN_LOCK, record_type="staff", record_id=actor.staff_id, changes={"reason": reason}
        )
