"""Who may do what: the clinic's one permission matrix, enforced below the UI.

A hidden button is not access control: every domain operation calls
``require(actor, ACTION, …)`` before it reads or writes, and a refusal is both
an exception with a message for the person and an entry in the audit trail.
``require`` also reads the account again: one deactivated by an administrator while its
owner is signed in (at another workstation) can do nothing more from then on, and one whose
role was changed meanwhile nothing until it signs in again with the new role.

Roles (vocab.ROLES):
- administrator: accounts, sites, settings, backups, and the roster side of the
  clinic; no clinical note text unless the account is also clinical
  (Staff.also_clinical), and then only as a counselor would.
- supervisor: all clinical work at their site (and their supervisees' clients),
  co-signing, reports, the audit trail.
- counselor: rosters and attendance, and the notes of their own caseload:
  writes and signs their own notes, reads the other notes of their clients.
- frontdesk: rosters, attendance, scheduling; never note text.
- auditor: reads everything, changes nothing; the audit trail.

Rosters and attendance are shared work in a group program (colleagues cover
each other's groups), so those actions are checked by role only; the caseload
and site scoping applies to note text and to the treatment chart (screenings,
admission, team, plans, reviews, discharge), where 42 CFR Part 2 asks for it.

A client's caseload (``caseload.caseload_condition``) is everyone who works with them: the primary
counselor, a member of their active treatment team, whoever screened them at
intake, led a group they are in or a session they came to, or wrote about them.
Intake itself (screening and admitting a new client) is open to every clinician:
it is how a client comes into a caseload. A group note's shared part belongs to no
client: it is read by whoever writes it or may read one member's notes
(notes.common.shared_readable, refused through ``deny``).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any, NoReturn
from uuid import UUID

from peewee import SQL, ColumnBase, chunked

from iopdesk.domain.kernel import audit, clock, vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.caseload import (
    caseload_condition,
    in_caseload,
    supervised_condition,
    supervises_client,
)
from iopdesk.domain.kernel.errors import PermissionDenied
from iopdesk.store import after_transaction
from iopdesk.store.models import Client, Staff

log = logging.getLogger(__name__)

CLIENT_VIEW = "client.view"
CLIENT_EDIT = "client.edit"
GROUP_EDIT = "group.edit"
ENROLLMENT_EDIT = "enrollment.edit"
ATTENDANCE_MARK = "attendance.mark"
SESSION_SCHEDULE = "session.schedule"  # group sessions: cancel, move, add
SESSION_CLINICAL = "session.clinical"  # individual and family sessions, who came to them
CALENDAR_EDIT = "calendar.edit"  # site holidays
REPORT_EXPORT = "report.export"  # exports and printouts that leave the program
ROSTER_IMPORT = "roster.import"
NOTE_READ = "note.read"  # a note's text
NOTE_WRITE = "note.write"
NOTE_SIGN = "note.sign"
NOTE_COSIGN = "note.cosign"
AUDIT_VIEW = "audit.view"
STAFF_MANAGE = "staff.manage"
SETTINGS_EDIT = "settings.edit"
SECURITY_EDIT = "security.edit"  # lock-out and idle-lock settings
BACKUP_RUN = "backup.run"
SYNC_RUN = "sync.run"  # change files, satellite copies, sync conflicts (issue 14)
SYNC_WITH_HUB = "sync.hub"  # a satellite laptop's sync with its clinic server: whoever works on it
# The client's treatment (iopdesk.domain.care).
CARE_READ = "care.read"  # the chart: screenings, admission, team, plans, reviews, discharge
CARE_INTAKE = "care.intake"  # screen a client and admit them (open to every clinician)
CARE_WRITE = "care.write"  # change admission terms, the team, plan drafts, reviews, discharge drafts
CARE_SIGN = "care.sign"  # sign one's own screening, plan, review or discharge
CARE_COSIGN = "care.cosign"  # a supervisor's co-signature on a trainee's

# Measurement-based care (iopdesk.domain.measures).
MEASURE_READ = "measure.read"  # a client's scores, safety alerts, detox monitoring and drug screens
MEASURE_RECORD = "measure.record"  # give an instrument, rate withdrawal, log a drug screen, correct one
MEASURE_FOLLOW_UP = "measure.follow_up"  # record the safety check that closes a safety alert

ADMIN, SUPERVISOR, COUNSELOR, FRONTDESK, AUDITOR = (
    "administrator",
    "supervisor",
    "counselor",
    "frontdesk",
    "auditor",
)
_STAFF = frozenset({ADMIN, SUPERVISOR, COUNSELOR, FRONTDESK})
_EVERYONE = _STAFF | {AUDITOR}
_CLINICAL = frozenset({SUPERVISOR, COUNSELOR})

MATRIX: dict[str, frozenset[str]] = {
    CLIENT_VIEW: _EVERYONE,
    CLIENT_EDIT: _STAFF,
    GROUP_EDIT: _STAFF,
    ENROLLMENT_EDIT: _STAFF,
    ATTENDANCE_MARK: _STAFF,
    SESSION_SCHEDULE: _STAFF,
    SESSION_CLINICAL: _CLINICAL,
    CALENDAR_EDIT: frozenset({ADMIN, SUPERVISOR}),
    REPORT_EXPORT: _STAFF,
    ROSTER_IMPORT: _STAFF,
    NOTE_READ: _CLINICAL | {AUDITOR},
    NOTE_WRITE: _CLINICAL,
    NOTE_SIGN: _CLINICAL,
    NOTE_COSIGN: frozenset({SUPERVISOR}),
    AUDIT_VIEW: frozenset({SUPERVISOR, AUDITOR}),
    STAFF_MANAGE: frozenset({ADMIN}),
    SETTINGS_EDIT: frozenset({ADMIN, SUPERVISOR}),
    SECURITY_EDIT: frozenset({ADMIN}),
    BACKUP_RUN: frozenset({ADMIN}),
    SYNC_RUN: frozenset({ADMIN}),
    SYNC_WITH_HUB: _STAFF,
    CARE_READ: _CLINICAL | {AUDITOR},
    CARE_INTAKE: _CLINICAL,
    CARE_WRITE: _CLINICAL,
    CARE_SIGN: _CLINICAL,
    CARE_COSIGN: frozenset({SUPERVISOR}),
    MEASURE_READ: _CLINICAL | {AUDITOR},
    MEASURE_RECORD: _CLINICAL,
    MEASURE_FOLLOW_UP: _CLINICAL,
}
# What an administrator who is also clinical may do as a counselor would.
_CLINICAL_ACTIONS = frozenset(
    {NOTE_READ, NOTE_WRITE, NOTE_SIGN, SESSION_CLINICAL, CARE_READ, CARE_INTAKE, CARE_WRITE, CARE_SIGN}
)
# Actions about one client that only reach the clients in the actor's caseload (counselors)
# or at their site and their supervisees' caseloads (supervisors).
_SCOPED = frozenset({NOTE_READ, NOTE_COSIGN, CARE_READ, CARE_WRITE, CARE_SIGN, CARE_COSIGN})
# Measures are part of the chart: clinical, and in reach of the client's caseload only.
_MEASURES = frozenset({MEASURE_READ, MEASURE_RECORD, MEASURE_FOLLOW_UP})
_CLINICAL_ACTIONS |= _MEASURES
_SCOPED |= _MEASURES

WHAT = {
    CLIENT_VIEW: "open client records",
    CLIENT_EDIT: "add or change clients",
    GROUP_EDIT: "set up or change groups",
    ENROLLMENT_EDIT: "enroll clients or change enrollments and wait lists",
    ATTENDANCE_MARK: "record attendance",
    SESSION_SCHEDULE: "cancel, move or add sessions",
    SESSION_CLINICAL: "schedule individual and family sessions",
    CALENDAR_EDIT: "change the clinic's holidays",
    REPORT_EXPORT: "export or print client information",
    ROSTER_IMPORT: "import rosters",
    NOTE_READ: "read session notes",
    NOTE_WRITE: "write session notes",
    NOTE_SIGN: "sign session notes",
    NOTE_COSIGN: "co-sign notes",
    AUDIT_VIEW: "look at the audit trail",
    STAFF_MANAGE: "manage staff accounts",
    SETTINGS_EDIT: "change clinic settings",
    SECURITY_EDIT: "change sign-in and lock settings",
    BACKUP_RUN: "back up or restore the database",
    SYNC_RUN: "sync this database with the clinic or a satellite laptop",
    SYNC_WITH_HUB: "sync this laptop with the clinic's server",
    CARE_READ: "open a client's treatment chart",
    CARE_INTAKE: "screen or admit clients",
    CARE_WRITE: "change a client's treatment records",
    CARE_SIGN: "sign treatment records",
    CARE_COSIGN: "co-sign treatment records",
    MEASURE_READ: "see a client's scores, safety alerts, detox monitoring or drug screens",
    MEASURE_RECORD: "record scores, withdrawal ratings or drug screens",
    MEASURE_FOLLOW_UP: "record the follow-up of a safety alert",
}


def require(
    actor: Actor,
    action: str,
    *,
    client_id: UUID | None = None,
    author_id: UUID | None = None,
    record_type: str = "",
    record_id: object = "",
    message: str | None = None,
) -> None:
    """Refuse (PermissionDenied, and an audit entry) unless ``actor`` may do ``action``.

    ``client_id`` scopes note actions to the actor's caseload or site;
    ``author_id`` is the author of the note being written, signed or co-signed.
    """
    changed = _account_changed(actor)
    if changed == DEACTIVATED:
        reason: str | None = DEACTIVATED
    else:
        reason = refusal(actor, action, client_id=client_id, author_id=author_id)
        reason = (message or reason) if reason is not None else changed
    if reason is None:
        return
    deny(actor, action, reason, client_id=client_id, record_type=record_type, record_id=record_id)


DEACTIVATED = (
    "This account has been deactivated, so it can do nothing more. Ask an administrator if you still need it."
)
ROLE_CHANGED = (
    "An administrator has changed this account's role since you signed in; sign out and in again to work "
    "with the new one."
)


def _account_changed(actor: Actor) -> str | None:
    """The account's own row, read again: the Actor was made at sign-in, possibly at another
    workstation before an administrator deactivated the account or changed its role (which
    otherwise would only apply at its next sign-in). DEACTIVATED, ROLE_CHANGED or None; no row at
    all (an Actor made by a tool, not a sign-in) is left to the matrix."""
    row = Staff.select(Staff.active, Staff.role).where(Staff.id == actor.staff_id).tuples().first()
    if row is None:
        return None
    active, role = row
    if not active:
        return DEACTIVATED
    return ROLE_CHANGED if role != actor.role else None


def deny(
    actor: Actor,
    action: str,
    message: str,
    *,
    client_id: UUID | None = None,
    record_type: str = "",
    record_id: object = "",
) -> NoReturn:
    """Refuse as ``require`` does (the exception and the audit entry), for a reason found beside
    the matrix (a group note's shared part: iopdesk.domain.notes.common)."""
    _record_denial(actor, action, client_id, record_type, record_id)
    raise PermissionDenied(message)


def can(actor: Actor, action: str, *, client_id: UUID | None = None, author_id: UUID | None = None) -> bool:
    """Whether ``require`` would allow it (for greying out; not a substitute for ``require``)."""
    return refusal(actor, action, client_id=client_id, author_id=author_id) is None


def can_read_note_text(actor: Actor, client_id: UUID | None) -> bool:
    """May ``actor`` see the text of notes about this client (None: the role alone; a group note's
    shared part is further scoped by its session: notes.common.shared_readable)?"""
    return can(actor, NOTE_READ, client_id=client_id)


def refusal(
    actor: Actor, action: str, *, client_id: UUID | None = None, author_id: UUID | None = None
) -> str | None:
    """Why ``actor`` may not do ``action``, for a person; None when allowed."""
    allowed = MATRIX.get(action)
    if allowed is None:
        raise ValueError(f"unknown action {action!r}")
    role = _role_for(actor, action)
    if role not in allowed:
        label = vocab.ROLES.get(actor.role, actor.role or "no role")
        return f"Your account ({label}) cannot {WHAT[action]}."
    if action in (NOTE_WRITE, NOTE_SIGN) and author_id is not None and author_id != actor.staff_id:
        return "You can only write and sign your own notes; add an addendum or ask the author."
    if action == NOTE_COSIGN and author_id is not None and author_id == actor.staff_id:
        return "A note cannot be co-signed by its own author."
    if action == CARE_SIGN and author_id is not None and author_id != actor.staff_id:
        return "You can only sign treatment records you wrote."
    if action == CARE_COSIGN and author_id is not None and author_id == actor.staff_id:
        return "A treatment record cannot be co-signed by its own author."
    if action in _SCOPED and client_id is not None:
        if role == COUNSELOR and not in_caseload(actor.staff_id, client_id, _today(actor)):
            if action == NOTE_READ:
                return "This client is not in your caseload, so you cannot read their notes."
            return "This client is not in your caseload or on a treatment team of yours."
        if role == SUPERVISOR and not supervises_client(actor, client_id):
            return "This client is not seen at your site or by your supervisees."
    return None


def _today(actor: Actor) -> dt.date:
    """The actor's date, for "is on the team today" (tests pin the clock module's function)."""
    return clock.site_today(actor.site_id)


def _role_for(actor: Actor, action: str) -> str:
    if actor.role == ADMIN and actor.also_clinical and action in _CLINICAL_ACTIONS:
        return COUNSELOR
    return actor.role


def client_scope(actor: Actor, action: str, column: Any) -> ColumnBase | None:
    """A condition on ``column`` (anything holding a client id) that holds exactly for the
    clients ``refusal`` lets ``actor`` do ``action`` about; None when no client is out of reach.

    Lists (note search, the co-sign queue) filter inside their query with it,
    instead of asking about each row they fetched: one query, and a full page.
    """
    if _role_for(actor, action) not in MATRIX[action]:
        return SQL("0 = 1")
    if action not in _SCOPED:
        return None
    role = _role_for(actor, action)
    if role == COUNSELOR:
        return caseload_condition(actor.staff_id, column, _today(actor))
    if role == SUPERVISOR:
        return supervised_condition(actor, column)
    return None


def readable_client_ids(
    actor: Actor, client_ids: Iterable[UUID | None], action: str = NOTE_READ
) -> set[UUID]:
    """The clients among ``client_ids`` whose notes ``actor`` may read (``can(NOTE_READ)`` for many;
    another scoped ``action``, e.g. CARE_READ, for that)."""
    ids = list({c for c in client_ids if c is not None})
    if not ids:
        return set()  # nothing to ask about (the scope reads the site's date)
    scope = client_scope(actor, action, Client.id)
    if scope is None:
        return set(ids)
    out: set[UUID] = set()
    for batch in chunked(ids, 500):
        out.update(c for (c,) in Client.select(Client.id).where(Client.id.in_(batch) & scope).tuples())
    return out


def _record_denial(
    actor: Actor, action: str, client_id: UUID | None, record_type: str, record_id: object
) -> None:
    """The refusal lands in the trail even when the caller's transaction is rolled back."""

    def write() -> None:
        try:
            audit.record(
                actor,
                audit.DENIED,
                client_id=client_id,
                record_type=record_type,
                record_id=record_id,
                changes={"action": action},
            )
        except Exception:  # the refusal itself must still reach the person
            log.exception("could not record a refused %s by staff %s", action, actor.staff_id)

    after_transaction(write)
    log.info("refused %s for staff %s", action, actor.staff_id)
