"""Enroll a client, enroll from the wait list, move a member: who, from when, and over-limit reasons.

Each asks before going past a warning (a keep-apart note, a group kept for the other population):
``keep_apart_warnings.past_warnings``.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QLabel, QLineEdit, QWidget

from iopdesk.domain.clients.clients import ClientSummary
from iopdesk.domain.enrollment.candidates import Candidates, ahead_in_line, enroll_candidates
from iopdesk.domain.enrollment.enrollment import MoveResult, enroll, move_member
from iopdesk.domain.enrollment.keep_apart import conflicts_in_group
from iopdesk.domain.enrollment.placement import EnrollmentInfo
from iopdesk.domain.enrollment.waitlist import WaitlistEntry, add_to_waitlist, enroll_from_waitlist
from iopdesk.domain.kernel import vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError, ValidationError
from iopdesk.domain.kernel.records import site_today
from iopdesk.domain.overviews.group_setup import GroupOverview
from iopdesk.domain.overviews.rosters import Roster, RosterMember
from iopdesk.ui.kit.client_picker import ClientPicker
from iopdesk.ui.kit.day_picker import date_format
from iopdesk.ui.kit.form_dialog import FormDialog
from iopdesk.ui.kit.formatting import date_text, from_qdate, short_day_text, to_qdate
from iopdesk.ui.kit.prompts import Prompts
from iopdesk.ui.kit.screen_fit import first_size
from iopdesk.ui.views.groups.keep_apart_warnings import past_warnings


def date_edit(day: dt.date, earliest: dt.date) -> QDateEdit:
    edit = QDateEdit(to_qdate(day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(date_format())
    edit.setMinimumDate(to_qdate(earliest))
    return edit


def waiting_text(ahead: tuple[WaitlistEntry, ...], group: str) -> str:
    """The wait-list warning: how many wait, and who is first (since when)."""
    first = ahead[0]
    since = date_text(first.waitlisted_at.date())
    if len(ahead) == 1:
        text = QCoreApplication.translate("roster", "{name} is waiting for {group} (since {day}).")
        return text.format(name=first.client_name, group=group, day=since) + " " + _usual()
    text = QCoreApplication.translate(
        "roster", "{n} people are waiting for {group}; the first, {name}, since {day}."
    )
    return text.format(n=len(ahead), group=group, name=first.client_name, day=since) + " " + _usual()


def _usual() -> str:
    return QCoreApplication.translate(
        "roster", "Usually the first in line joins next: Enroll from wait list (Ctrl+L)."
    )


def left_out_text(found: Candidates) -> str:
    """Why a client the search found is not listed."""
    parts = []
    if found.members_left_out:
        parts.append(
            QCoreApplication.translate("roster", "{n} already in this group").format(n=found.members_left_out)
        )
    if found.population_left_out:
        one = found.population_left_out == 1
        if found.group_population == "adolescent":
            other = "adult" if one else "adults"
        else:
            other = "adolescent (under 18)" if one else "adolescents (under 18)"
        group = vocab.POPULATIONS.get(found.group_population, found.group_population).lower()
        parts.append(
            QCoreApplication.translate("roster", "{n} {other}: this is an {kind} group").format(
                n=found.population_left_out, other=QCoreApplication.translate("roster", other), kind=group
            )
        )
    if not parts:
        return ""
    return QCoreApplication.translate("roster", "Not listed: {parts}.").format(parts="; ".join(parts))


class _StartDialog(FormDialog):
    """A start date and, when the group is full, the reason to go over its limit."""

    def __init__(self, parent: QWidget, title: str, actor: Actor, prompts: Prompts) -> None:
        super().__init__(parent, title)
        self.actor = actor
        self.prompts = prompts
        self.today = site_today(actor)
        self.start = date_edit(self.today, self.today)
        self.full_note = QLabel()
        self.full_note.setObjectName("alertBadge")
        self.full_note.setWordWrap(True)
        self.override = QLineEdit()
        self.override.setPlaceholderText(self.tr("Why this client may join above the limit"))

    def add_start_fields(self) -> None:
        self.add_field(self.tr("&Start date:"), self.start, "start_date")
        self.form.addRow(self.full_note)
        self.add_field(self.tr("&Over the limit because:"), self.override, "override_reason")

    def show_capacity(self, name: str, taken: int, size: int, blank_means: str) -> None:
        full = taken >= size
        self.full_note.setVisible(full)
        self.override.setEnabled(full)
        self.set_field_visible("override_reason", full)
        if full:
            self.full_note.setText(
                self.tr("{name} is full ({taken} of {size} places). {blank}").format(
                    name=name, taken=taken, size=size, blank=blank_means
                )
            )

    def start_date(self) -> dt.date:
        return from_qdate(self.start.date())


class EnrollDialog(_StartDialog):
    def __init__(self, parent: QWidget, actor: Actor, prompts: Prompts, roster: Roster) -> None:
        super().__init__(
            parent, self.tr("Enroll a client in {group}").format(group=roster.group.name), actor, prompts
        )
        self.roster = roster
        first_size(self, 620, 600)
        self.waiting_note = QLabel()
        self.waiting_note.setObjectName("alertBadge")
        self.waiting_note.setWordWrap(True)
        self.waiting_note.hide()
        self.form.addRow(self.waiting_note)
        self.picker = ClientPicker(self._candidates)
        self.picker.setMinimumHeight(220)
        self.left_out = QLabel()
        self.left_out.setObjectName("viewSubtitle")
        self.left_out.setWordWrap(True)
        self.add_field(self.tr("&Client:"), self.picker, "client_id")
        self.form.addRow("", self.left_out)
        self.add_start_fields()
        if roster.next_meeting is not None:
            self.start.setDate(to_qdate(max(roster.next_meeting.date, self.today)))
            self.start.setToolTip(self.tr("The group's next meeting"))
        self.wait_instead = QCheckBox(self.tr("Put on the &wait list instead"))
        self.add_field("", self.wait_instead)
        self.show_capacity(
            roster.group.name,
            roster.places_taken,
            roster.group.max_size,
            self.tr("Leave the reason blank to put the client on the wait list."),
        )
        self.wait_instead.setVisible(roster.places_taken < roster.group.max_size)
        self.wait_instead.toggled.connect(lambda on: self.start.setEnabled(not on))
        self.finish_layout(self.tr("Enroll"))
        self.submit = self.save
        self.picker.client_chosen.connect(lambda _client: self.start.setFocus())
        self.picker.current_changed.connect(self._show_waiting)
        self.picker.search_now()
        self._show_waiting(None)
        self.picker.setFocus()

    def _candidates(self, text: str) -> list[ClientSummary]:
        """Only clients the group can take; the line under the list says who was left out."""
        try:
            found = enroll_candidates(self.actor, self.roster.group.id, text)
        except DomainError as exc:
            self.left_out.setText(str(exc))
            return []
        self.left_out.setText(left_out_text(found) if text.strip() else "")
        self.left_out.setVisible(bool(self.left_out.text()))
        return list(found.clients)

    def _ahead(self, client: ClientSummary | None) -> tuple[WaitlistEntry, ...]:
        if self.roster.places_taken >= self.roster.group.max_size:
            return ()  # full: the client joins the line (or goes over the limit with a reason)
        try:
            return ahead_in_line(self.actor, self.roster.group.id, client.id if client else None)
        except DomainError:
            return ()

    def _show_waiting(self, client: ClientSummary | None) -> None:
        ahead = self._ahead(client)
        self.waiting_note.setVisible(bool(ahead))
        if ahead:
            self.waiting_note.setText(waiting_text(ahead, self.roster.group.name))

    def save(self) -> EnrollmentInfo | None:
        client = self.picker.current()
        if client is None:
            raise ValidationError(
                self.tr("Choose a client: type part of a name or chart number."), field="client_id"
            )
        group_id = self.roster.group.id
        if self.wait_instead.isChecked():
            return add_to_waitlist(self.actor, client.id, group_id)
        ahead = self._ahead(client)
        if ahead and not self.prompts.confirm(
            self,
            self.tr("People are waiting"),
            waiting_text(ahead, self.roster.group.name)
            + "\n\n"
            + self.tr("Enroll {name} ahead of them?").format(name=client.display_name),
            self.tr("Enroll ahead of them"),
        ):
            return None
        return past_warnings(
            self.prompts,
            self,
            lambda ack: enroll(
                self.actor,
                client.id,
                group_id,
                self.start_date(),
                override_reason=self.override.text(),
                acknowledge_warnings=ack,
            ),
            lambda: conflicts_in_group(client.id, group_id, self.start_date()),
        )


class FromWaitlistDialog(_StartDialog):
    def __init__(
        self, parent: QWidget, actor: Actor, prompts: Prompts, roster: Roster, entry: WaitlistEntry
    ) -> None:
        super().__init__(parent, self.tr("Enroll from the wait list"), actor, prompts)
        self.entry = entry
        self.group_id = roster.group.id
        who = QLabel(
            self.tr("{name} (#{rank} on the wait list for {group})").format(
                name=entry.client_name, rank=entry.rank, group=roster.group.name
            )
        )
        who.setWordWrap(True)
        self.form.addRow(who)
        self.add_start_fields()
        if roster.next_meeting is not None:
            self.start.setDate(to_qdate(max(roster.next_meeting.date, self.today)))
        self.show_capacity(
            roster.group.name,
            roster.places_taken,
            roster.group.max_size,
            self.tr("Give a reason to enroll over the limit, or leave the client on the wait list."),
        )
        self.finish_layout(self.tr("Enroll"))
        self.submit = self.save
        self.start.setFocus()

    def save(self) -> EnrollmentInfo | None:
        return past_warnings(
            self.prompts,
            self,
            lambda ack: enroll_from_waitlist(
                self.actor,
                self.entry.enrollment_id,
                self.start_date(),
                override_reason=self.override.text(),
                acknowledge_warnings=ack,
            ),
            lambda: conflicts_in_group(self.entry.client_id, self.group_id, self.start_date()),
        )


class MoveDialog(_StartDialog):
    def __init__(
        self,
        parent: QWidget,
        actor: Actor,
        prompts: Prompts,
        member: RosterMember,
        from_group: str,
        groups: list[GroupOverview],
    ) -> None:
        super().__init__(parent, self.tr("Move to another group"), actor, prompts)
        self.member = member
        self.groups = {o.group.id: o for o in groups}
        who = QLabel(
            self.tr("{name} leaves {group} the day before joining the new group.").format(
                name=member.display_name, group=from_group
            )
        )
        who.setWordWrap(True)
        self.form.addRow(who)
        self.target = QComboBox()
        for overview in groups:
            label = f"{overview.group.name} — {overview.places_taken}/{overview.group.max_size}"
            self.target.addItem(label, overview.group.id)
        self.add_field(self.tr("&To group:"), self.target, "to_group_id")
        self.add_start_fields()
        self.target.currentIndexChanged.connect(lambda _i: self._target_changed())
        self._target_changed()
        self.finish_layout(self.tr("Move"))
        self.submit = self.save
        self.target.setFocus()

    def _target_changed(self) -> None:
        overview = self.groups.get(self.target.currentData())
        if overview is None:
            return
        if overview.next_meeting is not None:
            self.start.setDate(to_qdate(max(overview.next_meeting.date, self.today)))
            self.start.setToolTip(
                self.tr("{group} next meets {day}").format(
                    group=overview.group.name, day=short_day_text(overview.next_meeting.date)
                )
            )
        self.show_capacity(
            overview.group.name,
            overview.places_taken,
            overview.group.max_size,
            self.tr("A move needs a reason to go over the limit (moves never land on a wait list)."),
        )

    def save(self) -> MoveResult | None:
        target = self.target.currentData()
        if target is None:
            raise ValidationError(self.tr("There is no other active group to move to."), field="to_group_id")
        return past_warnings(
            self.prompts,
            self,
            lambda ack: move_member(
                self.actor,
                self.member.enrollment_id,
                target,
                self.start_date(),
                override_reason=self.override.text(),
                acknowledge_warnings=ack,
            ),
            lambda: conflicts_in_group(self.member.client_id, target, self.start_date()),
        )
