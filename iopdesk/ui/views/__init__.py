"""The views in the main window's navigation, in order (Ctrl+1 … Ctrl+n).

Each entry names its title and icon, so the navigation is drawn without
importing the view; the view's package is imported the first time it is shown.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.permissions import AUDIT_VIEW, can
from iopdesk.ui.kit.screen import View
from iopdesk.ui.view_stack import ViewSpec


def _today(actor: Actor) -> View:
    from iopdesk.ui.views.today import make_today_view

    return make_today_view(actor)


def _groups(actor: Actor) -> View:
    from iopdesk.ui.views.groups import make_groups_view

    return make_groups_view(actor)


def _attendance(actor: Actor) -> View:
    from iopdesk.ui.views.attendance import make_attendance_view

    return make_attendance_view(actor)


def _notes(actor: Actor) -> View:
    from iopdesk.ui.views.notes import make_notes_view

    return make_notes_view(actor)


def _clients(actor: Actor) -> View:
    from iopdesk.ui.views.clients import make_clients_view

    return make_clients_view(actor)


def _audit(actor: Actor) -> View:
    from iopdesk.ui.views.audit import make_audit_view

    return make_audit_view(actor)


def default_views(actor: Actor | None = None) -> list[ViewSpec]:
    """The navigation; the audit trail only for those who may read it (supervisors, auditors)."""
    # The same translation context as each view's own self.tr(), so both read alike.
    tr = QCoreApplication.translate
    specs = [
        ViewSpec("today", tr("TodayView", "Today"), "today", _today),
        ViewSpec("groups", tr("GroupsView", "Groups"), "groups", _groups),
        ViewSpec("attendance", tr("AttendanceView", "Attendance"), "attendance", _attendance),
        ViewSpec("notes", tr("NotesView", "Notes"), "notes", _notes),
        ViewSpec("clients", tr("ClientsView", "Clients"), "clients", _clients),
    ]
    if actor is not None and can(actor, AUDIT_VIEW):
        specs.append(ViewSpec("audit", tr("AuditView", "Audit trail"), "audit", _audit))
    return specs
