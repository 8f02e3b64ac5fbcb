"""The client page's tables: their groups, their recent sessions, and whom they are kept apart from."""

from __future__ import annotations

import datetime as dt

from iopdesk.domain.attendance.history import ClientSessionEntry
from iopdesk.domain.enrollment.keep_apart import KeepApartInfo
from iopdesk.domain.kernel import vocab
from iopdesk.domain.overviews.rosters import ClientGroup
from iopdesk.render.text import clock_text
from iopdesk.ui.kit.formatting import date_text, short_day_text, tr
from iopdesk.ui.kit.rows import Column


def _group_note(g: ClientGroup) -> str:
    if g.waitlist_rank is not None:
        return tr("#{rank} in line").format(rank=g.waitlist_rank)
    if g.end_reason and g.end_reason != g.status:  # "Completed, Completed" says nothing twice
        return tr(vocab.END_REASONS.get(g.end_reason, g.end_reason))
    return ""


def client_group_columns() -> list[Column[ClientGroup]]:
    return [
        Column(
            tr("Group"),
            lambda g: g.group_name,
            tooltip=lambda g: tr(vocab.GROUP_KINDS.get(g.group_kind, g.group_kind)),
        ),
        Column(tr("Status"), lambda g: tr(g.status_label)),
        Column(tr("From"), lambda g: date_text(g.start_date), sort=lambda g: g.start_date or dt.date.max),
        Column(tr("To"), lambda g: date_text(g.end_date), sort=lambda g: g.end_date or dt.date.max),
        Column(tr("Note"), _group_note),
    ]


def keep_apart_columns() -> list[Column[KeepApartInfo]]:
    return [
        Column(tr("Keep apart from"), lambda k: k.other_name),
        Column(tr("Reason"), lambda k: tr(k.reason_label)),
        Column(tr("Comment"), lambda k: k.comment),
    ]


def _attendance(e: ClientSessionEntry) -> str:
    if e.session_status == "cancelled":
        return tr("Session cancelled")
    word = tr(vocab.ATTENDANCE_STATUSES.get(e.status, (e.status, "?"))[0])
    if e.minutes_attended and e.status in vocab.ATTENDED_STATUSES:
        word += " " + tr("({n} min)").format(n=e.minutes_attended)
    return word


def client_session_columns() -> list[Column[ClientSessionEntry]]:
    return [
        Column(
            tr("Date"),
            lambda e: f"{short_day_text(e.date)}  {clock_text(e.start_time)}",
            sort=lambda e: (e.date, e.start_time),
        ),
        Column(tr("Session"), lambda e: e.title),
        Column(tr("Attendance"), _attendance, tooltip=lambda e: e.comment),
    ]
