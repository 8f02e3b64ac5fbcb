"""The pages in the main window's navigation, in order (Ctrl+1 … Ctrl+n).

Each entry names its title and icon, so the navigation is drawn without
importing the page; the screen's package is imported the first time it is
shown, and its ``build`` makes the view and then the controller that owns it
(once anything ui/warm_up.py is loading in the background is loaded: never two
threads importing at once). The pages most visited after Today also name their
``layout`` (the view alone, no data) and ``assemble`` (the controller over it),
so that their widgets can be made ahead while the window waits (ui/build_ahead.py).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.permissions import AUDIT_VIEW, CARE_READ, NOTE_READ, can
from iopdesk.ui import warm_up
from iopdesk.ui.kit.screen import Screen, View
from iopdesk.ui.view_stack import ViewSpec


def _today(actor: Actor) -> Screen:
    warm_up.wait()
    from iopdesk.ui.views import today

    return today.build(actor)


def _groups(actor: Actor) -> Screen:
    warm_up.wait()
    from iopdesk.ui.views import groups

    return groups.build(actor)


def _groups_layout(actor: Actor) -> View:
    warm_up.wait()
    from iopdesk.ui.views import groups

    return groups.layout(actor)


def _groups_assemble(actor: Actor, view: View) -> Screen:
    from iopdesk.ui.views import groups

    return groups.assemble(actor, view)  # type: ignore[arg-type]  # the view groups.layout made


def _attendance(actor: Actor) -> Screen:
    warm_up.wait()
    from iopdesk.ui.views import attendance

    return attendance.build(actor)


def _attendance_layout(actor: Actor) -> View:
    warm_up.wait()
    from iopdesk.ui.views import attendance

    return attendance.layout(actor)


def _attendance_assemble(actor: Actor, view: View) -> Screen:
    from iopdesk.ui.views import attendance

    return attendance.assemble(actor, view)  # type: ignore[arg-type]  # the view attendance.layout made


def _notes(actor: Actor) -> Screen:
    warm_up.wait()
    from iopdesk.ui.views import notes

    return notes.build(actor)


def _notes_layout(actor: Actor) -> View:
    warm_up.wait()
    from iopdesk.ui.views import notes

    return notes.layout(actor)


def _notes_assemble(actor: Actor, view: View) -> Screen:
    from iopdesk.ui.views import notes

    return notes.assemble(actor, view)  # type: ignore[arg-type]  # the view notes.layout made


def _clients(actor: Actor) -> Screen:
    warm_up.wait()
    from iopdesk.ui.views import clients

    return clients.build(actor)


def _clients_layout(actor: Actor) -> View:
    warm_up.wait()
    from iopdesk.ui.views import clients

    return clients.layout(actor)


def _clients_assemble(actor: Actor, view: View) -> Screen:
    from iopdesk.ui.views import clients

    return clients.assemble(actor, view)  # type: ignore[arg-type]  # the view clients.layout made


def _chart(actor: Actor) -> Screen:
    warm_up.wait()
    from iopdesk.ui.views import chart

    return chart.build(actor)


def _audit(actor: Actor) -> Screen:
    warm_up.wait()
    from iopdesk.ui.views import audit

    return audit.build(actor)


def default_views(actor: Actor | None = None) -> list[ViewSpec]:
    """The navigation, offering only what the actor's role may use (the permission matrix decides):
    Notes for those who may read notes (not front desk, nor an administrator who is not clinical),
    the client's chart for those who may open one (clinicians, auditors), the audit trail for those
    who may read it (supervisors, auditors)."""
    # The same translation context as each view's own self.tr(), so both read alike.
    tr = QCoreApplication.translate
    specs = [
        ViewSpec("today", tr("TodayView", "Today"), "today", _today),
        ViewSpec("groups", tr("GroupsView", "Groups"), "groups", _groups, _groups_layout, _groups_assemble),
        ViewSpec(
            "attendance",
            tr("AttendanceView", "Attendance"),
            "attendance",
            _attendance,
            _attendance_layout,
            _attendance_assemble,
        ),
        ViewSpec("notes", tr("NotesView", "Notes"), "notes", _notes, _notes_layout, _notes_assemble),
        ViewSpec(
            "clients", tr("ClientsView", "Clients"), "clients", _clients, _clients_layout, _clients_assemble
        ),
    ]
    if actor is None or can(actor, CARE_READ):
        specs.append(ViewSpec("chart", tr("ChartView", "Chart"), "chart", _chart))
    if actor is not None and not can(actor, NOTE_READ):
        specs = [s for s in specs if s.key != "notes"]
    if actor is not None and can(actor, AUDIT_VIEW):
        specs.append(ViewSpec("audit", tr("AuditView", "Audit trail"), "audit", _audit))
    return specs
