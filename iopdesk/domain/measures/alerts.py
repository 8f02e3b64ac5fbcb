"""Safety alerts: raised the moment a result carries one (PHQ-9 item 9 above 0, whatever the total),
open until a clinician records the follow-up — the safety check done, by whom, when, and what came
of it. Open alerts show on Today and on the client's chart for everyone whose caseload holds the
client (their treatment team included); raising one and following it up are audited.

A correction of the result never closes an alert (only a person who looked can); a correction that
brings an answer above 0 raises a new one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from uuid import UUID

from iopdesk.domain.care.common import load_row
from iopdesk.domain.kernel import audit, clock, permissions
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import ConflictError, ValidationError
from iopdesk.domain.kernel.records import check_choice
from iopdesk.domain.measures import instruments
from iopdesk.domain.measures.common import (
    NOTE_MAX,
    clean_long_text,
    moment,
    names_of_clients,
    require,
    site_day,
    staff_names,
    trail,
)
from iopdesk.domain.measures.model import Alert
from iopdesk.domain.measures.vocab import SAFETY_OUTCOMES
from iopdesk.store import transaction
from iopdesk.store.measures_models import MeasureResult, SafetyAlert
from iopdesk.store.models import Staff

CLINICAL_ROLES = ("supervisor", "counselor")


@dataclass(frozen=True)
class SafetyAlertView:
    id: UUID
    client_id: UUID
    client_name: str  # "Sam R."
    chart_number: str
    result_id: UUID
    instrument_title: str  # "PHQ-9"
    total: int | None
    item: str  # "9"
    answer: int
    message: str
    raised_on: dt.date  # the site's date: the check is due that day
    raised_at: dt.datetime  # UTC
    given_by_name: str
    checked_by_name: str = ""
    checked_at: dt.datetime | None = None  # UTC
    outcome: str = ""
    follow_up: str = ""
    recorded_by_name: str = ""
    recorded_at: dt.datetime | None = None  # UTC

    @property
    def open(self) -> bool:
        return self.recorded_at is None

    @property
    def outcome_label(self) -> str:
        return SAFETY_OUTCOMES.get(self.outcome, self.outcome)

    def days_open(self, today: dt.date) -> int:
        return (today - self.raised_on).days if self.open else 0


def raise_alert(actor: Actor, result: MeasureResult, alert: Alert) -> SafetyAlert:
    """Record the alert a result carries (inside the caller's transaction) and audit it."""
    row = SafetyAlert.create(
        origin_site=actor.site_id,
        client=result.client_id,
        result=result.id,
        episode=result.episode_id,
        item=alert.item,
        answer=_answer(result, alert),
        message=alert.message,
        raised_on=result.given_on,
        raised_at=clock.utcnow(),
    )
    trail(actor, audit.CREATE, row, alert=alert.key, item=alert.item, answer=row.answer, result=result.id)
    return row


def _answer(result: MeasureResult, alert: Alert) -> int:
    from iopdesk.domain.measures.common import parse_json

    answers = parse_json(result.answers, {})
    key = next((i.key for i in instruments.get(result.instrument).items if i.number == alert.item), "")
    value = answers.get(key, 0)
    return int(value) if isinstance(value, int) else 0


def _views(rows: list[SafetyAlert]) -> tuple[SafetyAlertView, ...]:
    results = (
        {
            r.id: r
            for r in MeasureResult.select(
                MeasureResult.id, MeasureResult.instrument, MeasureResult.total, MeasureResult.given_by
            ).where(MeasureResult.id.in_([a.result_id for a in rows]))
        }
        if rows
        else {}
    )
    names = staff_names(
        [r.given_by_id for r in results.values()]
        + [a.checked_by_id for a in rows]
        + [a.recorded_by_id for a in rows]
    )
    clients = names_of_clients(a.client_id for a in rows)
    out = []
    for a in rows:
        result = results[a.result_id]
        name, chart = clients.get(a.client_id, ("", ""))
        out.append(
            SafetyAlertView(
                a.id,
                a.client_id,
                name,
                chart,
                a.result_id,
                instruments.get(result.instrument).title,
                result.total,
                a.item,
                a.answer,
                a.message,
                a.raised_on,
                a.raised_at,
                names.get(result.given_by_id, ""),
                names.get(a.checked_by_id, "") if a.checked_by_id else "",
                a.checked_at,
                a.outcome,
                a.follow_up,
                names.get(a.recorded_by_id, "") if a.recorded_by_id else "",
                a.recorded_at,
            )
        )
    return tuple(out)


def open_alerts(actor: Actor, *, everyone: bool = False) -> tuple[SafetyAlertView, ...]:
    """The open safety alerts of the clients in the actor's reach (a counselor's caseload, their
    treatment teams included; a supervisor's site), oldest first: the list on Today. ``everyone``
    lifts the caseload filter for whoever may read every chart anyway (never widens what may be read).
    """
    permissions.require(actor, permissions.MEASURE_READ, record_type="measure_safety_alert", record_id="open")
    query = SafetyAlert.select().where(SafetyAlert.recorded_at.is_null() & SafetyAlert.retired_at.is_null())
    scope = (
        None if everyone else permissions.client_scope(actor, permissions.MEASURE_READ, SafetyAlert.client)
    )
    if scope is not None:
        query = query.where(scope)
    return _views(list(query.order_by(SafetyAlert.raised_at)))


def client_alerts(actor: Actor, client_id: UUID, *, audited: bool = True) -> tuple[SafetyAlertView, ...]:
    """Every safety alert of one client: the open ones first (oldest first), then the followed-up ones
    (newest first). A read of the chart: audited unless it is a refresh."""
    require(actor, permissions.MEASURE_READ, client_id, "measure_safety_alert", "list")
    with transaction():
        rows = list(
            SafetyAlert.select()
            .where((SafetyAlert.client == client_id) & SafetyAlert.retired_at.is_null())
            .order_by(SafetyAlert.raised_at)
        )
        if audited:
            audit.record(
                actor, audit.VIEW, client_id=client_id, record_type="measure_safety_alert", record_id="list"
            )
    views = _views(rows)
    closed = sorted((v for v in views if not v.open), key=lambda v: v.raised_at, reverse=True)
    return tuple(v for v in views if v.open) + tuple(closed)


def get_alert(actor: Actor, alert_id: UUID) -> SafetyAlertView:
    row = load_row(SafetyAlert, alert_id, "safety alert")
    require(actor, permissions.MEASURE_READ, row.client_id, "measure_safety_alert", alert_id)
    with transaction():
        audit.record(
            actor, audit.VIEW, client_id=row.client_id, record_type="measure_safety_alert", record_id=alert_id
        )
    return _views([row])[0]


def record_follow_up(
    actor: Actor,
    alert_id: UUID,
    *,
    outcome: str,
    follow_up: str,
    checked_at: dt.datetime | None = None,
    checked_by: UUID | None = None,
) -> SafetyAlertView:
    """Close an alert: the safety check done (``checked_by``, default the actor, a clinician), when
    (``checked_at``, default now; not before the answers were given, never in the future), what came
    of it (``outcome``, measures.vocab.SAFETY_OUTCOMES) and what was done, in words. Recorded once."""
    row = load_row(SafetyAlert, alert_id, "safety alert")
    require(actor, permissions.MEASURE_FOLLOW_UP, row.client_id, "measure_safety_alert", alert_id)
    check_choice(outcome, SAFETY_OUTCOMES, field="outcome", label="What came of the safety check")
    text = clean_long_text(
        follow_up, field="follow_up", label="What was done", required=True, max_len=NOTE_MAX
    )
    # To the minute, as the form gives the time: a check at 17:00 is not before answers saved at 17:00:40.
    given_at = MeasureResult.get_by_id(row.result_id).given_at.replace(second=0, microsecond=0)
    when = moment(checked_at, field="checked_at", label="The time of the safety check", not_before=given_at)
    checker = _clinician(checked_by or actor.staff_id)
    with transaction():
        now = clock.utcnow()
        count = (
            SafetyAlert.update(
                checked_by=checker,
                checked_at=when,
                outcome=outcome,
                follow_up=text,
                recorded_by=actor.staff_id,
                recorded_at=now,
                updated_at=now,
                version=SafetyAlert.version + 1,
            )
            .where((SafetyAlert.id == row.id) & SafetyAlert.recorded_at.is_null())
            .execute()
        )
        if count != 1:
            done = SafetyAlert.get_by_id(row.id)
            who = (
                staff_names([done.recorded_by_id]).get(done.recorded_by_id, "someone")
                if done.recorded_by_id
                else "someone"
            )
            raise ConflictError(
                f"{who} recorded this alert's follow-up a moment ago ({done.recorded_at:%H:%M} UTC); "
                "refresh to see it."
            )
        audit.record(
            actor,
            audit.CHANGE,
            client_id=row.client_id,
            record_type="measure_safety_alert",
            record_id=row.id,
            changes={
                "outcome": [None, outcome],
                "checked_by": [None, checker],
                "checked_at": [None, when],
                "follow_up": audit.text_digest(text),
                "days_after": (site_day(actor, now) - row.raised_on).days,
            },
        )
        fresh = SafetyAlert.get_by_id(row.id)
    return _views([fresh])[0]


def _clinician(staff_id: UUID) -> UUID:
    member = Staff.get_or_none(Staff.id == staff_id)
    if member is None or not member.active or not (member.role in CLINICAL_ROLES or member.also_clinical):
        raise ValidationError(
            "The safety check is done by a clinician (a counselor or supervisor).", "checked_by"
        )
    return member.id
