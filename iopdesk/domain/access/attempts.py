"""Sign-in attempts: a password checked against an account, a wrong one counted, the lock after
``lockout_attempts`` failures in a row, and the audit entries every attempt leaves.

Apart from accounts.py (signing in and out, changing passwords, the first run), which checks every
password typed here; these names are found there too.
"""

from __future__ import annotations

import datetime as dt
import logging

from iopdesk.domain.access import keys as key_access
from iopdesk.domain.access import passwords
from iopdesk.domain.kernel import audit, clock, settings
from iopdesk.domain.kernel.clock import utcnow
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.store import transaction
from iopdesk.store.models import Staff

# Its records keep the logger name they had before the split.
log = logging.getLogger("iopdesk.domain.access.accounts")

NO_PASSWORD = "Type your password."


class SignInError(DomainError):
    """Sign-in (or a password check) refused; ``locked_until`` (UTC) is set while the account is locked."""

    def __init__(self, message: str, locked_until: dt.datetime | None = None) -> None:
        super().__init__(message)
        self.locked_until = locked_until


def refuse_empty(password: str | None) -> None:
    """Nothing typed is not a wrong password: refused at once, not counted, not in the trail."""
    if not password:
        raise SignInError(NO_PASSWORD)


def check_password(staff: Staff, password: str, station: str, *, wrong: str) -> None:
    refuse_empty(password)
    now = utcnow()
    if staff.locked_until is not None and staff.locked_until > now:
        trail(staff, station, audit.SIGN_IN_FAILED, reason="locked")
        raise SignInError(_locked_message(staff, staff.locked_until), staff.locked_until)
    if passwords.verify(staff.password_hash, password or ""):
        if staff.failed_attempts or staff.locked_until is not None:
            with transaction():
                Staff.update(failed_attempts=0, locked_until=None).where(Staff.id == staff.id).execute()
                key_access.lock_state(staff.username, 0, None)
        return
    limit = max(1, settings.get("lockout_attempts"))
    with transaction():
        Staff.update(failed_attempts=Staff.failed_attempts + 1).where(Staff.id == staff.id).execute()
        count = Staff.select(Staff.failed_attempts).where(Staff.id == staff.id).scalar()
        trail(staff, station, audit.SIGN_IN_FAILED, reason="wrong password", attempt=count)
        if count >= limit:
            until = now + dt.timedelta(minutes=max(1, settings.get("lockout_minutes")))
            Staff.update(failed_attempts=0, locked_until=until).where(Staff.id == staff.id).execute()
            staff.locked_until = until
            trail(staff, station, audit.LOCK, attempts=count, until=until)
            key_access.lock_state(staff.username, 0, until)
        else:
            key_access.lock_state(staff.username, count, None)
    log.info("sign-in failed staff=%s", staff.id)
    if staff.locked_until is not None and staff.locked_until > now:
        raise SignInError(f"{wrong} {_locked_message(staff, staff.locked_until)}", staff.locked_until)
    raise SignInError(wrong)


def _locked_message(staff: Staff, until: dt.datetime) -> str:
    zone = clock.site_zone(staff.home_site_id)
    local = until.replace(tzinfo=dt.UTC).astimezone(zone)
    return (
        f"After too many failed attempts the account is locked until {local:%H:%M}. "
        "Try again then, or ask an administrator to unlock it."
    )


def trail(staff: Staff, station: str, action: str, **details: object) -> None:
    with transaction():
        audit.append(
            staff.id,
            staff.home_site_id,
            station,
            action,
            record_type="staff",
            record_id=staff.id,
            changes=details,
        )
