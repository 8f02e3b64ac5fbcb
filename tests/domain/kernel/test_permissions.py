"""The permission matrix, checked through the domain layer: role × action, scoping, and refusals on record."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

import pytest

from iopdesk.domain.access import staff_accounts as staff
from iopdesk.domain.attendance import marking as attendance
from iopdesk.domain.calendar import client_sessions, holidays
from iopdesk.domain.calendar import edits as session_edits
from iopdesk.domain.clients.clients import ClientDraft, add_client, get_client
from iopdesk.domain.kernel import permissions, settings
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import PermissionDenied
from iopdesk.domain.kernel.permissions import can, can_read_note_text, require
from iopdesk.domain.overviews import audit_trail as audit_view
from iopdesk.domain.overviews.attendance_reports import export_attendance_csv
from iopdesk.domain.roster_files.importing import import_roster
from iopdesk.store import transaction
from iopdesk.store.models import AuditEvent, Note, Staff
from tests.support import factories as f
from tests.support.factories import MONDAY, TODAY

ROLES = ("administrator", "supervisor", "counselor", "frontdesk", "auditor")


@pytest.fixture(autouse=True)
def today(monkeypatch):  # type: ignore[no-untyped-def]
    return f.pin_today(monkeypatch)


class Clinic:
    def __init__(self, actor: Actor) -> None:
        self.base = actor
        self.group = f.group(actor, "Evening Recovery")
        self.client = f.client(actor, "Sam", "Rivera")
        f.enroll(actor, self.client, self.group, MONDAY)
        self.session = f.session(actor, self.group, TODAY)
        self.actors = {role: f.actor_as(actor, f.staff(actor, role=role, name=f"A {role}")) for role in ROLES}


@pytest.fixture
def clinic(db, actor) -> Clinic:  # type: ignore[no-untyped-def]
    return Clinic(actor)


def _roster_csv() -> bytes:
    return b"First name,Last name,Date of birth\r\nAna,Lopez,1990-01-02\r\n"


# One domain call per action, and the roles the matrix lets do it.
OPERATIONS: dict[str, tuple[Callable[[Clinic, Actor], object], set[str]]] = {
    "add a client": (
        lambda c, a: add_client(a, ClientDraft("Ana", "Lopez", dt.date(1990, 1, 2)), today=TODAY),
        {"administrator", "supervisor", "counselor", "frontdesk"},
    ),
    "open a client": (lambda c, a: get_client(a, c.client.id), set(ROLES)),
    "mark attendance": (
        lambda c, a: attendance.mark(a, c.session.id, c.client.id, "present"),
        {"administrator", "supervisor", "counselor", "frontdesk"},
    ),
    "open a session's attendance": (lambda c, a: attendance.session_attendance(a, c.session.id), set(ROLES)),
    "cancel a session": (
        lambda c, a: session_edits.cancel_session(a, c.session.id, "Snow"),
        {"administrator", "supervisor", "counselor", "frontdesk"},
    ),
    "schedule an individual session": (
        lambda c, a: client_sessions.schedule_client_session(
            a, c.client.id, "individual", TODAY + dt.timedelta(days=1), dt.time(10), 50
        ),
        {"supervisor", "counselor"},
    ),
    "add a holiday": (
        lambda c, a: holidays.add_holiday(a, TODAY + dt.timedelta(days=30), "Founders' Day"),
        {"administrator", "supervisor"},
    ),
    "export attendance": (
        lambda c, a: export_attendance_csv(a, MONDAY, TODAY),
        {"administrator", "supervisor", "counselor", "frontdesk"},
    ),
    "import a roster": (
        lambda c, a: import_roster(a, _roster_csv(), dry_run=True),
        {"administrator", "supervisor", "counselor", "frontdesk"},
    ),
    "change a clinic setting": (
        lambda c, a: settings.set_value(a, "note_due_hours", 48),
        {"administrator", "supervisor"},
    ),
    "change the lock-out setting": (
        lambda c, a: settings.set_value(a, "lockout_attempts", 6),
        {"administrator"},
    ),
    "look at the audit trail": (lambda c, a: audit_view.audit_events(a), {"supervisor", "auditor"}),
    "manage staff accounts": (lambda c, a: staff.list_accounts(a), {"administrator"}),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_role_by_action_matrix(clinic: Clinic, role: str, operation: str) -> None:
    call, allowed = OPERATIONS[operation]
    actor = clinic.actors[role]
    before = AuditEvent.select().where(AuditEvent.action == "permission.denied").count()
    if role in allowed:
        call(clinic, actor)
    else:
        with pytest.raises(PermissionDenied) as refused:
            call(clinic, actor)
        assert "cannot" in str(refused.value)
        denied = AuditEvent.select().where(AuditEvent.action == "permission.denied").order_by(AuditEvent.seq)
        assert denied.count() == before + 1
        assert denied[-1].staff_id == actor.staff_id


def test_matrix_names_every_action_and_only_known_roles() -> None:
    assert set(permissions.WHAT) == set(permissions.MATRIX)
    for roles in permissions.MATRIX.values():
        assert roles <= set(ROLES)
    with pytest.raises(ValueError):
        permissions.refusal(Actor(uuid.uuid4(), uuid.uuid4(), "supervisor"), "client.fly")


def test_note_text_by_role_and_caseload(clinic: Clinic) -> None:
    a = clinic.actors
    mine = clinic.client
    theirs = f.client(clinic.base, "Other", "Person")
    Staff.update(also_clinical=False).execute()
    assert not can_read_note_text(a["frontdesk"], mine.id)
    assert not can_read_note_text(a["administrator"], mine.id)
    assert can_read_note_text(a["auditor"], mine.id)
    assert can_read_note_text(a["supervisor"], mine.id)  # a client of the supervisor's site
    # A counselor reads the notes of their own clients only.
    counselor = a["counselor"]
    assert not can_read_note_text(counselor, mine.id)
    f.facilitate(clinic.group, counselor.staff_id)
    assert can_read_note_text(counselor, mine.id)  # leads the client's group
    assert not can_read_note_text(counselor, theirs.id)
    theirs.primary_counselor = counselor.staff_id
    theirs.save()
    assert can_read_note_text(counselor, theirs.id)
    # An administrator who also does clinical work reads like a counselor would.
    clinical_admin = Actor(
        a["administrator"].staff_id, clinic.base.site_id, "administrator", also_clinical=True
    )
    assert not can_read_note_text(clinical_admin, mine.id)
    f.facilitate(clinic.group, clinical_admin.staff_id, lead=False)
    assert can_read_note_text(clinical_admin, mine.id)


def test_supervisors_read_notes_at_their_site_or_of_their_supervisees(clinic: Clinic) -> None:
    north = f.other_site()
    away = Actor(clinic.actors["supervisor"].staff_id, north.id, "supervisor")
    assert not can_read_note_text(away, clinic.client.id)
    counselor = clinic.actors["counselor"]
    f.facilitate(clinic.group, counselor.staff_id)
    Staff.update(supervisor=away.staff_id).where(Staff.id == counselor.staff_id).execute()
    assert can_read_note_text(away, clinic.client.id)


def test_notes_are_written_and_signed_by_their_author_and_cosigned_by_another(clinic: Clinic) -> None:
    a = clinic.actors
    counselor, supervisor = a["counselor"], a["supervisor"]
    require(counselor, permissions.NOTE_WRITE, author_id=counselor.staff_id)
    with pytest.raises(PermissionDenied, match="your own notes"):
        require(counselor, permissions.NOTE_SIGN, author_id=supervisor.staff_id)
    with pytest.raises(PermissionDenied):
        require(a["frontdesk"], permissions.NOTE_WRITE)
    require(supervisor, permissions.NOTE_COSIGN, author_id=counselor.staff_id)
    with pytest.raises(PermissionDenied, match="own author"):
        require(supervisor, permissions.NOTE_COSIGN, author_id=supervisor.staff_id)
    with pytest.raises(PermissionDenied):
        require(counselor, permissions.NOTE_COSIGN, author_id=supervisor.staff_id)
    assert can(a["auditor"], permissions.NOTE_READ) and not can(a["auditor"], permissions.NOTE_WRITE)


def test_a_refusal_stays_on_record_when_the_callers_transaction_rolls_back(clinic: Clinic) -> None:
    auditor = clinic.actors["auditor"]
    with pytest.raises(PermissionDenied):
        with transaction():
            Note.select().count()
            attendance.mark(auditor, clinic.session.id, clinic.client.id, "present")
    entry = AuditEvent.select().order_by(AuditEvent.seq.desc()).first()
    assert (entry.action, entry.staff_id) == ("permission.denied", auditor.staff_id)
    assert '"attendance.mark"' in entry.changes and entry.client_id == clinic.client.id


def test_role_checks_follow_the_matrix(clinic: Clinic) -> None:
    from iopdesk.domain.kernel import permissions, records

    with pytest.raises(PermissionDenied):
        records.require_writer(clinic.actors["auditor"])
    with pytest.raises(PermissionDenied):
        permissions.require(clinic.actors["auditor"], permissions.ATTENDANCE_MARK)
    with pytest.raises(PermissionDenied, match="Only a counselor or supervisor can sign"):
        permissions.require(
            clinic.actors["frontdesk"],
            permissions.SESSION_CLINICAL,
            message="Only a counselor or supervisor can sign notes.",
        )
    with pytest.raises(PermissionDenied):
        permissions.require(clinic.actors["counselor"], permissions.CALENDAR_EDIT)
    permissions.require(clinic.actors["frontdesk"], permissions.ATTENDANCE_MARK)
