"""What the Groups screen says about a group, and about an enrollment just made."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from iopdesk.domain.enrollment.enrollment import EnrollmentInfo
from iopdesk.domain.groups.groups import GroupInfo
from iopdesk.domain.overviews.rosters import Roster
from iopdesk.ui.kit.formatting import date_text, schedule_text, short_day_text


def tr(text: str) -> str:
    return QCoreApplication.translate("GroupsView", text)  # the screen's own context, as before


def details_text(roster: Roster) -> str:
    """One line beside the group's name: what kind of group, where, who runs it, how full it is
    (when it meets is in the groups list above, on the chosen group's row)."""
    g: GroupInfo = roster.group
    mode = tr("Open group") if g.enrollment_mode == "open" else tr("Closed group")
    if roster.closed_and_started and g.active:
        mode = tr("Closed group (under way, no new members)")
    participation = tr("mandatory") if g.participation == "mandatory" else tr("optional")
    where = ", ".join(p for p in (g.site_name, g.room) if p)
    facilitators = ", ".join(f.name for f in g.facilitators) or tr("no facilitator")
    parts = [f"{mode}, {participation}", where, tr("Facilitators: {names}").format(names=facilitators)]
    parts.append(tr("{taken} of {size} places taken").format(taken=roster.places_taken, size=g.max_size))
    if not g.active:
        parts.insert(
            0, tr("Finished {date}").format(date=date_text(g.end_date)) if g.end_date else tr("Finished")
        )
    return "  ·  ".join(p for p in parts if p)


def schedule_tip(roster: Roster) -> str:
    """When the group meets, and next: the details' tooltip."""
    slots = [r for r in roster.group.schedule if r.effective_to is None]
    lines = [schedule_text(slots)]
    if roster.next_meeting is not None:
        lines.append(tr("next meets {day}").format(day=short_day_text(roster.next_meeting.date)))
    return "  ·  ".join(lines)


def enrolled_text(info: EnrollmentInfo) -> str:
    if info.status == "wait_listed":
        return tr("{name} is #{rank} on the wait list for {group}.").format(
            name=info.client_name, rank=info.waitlist_rank, group=info.group_name
        )
    return tr("{name} enrolled in {group} from {day}.").format(
        name=info.client_name, group=info.group_name, day=date_text(info.start_date)
    )
