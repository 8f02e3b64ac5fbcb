"""Staff accounts, as an administrator manages them: create, change, deactivate, unlock, reset.

Accounts are never deleted (their names stay on what they recorded and in the
audit trail); a deactivated account cannot sign in. The clinic always keeps
at least one active administrator who can sign in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from iopdesk.domain.access import keys as key_access
from iopdesk.domain.access.accounts import check_username, normalize_username, set_password
from iopdesk.domain.kernel import audit, vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.clock import utcnow
from iopdesk.domain.kernel.errors import DomainError, NotFound, ValidationError
from iopdesk.domain.kernel.permissions import STAFF_MANAGE, require
from iopdesk.domain.kernel.records import check_choice, clean_text
from iopdesk.store import transaction
from iopdesk.store.models import Site, Staff

EDITABLE = (
    "display_name",
    "role",
    "credentials",
    "home_site_id",
    "supervisor_id",
    "needs_cosign",
    "also_clinical",
)


@dataclass(frozen=True)
class StaffAccount:
    id: UUID
    username: str
    display_name: str
    role: str
    credentials: str
    home_site_id: UUID
    supervisor_id: UUID | None
    needs_cosign: bool
    also_clinical: bool
    active: bool
    has_password: bool
    locked_until: dt.datetime | None  # UTC; None (or past) when not locked
    failed_attempts: int
    must_change_password: bool
    password_changed_at: dt.datetime | None  # UTC

    @property
    def role_label(self) -> str:
        return vocab.ROLES.get(self.role, self.role)

    @property
    def locked(self) -> bool:
        return self.locked_until is not None and self.locked_until > utcnow()


def _account(s: Staff) -> StaffAccount:
    return StaffAccount(
        id=s.id,
        username=s.username,
        display_name=s.display_name,
        role=s.role,
        credentials=s.credentials,
        home_site_id=s.home_site_id,
        supervisor_id=s.supervisor_id,
        needs_cosign=s.needs_cosign,
        also_clinical=s.also_clinical,
        active=s.active,
        has_password=s.password_hash is not None,
        locked_until=s.locked_until,
        failed_attempts=s.failed_attempts,
        must_change_password=s.must_change_password,
        password_changed_at=s.password_changed_at,
    )


def list_accounts(actor: Actor, *, include_inactive: bool = True) -> list[StaffAccount]:
    require(actor, STAFF_MANAGE)
    query = Staff.select()
    if not include_inactive:
        query = query.where(Staff.active == True)  # noqa: E712
    return [_account(s) for s in query.order_by(Staff.username)]


def get_account(actor: Actor, staff_id: UUID) -> StaffAccount:
    """One's own account, or (administrators) anyone's."""
    if staff_id != actor.staff_id:
        require(actor, STAFF_MANAGE, record_type="staff", record_id=staff_id)
    return _account(_load(staff_id))


def find_account(actor: Actor, username: str) -> StaffAccount:
    require(actor, STAFF_MANAGE)
    staff = Staff.get_or_none(Staff.username == normalize_username(username))
    if staff is None:
        raise NotFound(f"There is no staff account {normalize_username(username)!r}.")
    return _account(staff)


def create_staff(
    actor: Actor,
    username: str,
    display_name: str,
    role: str,
    password: str,
    *,
    home_site_id: UUID | None = None,
    supervisor_id: UUID | None = None,
    needs_cosign: bool = False,
    credentials: str = "",
    also_clinical: bool = False,
) -> StaffAccount:
    """A new account with a first password its owner must change at first sign-in."""
    require(actor, STAFF_MANAGE)
    name = check_username(username)
    with transaction():
        if Staff.select().where(Staff.username == name).exists():
            raise ValidationError(f"There is already a staff account {name!r}.", field="username")
        values = _validated(
            {
                "display_name": display_name,
                "role": role,
                "credentials": credentials,
                "home_site_id": home_site_id or actor.site_id,
                "supervisor_id": supervisor_id,
                "needs_cosign": needs_cosign,
                "also_clinical": also_clinical,
            },
            None,
        )
        staff = Staff.create(username=name, **values)
        set_password(staff.id, password, must_change=True)
        changes = audit.created(dict(values, username=name, password="set"))
        audit.record(actor, audit.CREATE, record_type="staff", record_id=staff.id, changes=changes)
    return _account(_load(staff.id))


def update_staff(actor: Actor, staff_id: UUID, **changes: Any) -> StaffAccount:
    """Change any of EDITABLE; the others keep their values."""
    require(actor, STAFF_MANAGE, record_type="staff", record_id=staff_id)
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise ValidationError(f"Staff accounts have no field {unknown[0]!r}.", field=unknown[0])
    with transaction():
        staff = _load(staff_id)
        current = {name: getattr(staff, name) for name in EDITABLE}
        values = _validated(dict(current, **changes), staff)
        if staff.role == "administrator" and values["role"] != "administrator":
            _keep_an_administrator(staff.id)
        before = {"home_site": staff.home_site_id, "supervisor": staff.supervisor_id}
        before.update({k: getattr(staff, k) for k in values if k not in ("home_site", "supervisor")})
        Staff.update(**values).where(Staff.id == staff.id).execute()
        changed = audit.diff(before, values)
        if changed:
            audit.record(actor, audit.CHANGE, record_type="staff", record_id=staff.id, changes=changed)
    return _account(_load(staff_id))


def deactivate_staff(actor: Actor, staff_id: UUID) -> StaffAccount:
    """The account can no longer sign in; everything it recorded stays, under its name."""
    require(actor, STAFF_MANAGE, record_type="staff", record_id=staff_id)
    if staff_id == actor.staff_id:
        raise DomainError("You cannot deactivate your own account; another administrator can.")
    with transaction():
        staff = _load(staff_id)
        if staff.active:
            if staff.role == "administrator":
                _keep_an_administrator(staff.id)
            Staff.update(active=False).where(Staff.id == staff.id).execute()
            key_access.account_removed(staff.username)  # their password no longer opens the file
            audit.record(
                actor,
                audit.CHANGE,
                record_type="staff",
                record_id=staff.id,
                changes={"active": [True, False]},
            )
    return _account(_load(staff_id))


def reactivate_staff(actor: Actor, staff_id: UUID) -> StaffAccount:
    require(actor, STAFF_MANAGE, record_type="staff", record_id=staff_id)
    with transaction():
        staff = _load(staff_id)
        if not staff.active:
            Staff.update(active=True).where(Staff.id == staff.id).execute()
            audit.record(
                actor,
                audit.CHANGE,
                record_type="staff",
                record_id=staff.id,
                changes={"active": [False, True]},
            )
    return _account(_load(staff_id))


def unlock_account(actor: Actor, staff_id: UUID) -> StaffAccount:
    """Lift the lock after failed sign-ins (and forget the failed attempts)."""
    require(actor, STAFF_MANAGE, record_type="staff", record_id=staff_id)
    with transaction():
        staff = _load(staff_id)
        Staff.update(failed_attempts=0, locked_until=None).where(Staff.id == staff.id).execute()
        key_access.lock_state(staff.username, 0, None)
        changes = {
            "locked_until": [audit.jsonable(staff.locked_until), None],
            "failed_attempts": staff.failed_attempts,
        }
        audit.record(actor, audit.UNLOCK, record_type="staff", record_id=staff.id, changes=changes)
    return _account(_load(staff_id))


def reset_password(actor: Actor, staff_id: UUID, new_password: str) -> StaffAccount:
    """Set a temporary password (the owner must change it at the next sign-in) and lift any lock."""
    require(actor, STAFF_MANAGE, record_type="staff", record_id=staff_id)
    with transaction():
        staff = _load(staff_id)
        set_password(staff.id, new_password, must_change=True)
        changes = {"password": "reset by an administrator"}
        audit.record(actor, audit.CHANGE, record_type="staff", record_id=staff.id, changes=changes)
    return _account(_load(staff_id))


def site_by_name(name: str) -> UUID:
    """The open site a person names (case and extra spaces do not matter)."""
    wanted = " ".join((name or "").split()).lower()
    for site in Site.select().where(Site.active == True):  # noqa: E712
        if site.name.lower() == wanted:
            return site.id
    raise NotFound(f"There is no open site called {name!r}.")


def _load(staff_id: UUID) -> Staff:
    staff = Staff.get_or_none(Staff.id == staff_id)
    if staff is None:
        raise NotFound("That staff account does not exist.")
    return staff


def _validated(values: dict[str, Any], staff: Staff | None) -> dict[str, Any]:
    role = check_choice(values["role"], vocab.ROLES, field="role", label="Role")
    site_id = values["home_site_id"]
    if not Site.select().where((Site.id == site_id) & (Site.active == True)).exists():  # noqa: E712
        raise ValidationError("Choose an open site as the account's home site.", field="home_site_id")
    supervisor_id = values["supervisor_id"]
    if supervisor_id is not None:
        if staff is not None and supervisor_id == staff.id:
            raise ValidationError("Nobody can be their own supervisor.", field="supervisor_id")
        boss = Staff.get_or_none(Staff.id == supervisor_id)
        if boss is None or not boss.active or boss.role != "supervisor":
            raise ValidationError(
                "The supervisor must be an active supervisor account.", field="supervisor_id"
            )
    needs_cosign = bool(values["needs_cosign"])
    if needs_cosign and supervisor_id is None:
        raise ValidationError(
            "Someone whose notes need co-signing needs a supervisor.", field="supervisor_id"
        )
    also_clinical = bool(values["also_clinical"])
    if also_clinical and role != "administrator":
        raise ValidationError(
            "Only an administrator account can be marked as also clinical "
            "(supervisors and counselors already are).",
            field="also_clinical",
        )
    return {
        "display_name": clean_text(
            values["display_name"], field="display_name", label="Name", max_len=120, required=True
        ),
        "role": role,
        "credentials": clean_text(
            values["credentials"], field="credentials", label="Credentials", max_len=40
        ),
        "home_site": site_id,
        "supervisor": supervisor_id,
        "needs_cosign": needs_cosign,
        "also_clinical": also_clinical,
    }


def _keep_an_administrator(leaving: UUID) -> None:
    others = Staff.select().where(
        (Staff.role == "administrator")
        & (Staff.active == True)  # noqa: E712
        & Staff.password_hash.is_null(False)
        & (Staff.id != leaving)
    )
    if not others.exists():
        raise DomainError("This is the clinic's last administrator; make another administrator first.")
