"""What the Groups screen does: fill its tables from the domain and run each action.

The controller owns the view (``GroupsView``, layout only): it adds the buttons,
wires the view's signals, and answers the main window (``activated``). Every
action opens its dialog through ``self.prompts`` (tests pass their own), calls
one domain function, and then refreshes what that changed. Refusals are shown
in the dialog that caused them, or in the calm notice line under the heading.
"""

from __future__ import annotations

from uuid import UUID

from PySide6.QtCore import QItemSelectionModel, Signal

from iopdesk.domain.enrollment.enrollment import MoveResult
from iopdesk.domain.enrollment.placement import EnrollmentInfo
from iopdesk.domain.enrollment.waitlist import WaitlistEntry, move_on_waitlist
from iopdesk.domain.groups.groups import GroupInfo
from iopdesk.domain.kernel import permissions
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.domain.kernel.vocab import CURRENT_ENROLLMENT
from iopdesk.domain.overviews.group_setup import GroupOverview, group_overview
from iopdesk.domain.overviews.rosters import Roster, RosterMember, group_roster
from iopdesk.ui.kit.actions import DownToList, EnterOpens, action_button, make_action
from iopdesk.ui.kit.formatting import date_text
from iopdesk.ui.kit.permitted import offer
from iopdesk.ui.kit.prompts import Prompts
from iopdesk.ui.kit.rows import ID_ROLE
from iopdesk.ui.kit.screen import Screen
from iopdesk.ui.kit.sections import button_row
from iopdesk.ui.views.clients.keep_apart_dialog import KeepApartDialog
from iopdesk.ui.views.groups.end_dialogs import EndEnrollmentDialog, LeaveWaitlistDialog
from iopdesk.ui.views.groups.enroll_dialogs import EnrollDialog, FromWaitlistDialog, MoveDialog
from iopdesk.ui.views.groups.group_dialog import GroupDialog
from iopdesk.ui.views.groups.models import STATE_COLUMN
from iopdesk.ui.views.groups.sign_in_dialog import SignInDialog
from iopdesk.ui.views.groups.texts import details_text, enrolled_text, schedule_tip
from iopdesk.ui.views.groups.view import GroupsView


class GroupsController(Screen):
    roster_changed = Signal(object)
    """A group's members or wait list changed here; carries the group id."""
    client_open_requested = Signal(object)
    """The user asked to open a member's client page; carries the client id."""

    view: GroupsView

    def __init__(self, view: GroupsView, actor: Actor, prompts: Prompts | None = None) -> None:
        super().__init__(view)
        self.actor = actor
        self.prompts = prompts or Prompts()
        self.roster: Roster | None = None
        self._usual_tips: dict[str, str] = {}
        v = view
        tr = view.tr
        self.a_filter = make_action(v, tr("Filter"), "Ctrl+F", self._focus_filter)
        self.a_new = make_action(v, tr("&New group…"), "Ctrl+N", self.new_group)
        self.a_edit = make_action(v, tr("Edit &group…"), "F2", self.edit_group)
        self.a_enroll = make_action(v, tr("&Enroll client…"), "Ctrl+E", self.enroll_client)
        self.a_end = make_action(v, tr("En&d enrollment…"), "Ctrl+D", self.end_enrollment)
        self.a_move = make_action(v, tr("&Move to group…"), "Ctrl+M", self.move_member)
        self.a_keep = make_action(v, tr("&Keep apart…"), "Ctrl+K", self.keep_apart)
        self.a_print = make_action(v, tr("&Print sign-in sheet…"), "Ctrl+P", self.print_sheet)
        self.a_up = make_action(v, tr("Move &up"), "Alt+Up", lambda: self.move_waiting(-1))
        self.a_down = make_action(v, tr("Move do&wn"), "Alt+Down", lambda: self.move_waiting(+1))
        self.a_from_wait = make_action(v, tr("Enroll from wait &list…"), "Ctrl+L", self.enroll_from_waitlist)
        self.a_leave = make_action(v, tr("Take off wait list…"), None, self.leave_waitlist)

        self.buttons = {
            key: action_button(action, primary=key in ("new", "enroll"))
            for key, action in (
                ("new", self.a_new),
                ("edit", self.a_edit),
                ("enroll", self.a_enroll),
                ("end", self.a_end),
                ("move", self.a_move),
                ("keep", self.a_keep),
                ("print", self.a_print),
                ("up", self.a_up),
                ("down", self.a_down),
                ("from_wait", self.a_from_wait),
                ("leave", self.a_leave),
            )
        }
        # What the role may do comes from the permission matrix; the rest is shown unavailable, saying why.
        self.may_edit_groups = permissions.can(actor, permissions.GROUP_EDIT)
        self.can_write = permissions.can(actor, permissions.ENROLLMENT_EDIT)
        self.may_print = permissions.can(actor, permissions.REPORT_EXPORT)
        for key in ("new", "edit"):
            offer(self.buttons[key], actor, permissions.GROUP_EDIT)
        for key in ("enroll", "end", "move", "up", "down", "from_wait", "leave"):
            offer(self.buttons[key], actor, permissions.ENROLLMENT_EDIT)
        self.may_keep_apart = offer(self.buttons["keep"], actor, permissions.CLIENT_EDIT)
        offer(self.buttons["print"], actor, permissions.REPORT_EXPORT)
        b = self.buttons
        v.group_buttons.addWidget(b["new"])
        v.group_buttons.addWidget(b["edit"])
        v.member_buttons.addLayout(button_row(b["enroll"], b["end"], b["move"], b["keep"], b["print"]))
        v.waitlist_buttons.addLayout(button_row(b["up"], b["down"]))
        # One per line: a narrow wait list leaves the members' table its columns at 1280×800.
        v.waitlist_buttons.addLayout(button_row(b["from_wait"]))
        v.waitlist_buttons.addLayout(button_row(b["leave"]))

        v.filter_edit.textChanged.connect(self._filter_changed)
        DownToList(v.filter_edit, v.groups_table)
        v.show_finished.toggled.connect(self._show_finished)
        v.include_past.toggled.connect(lambda _on: self.show_group(self.current_group_id()))
        v.groups_table.selectionModel().currentRowChanged.connect(
            lambda _now, _before: self.show_group(self.current_group_id())
        )
        for table in (v.members_table, v.waitlist_table):
            table.selectionModel().currentRowChanged.connect(lambda _now, _before: self.update_actions())
        EnterOpens(v.groups_table, self.edit_group)
        EnterOpens(v.members_table, self.open_member)
        EnterOpens(v.waitlist_table, self.enroll_from_waitlist)
        self.refresh()
        # Everything was just read; the main window builds a screen when it is first shown and
        # activates it at once, and reading it all again would double that wait.
        self._just_read = True

    def activated(self) -> None:
        if not self._just_read:
            self.refresh()
        self._just_read = False
        if not self.view.filter_edit.text():
            self.view.groups_table.setFocus()

    # --- reading -------------------------------------------------------------------
    def current_group_id(self) -> UUID | None:
        index = self.view.groups_table.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def current_overview(self) -> GroupOverview | None:
        key = self.current_group_id()
        row = self.view.groups_model.row_of_id(key)
        return self.view.groups_model.rows[row] if row >= 0 else None

    def current_member(self) -> RosterMember | None:
        index = self.view.members_proxy.mapToSource(self.view.members_table.currentIndex())
        return self.view.members_model.row_at(index)

    def current_waiting(self) -> WaitlistEntry | None:
        return self.view.waitlist_model.row_at(self.view.waitlist_table.currentIndex())

    def refresh(self, select: UUID | None = None) -> None:
        """Reload the groups list, keeping (or moving to) a selected group."""
        keep = select or self.current_group_id()
        self.view.groups_model.set_rows(
            group_overview(self.actor, include_finished=self.view.show_finished.isChecked())
        )
        self.select_group(keep)

    def select_group(self, group_id: UUID | None) -> None:
        """Select a group (the first one shown when it is not in the list); show its roster."""
        v = self.view
        source_row = v.groups_model.row_of_id(group_id) if group_id else -1
        index = v.groups_proxy.mapFromSource(v.groups_model.index(source_row, 0)) if source_row >= 0 else None
        if (index is None or not index.isValid()) and v.groups_proxy.rowCount():
            index = v.groups_proxy.index(0, 0)
        if index is None or not index.isValid():
            v.groups_table.selectionModel().clear()
            self.show_group(None)
            return
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        before = self.current_group_id()
        v.groups_table.selectionModel().setCurrentIndex(index, flags)
        if self.current_group_id() == before:  # same row: no change signal, so reload here
            self.show_group(before)

    def show_group(self, group_id: UUID | None) -> None:
        v = self.view
        if group_id is None:
            self.roster = None
            v.members_model.set_rows([])
            v.waitlist_model.set_rows([])
            v.show_roster_area(False)
            self.update_actions()
            return
        keep_member = self.current_member()
        keep_waiting = self.current_waiting()
        try:
            self.roster = group_roster(self.actor, group_id, include_past=v.include_past.isChecked())
        except DomainError as exc:
            self.say(str(exc))
            return
        roster = self.roster
        v.show_roster_area(True)
        v.group_title.setText(roster.group.name)
        v.group_details.setText(details_text(roster))
        v.group_details.setToolTip(schedule_tip(roster))
        v.members_model.set_rows(roster.members)
        v.waitlist_model.set_rows(roster.waitlist)
        v.members_table.setVisible(bool(roster.members))
        v.members_empty.setVisible(not roster.members)
        v.waitlist_table.setVisible(bool(roster.waitlist))
        v.waitlist_empty.setVisible(not roster.waitlist)
        self._reselect(v.members_table, v.members_proxy.mapFromSource, v.members_model, keep_member)
        self._reselect(v.waitlist_table, lambda i: i, v.waitlist_model, keep_waiting)
        self.update_actions()

    def _reselect(self, table, to_view, model, keep) -> None:  # type: ignore[no-untyped-def]
        if not model.rowCount():
            return
        row = model.row_of_id(model.id_of(keep)) if keep is not None else -1
        index = to_view(model.index(max(row, 0), 0))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        table.selectionModel().setCurrentIndex(index, flags)

    def update_actions(self) -> None:
        has_group = self.roster is not None
        active = has_group and self.roster is not None and self.roster.group.active
        member = self.current_member()
        waiting = self.current_waiting()
        current_member = member is not None and member.enrollment_status in CURRENT_ENROLLMENT
        w = self.can_write
        # A closed group that has started takes no one new: say so where the button is, not after.
        closed = self.roster is not None and self.roster.closed_and_started
        self.a_new.setEnabled(self.may_edit_groups)
        self.a_edit.setEnabled(self.may_edit_groups and has_group)
        self.a_enroll.setEnabled(w and bool(active) and not closed)
        self._explain_enroll(closed)
        self.a_end.setEnabled(w and current_member)
        self.a_move.setEnabled(w and current_member)
        self.a_keep.setEnabled(self.may_keep_apart and member is not None)
        self.a_print.setEnabled(self.may_print and bool(active))
        count = self.view.waitlist_model.rowCount()
        self.a_up.setEnabled(w and waiting is not None and waiting.rank > 1)
        self.a_down.setEnabled(w and waiting is not None and waiting.rank < count)
        self.a_from_wait.setEnabled(w and waiting is not None and bool(active) and not closed)
        self.a_leave.setEnabled(w and waiting is not None)

    def _explain_enroll(self, closed: bool) -> None:
        why = self.view.tr(
            "This closed group has already started, so it takes no new members. "
            "Enroll the client in an open group, or in the next run of this one."
        )
        for key, action in (("enroll", self.a_enroll), ("from_wait", self.a_from_wait)):
            button = self.buttons[key]
            usual = self._usual_tips.setdefault(key, button.toolTip())
            if not self.can_write:
                continue  # the role's reason stays (offer)
            action.setToolTip(why if closed else action.text().replace("&", ""))
            button.setToolTip(why if closed else usual)

    # --- telling -------------------------------------------------------------------
    def say(self, text: str) -> None:
        """A refusal or a problem ("" clears the line)."""
        self.view.notice.problem(text)

    def done(self, text: str) -> None:
        self.view.notice.done(text)

    def changed(self, group_id: UUID, message: str) -> None:
        self.refresh(select=group_id)
        self.done(message)
        self.roster_changed.emit(group_id)

    # --- actions -------------------------------------------------------------------
    def _filter_changed(self, text: str) -> None:
        keep = self.current_group_id()
        self.view.groups_proxy.setFilterFixedString(text)
        if not self.view.groups_table.currentIndex().isValid() or keep != self.current_group_id():
            self.select_group(keep)

    def _show_finished(self, shown: bool) -> None:
        self.view.groups_table.setColumnHidden(STATE_COLUMN, not shown)
        self.refresh()

    def _focus_filter(self) -> None:
        self.view.filter_edit.setFocus()
        self.view.filter_edit.selectAll()

    def new_group(self) -> None:
        if not self.may_edit_groups:
            return
        dialog = GroupDialog(self.view, self.actor)
        if self.prompts.run(dialog) and isinstance(dialog.result_value, GroupInfo):
            group = dialog.result_value
            self.changed(group.id, self.view.tr("{group} created.").format(group=group.name))

    def edit_group(self) -> None:
        if self.roster is None or not self.may_edit_groups:
            return
        dialog = GroupDialog(self.view, self.actor, self.roster.group)
        if self.prompts.run(dialog) and isinstance(dialog.result_value, GroupInfo):
            group = dialog.result_value
            self.changed(group.id, self.view.tr("{group} saved.").format(group=group.name))

    def enroll_client(self) -> None:
        if self.roster is None or not self.a_enroll.isEnabled():
            return
        dialog = EnrollDialog(self.view, self.actor, self.prompts, self.roster)
        if self.prompts.run(dialog) and isinstance(dialog.result_value, EnrollmentInfo):
            info = dialog.result_value
            self.changed(info.group_id, enrolled_text(info))

    def end_enrollment(self) -> None:
        member = self.current_member()
        if self.roster is None or member is None or not self.a_end.isEnabled():
            return
        dialog = EndEnrollmentDialog(self.view, self.actor, member, self.roster.group.name)
        if self.prompts.run(dialog) and isinstance(dialog.result_value, EnrollmentInfo):
            info = dialog.result_value
            self.changed(
                info.group_id,
                self.view.tr("{name}'s enrollment ends {day} ({status}).").format(
                    name=info.client_name,
                    day=date_text(info.end_date),
                    status=self.view.tr(info.status_label),
                ),
            )

    def move_member(self) -> None:
        member = self.current_member()
        if self.roster is None or member is None or not self.a_move.isEnabled():
            return
        others = [o for o in group_overview(self.actor) if o.group.id != self.roster.group.id]
        dialog = MoveDialog(self.view, self.actor, self.prompts, member, self.roster.group.name, others)
        if self.prompts.run(dialog) and isinstance(dialog.result_value, MoveResult):
            moved = dialog.result_value
            self.changed(
                moved.ended.group_id,
                self.view.tr("{name} moves to {group} from {day}.").format(
                    name=moved.started.client_name,
                    group=moved.started.group_name,
                    day=date_text(moved.started.start_date),
                ),
            )
            self.roster_changed.emit(moved.started.group_id)

    def keep_apart(self) -> None:
        member = self.current_member()
        if member is None or not self.a_keep.isEnabled():
            return
        dialog = KeepApartDialog(self.view, self.actor, member.client_id, member.display_name)
        if self.prompts.run(dialog):
            self.done(self.view.tr("Keep-apart note saved for {name}.").format(name=member.display_name))

    def print_sheet(self) -> None:
        if self.roster is None or not self.a_print.isEnabled():
            return
        dialog = SignInDialog(
            self.view, self.actor, self.prompts, self.roster.group.id, self.roster.group.name
        )
        if self.prompts.run(dialog) and dialog.saved_path:
            self.done(self.view.tr("Sign-in sheet saved: {path}").format(path=dialog.saved_path))

    def open_member(self) -> None:
        member = self.current_member()
        if member is not None:
            self.client_open_requested.emit(member.client_id)

    def move_waiting(self, step: int) -> None:
        entry = self.current_waiting()
        if self.roster is None or entry is None or not self.can_write:
            return
        try:
            move_on_waitlist(self.actor, entry.enrollment_id, entry.rank + step)
        except DomainError as exc:
            self.say(str(exc))
            return
        group_id = self.roster.group.id
        self.refresh(select=group_id)
        row = self.view.waitlist_model.row_of_id(entry.enrollment_id)
        if row >= 0:
            self.view.waitlist_table.selectRow(row)
        self.roster_changed.emit(group_id)

    def enroll_from_waitlist(self) -> None:
        entry = self.current_waiting()
        if self.roster is None or entry is None or not self.a_from_wait.isEnabled():
            return
        dialog = FromWaitlistDialog(self.view, self.actor, self.prompts, self.roster, entry)
        if self.prompts.run(dialog) and isinstance(dialog.result_value, EnrollmentInfo):
            info = dialog.result_value
            self.changed(info.group_id, enrolled_text(info))

    def leave_waitlist(self) -> None:
        entry = self.current_waiting()
        if self.roster is None or entry is None or not self.a_leave.isEnabled():
            return
        dialog = LeaveWaitlistDialog(self.view, self.actor, entry, self.roster.group.name)
        if self.prompts.run(dialog) and isinstance(dialog.result_value, EnrollmentInfo):
            info = dialog.result_value
            self.changed(
                info.group_id,
                self.view.tr("{name} is off the wait list ({status}).").format(
                    name=info.client_name, status=self.view.tr(info.status_label)
                ),
            )
