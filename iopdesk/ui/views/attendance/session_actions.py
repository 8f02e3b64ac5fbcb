"""The attendance screen's calendar actions: cancel, reinstate, move, add a group session,
schedule an individual or family session, who came to a family session, and holidays.

A helper the TakeController owns (it keeps the marking); every write goes
through ``Marking``, and a refusal shows as the panel's message or stays in
the dialog that asked. Once a session is added or moved it is opened through
``open_session``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from uuid import UUID

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QInputDialog, QLineEdit

from iopdesk.domain.kernel import permissions
from iopdesk.domain.kernel.actor import Actor
from iopdesk.ui.kit.dialog_slot import DialogSlot
from iopdesk.ui.kit.formatting import date_text
from iopdesk.ui.views.attendance.client_session_dialog import ClientSessionDialog, ClientSessionRequest
from iopdesk.ui.views.attendance.family_members import FamilyMembersDialog
from iopdesk.ui.views.attendance.holidays_dialog import HolidaysDialog
from iopdesk.ui.views.attendance.marking import Marking
from iopdesk.ui.views.attendance.session_dialogs import AddSessionDialog, ExtraSession, RescheduleDialog
from iopdesk.ui.views.attendance.take import TakePanel


def tr(text: str) -> str:
    return QCoreApplication.translate("attendance", text)


class SessionActions(QObject):
    def __init__(
        self,
        view: TakePanel,
        actor: Actor,
        marking: Marking,
        dialogs: DialogSlot,
        *,
        open_session: Callable[[UUID], None],
        refresh: Callable[[], None],
        refresh_list: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self.actor = actor
        self.marking = marking
        self.dialogs = dialogs
        self.open_session = open_session
        self.refresh = refresh  # the day's list and the open session, read again
        self.refresh_list = refresh_list  # the day's list redrawn, the same session chosen

    def cancel_session(self) -> None:
        session = self.marking.session
        if session is None:
            return
        reason, ok = QInputDialog.getText(
            self.view,
            tr("Cancel session"),
            tr("Why is {title} on {day} cancelled?").format(title=session.title, day=date_text(session.date)),
            QLineEdit.EchoMode.Normal,
        )
        if ok:
            self.view.show_message(self.marking.cancel_session(reason) or "")
            self.refresh_list()

    def reinstate_session(self) -> None:
        self.view.show_message(self.marking.reinstate_session() or "")
        self.refresh_list()

    def move_session(self) -> None:
        session = self.marking.session
        if session is None:
            return

        def submit(day: dt.date, start: dt.time | None) -> str | None:
            problem = self.marking.reschedule_session(day, start)
            if problem is None:
                self.open_session(session.id)
            return problem

        self.dialogs.open(RescheduleDialog(self.view, session, submit))

    def add_session(self) -> None:
        """An extra meeting; the group on screen first, with its usual time, length and facilitator."""
        groups = [g for g in self.marking.groups() if g.site_id == self.actor.site_id and g.active]
        on_screen = self.marking.session.group_id if self.marking.session is not None else None

        def submit(request: ExtraSession) -> str | None:
            info, problem = self.marking.add_session(
                request.group_id,
                request.date,
                request.start_time,
                request.duration_minutes,
                request.topic,
                request.facilitator_id,
            )
            if info is not None:
                self.open_session(info.id)
            return problem

        self.dialogs.open(
            AddSessionDialog(
                self.view,
                groups,
                self.view.picker.day(),
                submit,
                chosen=on_screen,
                defaults=self.marking.extra_session_defaults,
                facilitators=self.marking.facilitators(),
            )
        )

    def schedule_client_session(self) -> None:
        """New individual or family session; once saved it is opened for taking attendance."""

        def submit(request: ClientSessionRequest) -> str | None:
            info, problem = self.marking.schedule_client_session(request)
            if info is not None:
                self.open_session(info.id)
            return problem

        self.dialogs.open(ClientSessionDialog(self.view, self.actor, self.view.picker.day(), submit))

    def edit_family_members(self) -> None:
        session = self.marking.session
        if session is None or session.kind != "family":
            return
        members, problem = self.marking.family_members()
        if problem:
            self.view.show_message(problem)
            return
        save = self.marking.set_family_members
        self.dialogs.open(FamilyMembersDialog(self.view, session.title, members, save, session.id))

    def show_holidays(self) -> None:
        dialog = HolidaysDialog(self.view, self.actor)
        dialog.calendar_changed.connect(self.refresh)
        self.dialogs.open(dialog)

    def update_session_buttons(self) -> None:
        session = self.marking.session
        self.view.family_button.setVisible(session is not None and session.kind == "family")
        may = permissions.can(self.actor, permissions.SESSION_CLINICAL)
        self.view.family_button.setEnabled(may and session is not None and not session.cancelled)
