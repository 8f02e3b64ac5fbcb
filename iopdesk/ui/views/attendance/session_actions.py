"""The attendance screen's calendar actions: cancel, reinstate, move, add a group session,
schedule an individual or family session, who came to a family session, and holidays.

A mixin of TakePanel (take.py keeps the marking); every write goes through the
Marking, and a refusal shows as the panel's message or stays in
the dialog that asked.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from uuid import UUID

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMenu, QPushButton

from iopdesk.ui.views.attendance.client_session_dialog import ClientSessionDialog, ClientSessionRequest
from iopdesk.ui.views.attendance.family_members import FamilyMembersDialog
from iopdesk.ui.views.attendance.holidays_dialog import HolidaysDialog
from iopdesk.ui.views.attendance.session_dialogs import AddSessionDialog, RescheduleDialog

if TYPE_CHECKING:
    from iopdesk.ui.views.attendance.take import TakePanel

    _Base = TakePanel
else:
    _Base = object


def tr(text: str) -> str:
    return QCoreApplication.translate("attendance", text)


class SessionActions(_Base):
    def build_schedule_button(self) -> QPushButton:
        """The Schedule button and its menu: an extra group session, a client session, holidays."""
        button = QPushButton(tr("Schedule"))
        button.setToolTip(tr("Add a session, or change the site's holidays"))
        menu = QMenu(button)
        self.add_group_action = QAction(tr("Extra &group session…"), button)
        self.add_group_action.setToolTip(tr("An extra meeting of a group, outside its weekly schedule"))
        self.add_group_action.triggered.connect(self.add_session)
        self.client_session_action = QAction(tr("&Individual or family session…"), button)
        self.client_session_action.triggered.connect(self.schedule_client_session)
        self.holidays_action = QAction(tr("&Holidays…"), button)
        self.holidays_action.triggered.connect(self.show_holidays)
        menu.addAction(self.add_group_action)
        menu.addAction(self.client_session_action)
        menu.addSeparator()
        menu.addAction(self.holidays_action)
        button.setMenu(menu)
        return button

    def cancel_session(self) -> None:
        session = self.marking.session
        if session is None:
            return
        reason, ok = QInputDialog.getText(
            self,
            tr("Cancel session"),
            tr("Why is {title} on {day} cancelled?").format(title=session.title, day=f"{session.date:%b %d}"),
            QLineEdit.EchoMode.Normal,
        )
        if ok:
            self.show_message(self.marking.cancel_session(reason) or "")
            self._refresh_list()

    def reinstate_session(self) -> None:
        self.show_message(self.marking.reinstate_session() or "")
        self._refresh_list()

    def move_session(self) -> None:
        session = self.marking.session
        if session is None:
            return

        def submit(day: dt.date, start: dt.time | None) -> str | None:
            problem = self.marking.reschedule_session(day, start)
            if problem is None:
                self.open_session(session.id)
            return problem

        self._open(RescheduleDialog(self, session, submit))

    def add_session(self) -> None:
        groups = [g for g in self.marking.groups() if g.site_id == self.actor.site_id]

        def submit(group_id: UUID, day: dt.date, start: dt.time, minutes: int, topic: str) -> str | None:
            info, problem = self.marking.add_session(group_id, day, start, minutes, topic)
            if info is not None:
                self.open_session(info.id)
            return problem

        self._open(AddSessionDialog(self, groups, self.picker.day(), submit))

    def schedule_client_session(self) -> None:
        """New individual or family session; once saved it is opened for taking attendance."""

        def submit(request: ClientSessionRequest) -> str | None:
            info, problem = self.marking.schedule_client_session(request)
            if info is not None:
                self.open_session(info.id)
            return problem

        self._open(ClientSessionDialog(self, self.actor, self.picker.day(), submit))

    def edit_family_members(self) -> None:
        session = self.marking.session
        if session is None or session.kind != "family":
            return
        members, problem = self.marking.family_members()
        if problem:
            self.show_message(problem)
            return
        self._open(
            FamilyMembersDialog(self, session.title, members, self.marking.set_family_members, session.id)
        )

    def show_holidays(self) -> None:
        dialog = HolidaysDialog(self, self.actor)
        dialog.calendar_changed.connect(self.refresh)
        self._open(dialog)

    def update_session_buttons(self) -> None:
        session = self.marking.session
        self.family_button.setVisible(session is not None and session.kind == "family")
        self.family_button.setEnabled(session is not None and not session.cancelled)
