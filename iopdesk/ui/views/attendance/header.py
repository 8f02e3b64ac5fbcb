"""The head of the take-attendance panel: which session, its counts, and standing notices."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from iopdesk.domain.attendance.marking import SessionAttendance
from iopdesk.domain.calendar.sessions import SessionInfo
from iopdesk.domain.kernel import vocab
from iopdesk.render.text import clock_text, long_date_text, time_range
from iopdesk.ui.views.attendance.marks import tr


def session_label(s: SessionInfo) -> str:
    """One line of the session list: '9:00 am   Relapse Prevention — Room A'."""
    text = f"{clock_text(s.start_time)}   {s.title}"
    if s.room:
        text += f" — {s.room}"
    return text + ("   " + tr("(cancelled)") if s.cancelled else "")


class SessionHeader(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.heading = QLabel()
        self.heading.setObjectName("sectionTitle")
        self.heading.setWordWrap(True)  # a group's name may be 120 characters: never wider than the page
        self.details = QLabel()
        self.details.setObjectName("viewSubtitle")
        self.details.setWordWrap(True)
        self.counts = QLabel()
        self.counts.setAccessibleName(tr("Attendance counts"))
        self.notice = QLabel()  # standing facts about the session: cancelled, future, late entry
        self.notice.setObjectName("alertBadge")
        self.notice.setWordWrap(True)
        self.notice.hide()
        for label in (self.heading, self.details, self.counts, self.notice):
            layout.addWidget(label)

    def show_none(self) -> None:
        self.heading.setText(tr("No session chosen"))
        self.details.setText("")
        self.counts.setText("")
        self.notice.hide()

    def show_session(self, current: SessionAttendance, notice: str) -> None:
        """The open session's facts and counts; ``notice`` is what stands out (``notice_text``)."""
        session = current.session
        self.heading.setText(session.title)
        parts = [long_date_text(session.date), time_range(session.start_time, session.end_time)]
        if session.room:
            parts.append(session.room)
        if session.facilitator_name:
            parts.append(tr("Facilitator: {name}").format(name=session.facilitator_name))
        parts.append(tr(vocab.MODALITIES.get(session.modality, session.modality)))
        if session.topic:
            parts.append(tr("Topic: {topic}").format(topic=session.topic))
        self.details.setText(" · ".join(parts))
        self.counts.setText(
            tr(
                "{expected} expected · {recorded} marked · {attended} attended · {left} not yet marked"
            ).format(
                expected=current.expected_count,
                recorded=current.recorded_count,
                attended=current.attended_count,
                left=current.expected_count - current.recorded_count,
            )
        )
        self.notice.setText(notice)
        self.notice.setVisible(bool(self.notice.text()))


def notice_text(
    session: SessionInfo, today: dt.date, late_reason: str | None, late_entry_days: Callable[[], int]
) -> str:
    """Standing facts about the session: cancelled, in the future, or entered late.

    ``late_entry_days`` is the clinic's setting, read only for a session in the past.
    """
    if session.cancelled:
        reason = session.cancel_reason or tr("no reason given")
        return tr("This session was cancelled ({reason}). Reinstate it if it did take place.").format(
            reason=reason
        )
    if session.date > today:
        return tr("This session is in the future; attendance can be taken on the day.")
    days = (today - session.date).days
    if days > late_entry_days():
        if late_reason:
            return tr("Late entry ({days} days after the session). Reason: {reason}").format(
                days=days, reason=late_reason
            )
        return tr(
            "This session was {days} days ago: IOPdesk will ask once for the reason for late entry."
        ).format(days=days)
    return ""
