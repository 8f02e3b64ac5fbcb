"""The Today view's two tables: the day's sessions and the alerts, as columns over domain rows."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from iopdesk.domain.attendance.alerts import ALERT_KINDS, ClientAlert
from iopdesk.domain.overviews.today import ATTENDANCE_STATES, SessionOverview
from iopdesk.render.text import time_range
from iopdesk.ui.kit.formatting import short_day_text
from iopdesk.ui.kit.rows import Column, RowsModel

STATE_COLOURS = {
    "not_taken": "#66f9a825",
    "partly": "#40f9a825",
    "taken": "#552e7d32",
    "cancelled": "#40757575",
}


def tr(text: str) -> str:
    return QCoreApplication.translate("today", text)


def _time(o: SessionOverview) -> str:
    return time_range(o.session.start_time, o.session.end_time)


def _title(o: SessionOverview) -> str:
    s = o.session
    if s.moved and s.origin_date is not None:
        return tr("{title} (moved from {day})").format(title=s.title, day=short_day_text(s.origin_date))
    return s.title


def _state(o: SessionOverview) -> str:
    return tr(ATTENDANCE_STATES.get(o.state, o.state))


def _state_tip(o: SessionOverview) -> str:
    if o.state == "cancelled":
        return tr("Cancelled: {reason}").format(reason=o.session.cancel_reason or tr("no reason given"))
    return tr("{recorded} of {expected} marked").format(recorded=o.recorded, expected=o.expected)


def _marked(o: SessionOverview) -> str:
    if o.state == "cancelled":
        return o.session.cancel_reason
    return tr("{recorded} of {expected}").format(recorded=o.recorded, expected=o.expected)


def session_columns() -> list[Column[SessionOverview]]:
    return [
        Column(tr("Time"), _time, sort=lambda o: o.session.start_time),
        Column(tr("Session"), _title),
        Column(tr("Attendance"), _state, tooltip=_state_tip, colour=lambda o: STATE_COLOURS.get(o.state)),
        Column(tr("Marked"), _marked, tooltip=_state_tip),
        Column(
            tr("Attended"),
            lambda o: "" if o.state == "cancelled" else str(o.attended),
            sort=lambda o: o.attended,
            align_right=True,
        ),
        Column(tr("Facilitator"), lambda o: o.session.facilitator_name),
        Column(tr("Room"), lambda o: o.session.room),
        Column(tr("Yours"), lambda o: tr("Yours") if o.mine else ""),
    ]


def sessions_model(parent=None) -> RowsModel[SessionOverview]:  # type: ignore[no-untyped-def]
    return RowsModel(session_columns(), lambda o: o.session.id, parent)


def alert_columns() -> list[Column[ClientAlert]]:
    return [
        Column(tr("Client"), lambda a: a.client_name),
        Column(tr("Alert"), lambda a: tr(ALERT_KINDS.get(a.kind, a.kind))),
        Column(tr("Details"), lambda a: a.message, tooltip=lambda a: a.message),
    ]


def alerts_model(parent=None) -> RowsModel[ClientAlert]:  # type: ignore[no-untyped-def]
    return RowsModel(alert_columns(), lambda a: (a.client_id, a.kind), parent)
