"""Signing in and out, passwords, the lock after failed attempts, and the clinic's first run.

- A wrong password and an unknown user name get the same answer (and take the
  same time), so the sign-in screen does not tell which names exist.
- ``lockout_attempts`` failed sign-ins in a row (setting, 5) lock the account
  for ``lockout_minutes`` (setting, 15). The count and the lock are stored on
  the staff row, so closing and reopening the program does not lift them; an
  administrator can (staff_accounts.unlock_account).
- Every attempt, lock, sign-out and password change is in the audit trail.
- An empty password is not an attempt: it is refused before anything is
  looked up, so Enter pressed too soon does not use up one of the five tries.
- First run: an empty clinic gets its site and administrator, and a recovery
  key shown once. Only the key's argon2 hash is kept in the database; an
  encrypted clinic also wraps its database key with it (key_access.py).

Checking a typed password against an account (counting failures, the lock, their audit entries)
is in attempts.py; SignInError and the other names moved there are found here too.
"""

from __future__ import annotations

import hashlib
import logging
import re
import socket
from uuid import UUID
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from iopdesk.domain.access import keys as key_access
from iopdesk.domain.access import passwords
from iopdesk.domain.access.attempts import (  # noqa: F401  (callers find them here)
    NO_PASSWORD,
    SignInError,
    check_password,
    refuse_empty,
    trail,
)
from iopdesk.domain.access.recovery_keys import (
    RECOVERY_KEY_SETTING,
    check_recovery_key,
    new_recovery_key,
    normalize_recovery_key,
    store_setting,
)
from iopdesk.domain.kernel import audit, clock, settings
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.clock import utcnow
from iopdesk.domain.kernel.errors import DomainError, ValidationError
from iopdesk.domain.kernel.permissions import STAFF_MANAGE, require
from iopdesk.domain.kernel.records import clean_text
from iopdesk.store import transaction
from iopdesk.store.errors import StoreFull, StoreReadOnly
from iopdesk.store.models import Site, Staff

log = logging.getLogger(__name__)

WRONG = "The user name or password is not right. Check both and try again."
DEACTIVATED = "This account has been deactivated. Ask an administrator if you still need it."
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


def normalize_username(username: str) -> str:
    return (username or "").strip().lower()


def check_username(username: str) -> str:
    name = normalize_username(username)
    if not USERNAME_PATTERN.match(name):
        raise ValidationError(
            "A user name is 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter "
            "or digit (for example: jrivera).",
            field="username",
        )
    return name


def needs_first_run() -> bool:
    """True until some account has a password: the program then asks for the first administrator."""
    return not accounts_have_passwords()


def accounts_have_passwords() -> bool:
    return Staff.select().where(Staff.password_hash.is_null(False)).exists()


# --- signing in -------------------------------------------------------------------


def sign_in(
    username: str, password: str, site_id: UUID | None = None, workstation: str | None = None
) -> Actor:
    """The Actor for a correct user name and password; SignInError otherwise (nothing else to read)."""
    refuse_empty(password)
    station = workstation or socket.gethostname()
    name = normalize_username(username)
    staff = Staff.get_or_none(Staff.username == name) if name else None
    if staff is None or staff.password_hash is None:
        passwords.dummy_verify(password or "")
        with transaction():
            audit.append(
                staff.id if staff else None,
                staff.home_site_id if staff else None,
                station,
                audit.SIGN_IN_FAILED,
                record_type="staff",
                changes={
                    "reason": "no password set" if staff else "unknown user name",
                    "username_sha256": hashlib.sha256(name.encode("utf-8")).hexdigest()[:16],
                },
            )
        log.info("sign-in refused: unknown user or no password")
        raise SignInError(WRONG)
    check_password(staff, password, station, wrong=WRONG)
    if not staff.active:
        trail(staff, station, audit.SIGN_IN_FAILED, reason="deactivated")
        raise SignInError(DEACTIVATED)
    site = _site_for(staff, site_id)
    actor = _actor(staff, site, station)
    rehash = passwords.needs_rehash(staff.password_hash)  # parameters raised since it was made
    # An account without its copy of the key (the clinic was encrypted after it was made, or it
    # was reactivated) gets one now that its password is known to be right.
    no_copy = not key_access.has_copy(staff.username)
    if rehash or no_copy:
        with transaction():
            stored = staff.password_hash
            if rehash:
                stored = passwords.hash_password(password)
                Staff.update(password_hash=stored).where(Staff.id == staff.id).execute()
            if no_copy:
                key_access.password_set(staff.username, password, stored)
            audit.record(actor, audit.SIGN_IN, record_type="staff", record_id=staff.id)
    else:
        audit.record_read(actor, audit.SIGN_IN, record_type="staff", record_id=staff.id)
    log.info("signed in staff=%s site=%s", staff.id, site)
    return actor


def complete_unlocked_sign_in(username: str, site_id: UUID | None, station: str) -> Actor:
    """Sign-in to an encrypted clinic that was just opened with this account's copy of the key.

    Only domain/unlock.py calls this: unwrapping that copy already proved the
    password (checking it again against the hash would double the wait). The
    account's other rules still apply here: it must be active, its site open.
    """
    staff = Staff.get_or_none(Staff.username == normalize_username(username))
    if staff is None or staff.password_hash is None:
        raise SignInError(WRONG)
    if not staff.active:
        trail(staff, station, audit.SIGN_IN_FAILED, reason="deactivated")
        key_access.account_removed(staff.username)
        raise SignInError(DEACTIVATED)
    site = _site_for(staff, site_id)
    actor = _actor(staff, site, station)
    if staff.failed_attempts or staff.locked_until is not None:
        try:
            with transaction():
                Staff.update(failed_attempts=0, locked_until=None).where(Staff.id == staff.id).execute()
                audit.record(actor, audit.SIGN_IN, record_type="staff", record_id=staff.id, changes=UNLOCKED)
            return _signed_in(actor)
        except (StoreFull, StoreReadOnly):
            pass  # the count is cleared at the next sign-in that can write; the sign-in is a reading
    audit.record_read(
        actor, audit.SIGN_IN, record_type="staff", record_id=staff.id, changes={"unlocked": True}
    )
    return _signed_in(actor)


UNLOCKED = {"unlocked": True}  # a sign-in that opened an encrypted clinic


def _signed_in(actor: Actor) -> Actor:
    log.info("signed in staff=%s site=%s (database unlocked)", actor.staff_id, actor.site_id)
    return actor


def unlocked_account(username: str, site_id: UUID | None, station: str) -> Actor:
    """Who signed in to an encrypted clinic opened only to be read (``iopdesk check``, ``audit
    verify``): the same account rules as ``complete_unlocked_sign_in``, and nothing written
    (domain/access/unlock.py notes the sign-in in the key file instead)."""
    staff = Staff.get_or_none(Staff.username == normalize_username(username))
    if staff is None or staff.password_hash is None:
        raise SignInError(WRONG)
    if not staff.active:
        raise SignInError(DEACTIVATED)
    return _actor(staff, _site_for(staff, site_id), station)


def password_change_due(actor: Actor) -> bool:
    """True after an administrator set the password: its owner must choose their own now."""
    return Staff.select().where((Staff.id == actor.staff_id) & (Staff.must_change_password == True)).exists()  # noqa: E712


def sign_out(actor: Actor) -> None:
    with transaction():
        audit.record(actor, audit.SIGN_OUT, record_type="staff", record_id=actor.staff_id)
    audit.anchor_now()


def confirm_password(actor: Actor, password: str) -> None:
    """The idle lock screen: the same person types their password again (failures count toward the lock)."""
    staff = Staff.get_or_none(Staff.id == actor.staff_id)
    if staff is None or staff.password_hash is None or not staff.active:
        raise SignInError("This account can no longer sign in; ask an administrator.")
    check_password(staff, password, actor.workstation, wrong="That password is not right.")
    audit.record_read(
        actor, audit.SIGN_IN, record_type="staff", record_id=staff.id, changes={"resumed": True}
    )


def change_password(actor: Actor, old: str, new: str) -> None:
    """Change one's own password; the current one must be given (a wrong one counts as a failed attempt)."""
    staff = Staff.get_or_none(Staff.id == actor.staff_id)
    if staff is None or staff.password_hash is None:
        raise SignInError("This account has no password to change; ask an administrator to set one.")
    passwords.check_policy(new)
    check_password(staff, old, actor.workstation, wrong="The current password is not right.")
    if passwords.normalize(new) == passwords.normalize(old):
        raise ValidationError(
            "The new password is the same as the current one; choose another.", field="password"
        )
    with transaction():
        set_password(staff.id, new, must_change=False)
        audit.record(
            actor, audit.CHANGE, record_type="staff", record_id=staff.id, changes={"password": "changed"}
        )


def set_password(staff_id: UUID, password: str, *, must_change: bool) -> None:
    """Store a new password hash and lift any lock (caller holds the transaction and writes the entry)."""
    passwords.check_policy(password)
    stored = passwords.hash_password(password)
    Staff.update(
        password_hash=stored,
        must_change_password=must_change,
        password_changed_at=utcnow(),
        failed_attempts=0,
        locked_until=None,
    ).where(Staff.id == staff_id).execute()
    username = Staff.select(Staff.username).where(Staff.id == staff_id).scalar()
    key_access.password_set(username, password, stored)  # an encrypted clinic: re-wrap this account's copy


def _site_for(staff: Staff, site_id: UUID | None) -> UUID:
    wanted = site_id or staff.home_site_id
    site = Site.get_or_none((Site.id == wanted) & (Site.active == True))  # noqa: E712
    if site is None:
        raise SignInError("That site is closed or no longer exists; choose another site.")
    return site.id


def _actor(staff: Staff, site_id: UUID, station: str) -> Actor:
    return Actor(staff.id, site_id, staff.role, station, also_clinical=bool(staff.also_clinical))


# --- first run and the recovery key --------------------------------------------------


def first_run_setup(
    clinic_name: str,
    site_name: str,
    site_timezone: str,
    admin_username: str,
    admin_display_name: str,
    admin_password: str,
    *,
    workstation: str | None = None,
) -> tuple[Actor, str]:
    """Create the clinic's first site and administrator; returns them signed in and the recovery key.

    The recovery key is shown once and kept only as a hash: write it down and
    keep it somewhere safe (it lets an administrator back in if every
    administrator password is lost).
    """
    if accounts_have_passwords():
        raise DomainError("This clinic is already set up; sign in instead.")
    clinic = clean_text(clinic_name, field="clinic_name", label="Clinic name", max_len=120, required=True)
    site_label = clean_text(site_name, field="site_name", label="Site name", max_len=120, required=True)
    zone = check_timezone(site_timezone)
    username = check_username(admin_username)
    display = clean_text(
        admin_display_name, field="display_name", label="Your name", max_len=120, required=True
    )
    passwords.check_policy(admin_password)
    if Staff.select().where(Staff.username == username).exists():
        raise ValidationError(
            f"There is already a staff account {username!r}; choose another name.", "username"
        )
    key = new_recovery_key()
    station = workstation or socket.gethostname()
    with transaction():
        site = Site.get_or_none(Site.name == site_label) or Site.create(name=site_label, timezone=zone)
        if site.timezone != zone or not site.active:
            Site.update(timezone=zone, active=True).where(Site.id == site.id).execute()
        settings.store("clinic_name", clinic)  # a clinic setting: it travels (0014)
        staff = Staff.create(username=username, display_name=display, role="administrator", home_site=site.id)
        set_password(staff.id, admin_password, must_change=False)
        recovery_hash = passwords.hash_password(normalize_recovery_key(key))
        store_setting(RECOVERY_KEY_SETTING, recovery_hash)
        key_access.recovery_key_set(normalize_recovery_key(key), recovery_hash)
        actor = _actor(Staff.get_by_id(staff.id), site.id, station)
        changes = audit.created(
            {"clinic_name": clinic, "site": site_label, "timezone": zone, "username": username}
        )
        audit.record(actor, audit.CREATE, record_type="staff", record_id=staff.id, changes=changes)
        audit.record(actor, audit.SIGN_IN, record_type="staff", record_id=staff.id)
        key_access.refresh_screen(setup_complete=True)
    clock.forget_zones()  # the site's zone may have been set just now
    log.info("first run: clinic set up, administrator staff=%s", staff.id)
    return actor, key


def check_timezone(name: str) -> str:
    text = (name or "").strip()
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            f"{text!r} is not a time zone this computer knows; use a name like America/New_York.",
            field="timezone",
        ) from None
    return text


def recover_with_key(
    recovery_key: str, username: str, new_password: str, workstation: str | None = None
) -> None:
    """Emergency access: with the recovery key, set a new password for an administrator and unlock it."""
    station = workstation or socket.gethostname()
    passwords.check_policy(new_password)
    if not check_recovery_key(recovery_key):
        with transaction():
            audit.append(
                None,
                None,
                station,
                audit.SIGN_IN_FAILED,
                record_type="recovery_key",
                changes={"reason": "wrong recovery key"},
            )
        raise SignInError("That recovery key is not right.")
    staff = Staff.get_or_none(Staff.username == normalize_username(username))
    if staff is None or not staff.active or staff.role != "administrator":
        raise ValidationError("Give the user name of an active administrator account.", field="username")
    with transaction():
        set_password(staff.id, new_password, must_change=False)
        trail(staff, station, audit.UNLOCK, password="reset with the recovery key")
    log.info("administrator staff=%s recovered with the recovery key", staff.id)


def regenerate_recovery_key(actor: Actor) -> str:
    """A new recovery key for the clinic (the old one stops working); administrators only."""
    require(actor, STAFF_MANAGE, record_type="recovery_key")
    key = new_recovery_key()
    with transaction():
        recovery_hash = passwords.hash_password(normalize_recovery_key(key))
        store_setting(RECOVERY_KEY_SETTING, recovery_hash)
        key_access.recovery_key_set(normalize_recovery_key(key), recovery_hash)
        audit.record(actor, audit.CHANGE, record_type="recovery_key", changes={"recovery_key": "replaced"})
    return key
