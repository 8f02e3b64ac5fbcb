"""The Groups screen's three tables, declared as columns over frozen domain rows."""

from __future__ import annotations

import datetime as dt

from iopdesk.domain.enrollment.waitlist import WaitlistEntry
from iopdesk.domain.kernel import vocab
from iopdesk.domain.overviews.group_setup import GroupOverview
from iopdesk.domain.overviews.rosters import RosterMember
from iopdesk.ui.kit.formatting import date_text, rate_text, schedule_text, short_day_text, tr
from iopdesk.ui.kit.rows import Column


def group_columns() -> list[Column[GroupOverview]]:
    return [
        Column(tr("Group"), lambda o: o.group.name),
        Column(
            tr("Kind"),
            lambda o: _kind_text(o),
            tooltip=lambda o: (
                tr(vocab.ENROLLMENT_MODES[o.group.enrollment_mode])
                + ", "
                + tr(vocab.PARTICIPATION[o.group.participation]).lower()
            ),
        ),
        Column(tr("Site"), lambda o: o.group.site_name),
        Column(tr("Meets"), lambda o: schedule_text(r for r in o.group.schedule if r.effective_to is None)),
        Column(
            tr("Members"),
            lambda o: _members_text(o),
            sort=lambda o: (o.places_taken / max(o.group.max_size, 1), o.waiting),
            tooltip=lambda o: tr("{taken} of {size} places taken; {waiting} waiting").format(
                taken=o.places_taken, size=o.group.max_size, waiting=o.waiting
            ),
        ),
        Column(
            tr("Next meets"),
            lambda o: short_day_text(o.next_meeting.date) if o.next_meeting else "",
            sort=lambda o: o.next_meeting.date if o.next_meeting else dt.date.max,
        ),
        Column(tr("State"), lambda o: tr("Active") if o.group.active else tr("Finished")),
    ]


STATE_COLUMN = 6  # shown only with finished groups in the list


def _kind_text(o: GroupOverview) -> str:
    """The kind, and "closed" for the exception: most groups take new members as they come."""
    kind = tr(vocab.GROUP_KINDS.get(o.group.kind, o.group.kind))
    return kind + ", " + tr("closed") if o.group.enrollment_mode == "closed" else kind


def _members_text(o: GroupOverview) -> str:
    text = f"{o.places_taken}/{o.group.max_size}"
    if o.waiting:
        text += " " + tr("+{n} waiting").format(n=o.waiting)
    elif o.full and o.group.active:
        text += " " + tr("full")
    return text


def member_columns() -> list[Column[RosterMember]]:
    return [
        Column(
            tr("Name"),
            lambda m: m.display_name,
            sort=lambda m: ((m.preferred_name or m.legal_first).lower(), m.legal_last.lower()),
            tooltip=lambda m: tr("Chart {chart}").format(chart=m.chart_number),
        ),
        Column(tr("Status"), lambda m: _member_status(m)),
        Column(tr("Started"), lambda m: date_text(m.start_date), sort=lambda m: m.start_date),
        Column(tr("Days"), lambda m: str(m.days_in_group), sort=lambda m: m.days_in_group, align_right=True),
        Column(
            tr("Attended"),
            lambda m: rate_text(m.attendance_rate),
            sort=lambda m: -1.0 if m.attendance_rate is None else m.attendance_rate,
            tooltip=lambda m: tr("{attended} of {recorded} recorded sessions").format(
                attended=m.sessions_attended, recorded=m.sessions_recorded
            ),
            align_right=True,
        ),
        Column(
            tr("Next session"),
            lambda m: short_day_text(m.next_session),
            sort=lambda m: m.next_session or dt.date.max,
        ),
    ]


def _member_status(m: RosterMember) -> str:
    label = tr(vocab.ENROLLMENT_STATUSES.get(m.enrollment_status, m.enrollment_status))
    if m.end_date is not None:
        return tr("{status}, until {date}").format(status=label, date=date_text(m.end_date))
    return label


def waitlist_columns() -> list[Column[WaitlistEntry]]:
    return [
        Column("#", lambda w: str(w.rank), sort=lambda w: w.rank, align_right=True),
        Column(tr("Name"), lambda w: w.client_name),
        Column(tr("Chart"), lambda w: w.chart_number),
        Column(
            tr("Waiting since"),
            lambda w: date_text(w.waitlisted_at.date()),
            sort=lambda w: w.waitlisted_at,
        ),
    ]
