"""Safety alerts on screen: the prompt shown the moment a result raises one, the banner a chart shows
while any is open, and the follow-up form a clinician fills in (what came of the safety check, what
was done, when).

Entry points: ``show_safety_alert(parent, actor, given_alert_id)`` and
``record_follow_up(parent, actor, alert_id)``; both open window-modal and return the dialog.
"""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from PySide6.QtCore import QDate, QDateTime, QSize, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from iopdesk.domain.kernel import clock, permissions
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.domain.measures import alerts
from iopdesk.domain.measures.alerts import SafetyAlertView
from iopdesk.domain.measures.vocab import SAFETY_OUTCOMES
from iopdesk.ui.kit.formatting import date_text
from iopdesk.ui.kit.screen_fit import room
from iopdesk.ui.kit.submit_dialog import SubmitDialog


def alert_text(alert: SafetyAlertView, widget: QWidget) -> str:
    tr = widget.tr
    return tr("{client}: {title} item {item} answered {answer} on {day} (total {total}). {state}").format(
        client=alert.client_name,
        title=alert.instrument_title,
        item=alert.item,
        answer=alert.answer,
        day=date_text(alert.raised_on),
        total=alert.total if alert.total is not None else "—",
        state=tr("A same-day safety check is needed; no follow-up recorded yet.")
        if alert.open
        else tr("Followed up: {outcome}.").format(outcome=tr(alert.outcome_label)),
    )


class SafetyAlertDialog(SubmitDialog):
    """Shown at once when a result raises a safety alert; "Record follow-up…" goes straight on."""

    def __init__(self, parent: QWidget, alert: SafetyAlertView) -> None:
        super().__init__(parent, self.tr("Safety alert"), self.tr("Record follow-up…"), min_width=520)
        self.alert = alert
        banner = QLabel(alert_text(alert, self))
        banner.setObjectName("safetyAlert")
        banner.setWordWrap(True)
        self.layout_.insertWidget(0, banner)
        why = QLabel(
            self.tr(
                "Any answer above 0 on item 9 needs a same-day safety check, whatever the total. The alert "
                "stays on Today and on the chart, for the client's team, until a clinician records the "
                "follow-up."
            )
        )
        why.setWordWrap(True)
        self.layout_.insertWidget(1, why)
        self.buttons.button(self.buttons.StandardButton.Cancel).setText(self.tr("Later"))


class FollowUpDialog(SubmitDialog):
    followed_up = Signal(object)
    """The follow-up was recorded; carries the alert (SafetyAlertView) as it is now."""

    def __init__(self, parent: QWidget, actor: Actor, alert: SafetyAlertView) -> None:
        super().__init__(
            parent, self.tr("Safety alert follow-up"), self.tr("Record follow-up"), min_width=560
        )
        self.actor = actor
        self.alert = alert
        self.zone = clock.site_zone(actor.site_id)
        head = QLabel(alert_text(alert, self))
        head.setObjectName("safetyAlert")
        head.setWordWrap(True)
        self.layout_.insertWidget(0, head)
        self.outcome = QComboBox()
        for key, label in SAFETY_OUTCOMES.items():
            self.outcome.addItem(self.tr(label), key)
        self.outcome.setCurrentIndex(-1)
        # The outcomes are whole sentences. At large text the longest is wider than a 1280 screen
        # leaves the dialog: the box may then be narrower (its list still shows them whole), and the
        # dialog opens as wide as the screen allows (sizeHint).
        self.outcome_width = self.outcome.sizeHint().width()  # the longest outcome, whole
        self.outcome.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.outcome.setMinimumContentsLength(30)
        self.outcome.view().setMinimumWidth(self.outcome.view().sizeHintForColumn(0))
        self.outcome.setAccessibleName(self.tr("What came of the safety check"))
        self.done_text = QPlainTextEdit()
        self.done_text.setTabChangesFocus(True)
        self.done_text.setPlaceholderText(
            self.tr("Who spoke with the client, what was asked, the safety plan, who else was told…")
        )
        self.done_text.setAccessibleName(self.tr("What was done"))
        self.when = QDateTimeEdit()
        self.when.setDisplayFormat("MMM d, yyyy h:mm AP")
        self.when.setCalendarPopup(True)
        now = clock.utcnow().replace(tzinfo=dt.UTC).astimezone(self.zone)
        self.when.setDateTime(_qdatetime(now))
        self.form.addRow(self.tr("&Outcome:"), self.outcome)
        self.form.addRow(self.tr("&What was done:"), self.done_text)
        self.form.addRow(self.tr("Checked &at:"), self.when)
        self.form.addRow(self.tr("Checked by:"), QLabel(self.tr("You (the person recording it)")))
        self.outcome.setFocus()
        self.keep_typing_in(self.done_text)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().sizeHint()
        wanted = hint.width() + max(0, self.outcome_width - self.outcome.sizeHint().width())
        return QSize(max(hint.width(), min(wanted, room(self).width())), hint.height())

    def attempt(self) -> str | None:
        key = self.outcome.currentData()
        if key is None:
            self.outcome.setFocus()
            return self.tr("Choose what came of the safety check.")
        local = self.when.dateTime().toPython()
        assert isinstance(local, dt.datetime)
        try:
            done = alerts.record_follow_up(
                self.actor,
                self.alert.id,
                outcome=str(key),
                follow_up=self.done_text.toPlainText(),
                checked_at=local.replace(tzinfo=self.zone),
            )
        except DomainError as exc:
            return str(exc)
        self.followed_up.emit(done)
        return None


def _qdatetime(moment: dt.datetime) -> QDateTime:
    """The site's wall-clock time as the editor shows it (read back the same way, with the site's zone)."""
    return QDateTime(QDate(moment.year, moment.month, moment.day), QTime(moment.hour, moment.minute))


def record_follow_up(parent: QWidget, actor: Actor, alert_id: UUID) -> FollowUpDialog | None:
    """Open the follow-up form for one alert (window-modal); None when it cannot be read."""
    try:
        alert = alerts.get_alert(actor, alert_id)
    except DomainError:
        return None
    dialog = FollowUpDialog(parent, actor, alert)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def show_safety_alert(parent: QWidget, actor: Actor, alert_id: UUID) -> SafetyAlertDialog | None:
    """The prompt for a just-raised alert; "Record follow-up…" opens the form at once."""
    try:
        alert = alerts.get_alert(actor, alert_id)
    except DomainError:
        return None
    dialog = SafetyAlertDialog(parent, alert)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if not permissions.can(actor, permissions.MEASURE_FOLLOW_UP, client_id=alert.client_id):
        dialog.ok_button.setEnabled(False)
    dialog.accepted.connect(lambda: record_follow_up(parent, actor, alert_id))
    dialog.open()
    return dialog


class AlertBanner(QWidget):
    """The open safety alerts of one client, each with "Record follow-up…"; hidden when none."""

    follow_up_requested = Signal(object)
    """Carries the alert's UUID."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.rows: list[QWidget] = []
        self.hide()

    def set_alerts(self, open_alerts: tuple[SafetyAlertView, ...], can_follow_up: bool) -> None:
        for row in self.rows:
            row.deleteLater()
        self.rows = []
        for alert in open_alerts:
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            text = QLabel(self.tr("Safety alert: ") + alert_text(alert, self))
            text.setObjectName("safetyAlert")
            text.setWordWrap(True)
            line.addWidget(text, 1)
            button = QPushButton(self.tr("Record follow-up…"))
            button.setEnabled(can_follow_up)
            button.clicked.connect(lambda _=False, a=alert.id: self.follow_up_requested.emit(a))
            line.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
            self.column.addWidget(row)
            self.rows.append(row)
        self.setVisible(bool(open_alerts))
