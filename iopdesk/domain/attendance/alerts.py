"""Attendance alerts for clients in care. Only clients whose status is "active" get them.

Choices (the Attendance issue left these open; issue 17 settled what was offered):
- Weekly floor: judged on the last COMPLETE week (Monday–Sunday before the week
  holding ``today``) by the one rule of attendance/hours.py (``floor_status``),
  against the target of the admission terms in force that week (targets.py):
  a week still running is not judged (Monday morning would flag everyone); a
  week the client was not wholly in care (admitted after its Monday) is not
  judged; a week where the program offered less than the floor (a holiday, a
  closure, too few groups) raises "short_offer", worded as the program's
  shortfall ("the program offered only 6 h"), never "below_floor".
- Partial-hospitalization intensity: the current week to date or the last
  complete week reached 'php_weekly_minutes', for a client whose own target is
  below that (an IOP client drifting into PHP hours, REFERENCE §2).
- Unexcused absences in a row: the client's most recent marks, ignoring
  "not recorded", "cancelled by clinic" and marks on cancelled sessions, are
  'unexcused_in_a_row' (default 2) or more "absent (unexcused)" in a row.
- Absence limit: absences counted are absent excused + absent unexcused +
  cancelled by client (the misses that are the client's; a clinic cancellation
  is not held against them), over the last 'absence_window_weeks' weeks ending
  today. The alert is raised when the count is OVER 'absence_limit' (the
  program allows up to the limit, REFERENCE §4).
- No attendance: a client with an active enrollment that began at least
  'no_attendance_alert_days' days ago and no attended mark within that many
  days (today included). When the program held no session for them in those
  days (holidays, a closure), the alert says so instead ("no_sessions_offered").
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from peewee import chunked, fn

from iopdesk.domain.attendance.days import client_days
from iopdesk.domain.attendance.hours import (
    BELOW_FLOOR,
    HoursRules,
    care_periods,
    format_minutes,
    summarize_week,
    week_start,
    week_targets,
    weekly_target,
)
from iopdesk.domain.kernel import clock, settings, vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.display import client_display_name
from iopdesk.domain.kernel.errors import NotFound
from iopdesk.store.models import Attendance, Client, Enrollment, Session

ALERT_KINDS = {
    "below_floor": "Below weekly hours",
    "short_offer": "Program offered less than the floor",
    "php_intensity": "At partial-hospitalization intensity",
    "unexcused_in_a_row": "Unexcused absences in a row",
    "absence_limit": "Over the absence limit",
    "no_attendance": "No recent attendance",
    "no_sessions_offered": "No sessions offered",
}
ABSENCES = ("absent_excused", "absent_unexcused", "cancelled_client")


@dataclass(frozen=True)
class ClientAlert:
    client_id: UUID
    client_name: str
    kind: str  # ALERT_KINDS
    message: str


def client_alerts(actor: Actor, client_id: UUID, today: dt.date | None = None) -> tuple[ClientAlert, ...]:
    today = today or clock.site_today(actor.site_id)
    clients = _active_clients([client_id])
    # Only a client not in care (or gone) needs the second look: which of the two it is.
    if client_id not in clients:
        if Client.get_or_none((Client.id == client_id) & Client.retired_at.is_null()) is None:
            raise NotFound("That client no longer exists.")
        return ()
    return _alerts_of(actor, clients, today).get(client_id, ())


def alerts_for_clients(
    actor: Actor, client_ids: Iterable[UUID], today: dt.date | None = None
) -> dict[UUID, tuple[ClientAlert, ...]]:
    """{client id: alerts} for many clients, with a fixed handful of queries."""
    today = today or clock.site_today(actor.site_id)
    return _alerts_of(actor, _active_clients(client_ids), today)


def _alerts_of(
    actor: Actor, clients: dict[UUID, Client], today: dt.date
) -> dict[UUID, tuple[ClientAlert, ...]]:
    """alerts_for_clients for the active clients already read."""
    if not clients:
        return {}
    ids = list(clients)
    rules = HoursRules.load()
    this_monday = week_start(today)
    last_monday = this_monday - dt.timedelta(days=7)
    found_settings = settings.values(
        "no_attendance_alert_days", "absence_window_weeks", "absence_limit", "unexcused_in_a_row"
    )
    quiet_days = found_settings["no_attendance_alert_days"]
    window_weeks = found_settings["absence_window_weeks"]
    limit = found_settings["absence_limit"]
    in_a_row = found_settings["unexcused_in_a_row"]
    window_start = today - dt.timedelta(weeks=window_weeks) + dt.timedelta(days=1)
    quiet_since = today - dt.timedelta(days=quiet_days)

    days = client_days(ids, min(last_monday, quiet_since), this_monday + dt.timedelta(days=6))
    care = care_periods(clients.values())
    targets = week_targets(clients.values(), [last_monday, this_monday], rules)
    marks = _recent_marks(ids, window_start, today)
    last_attended = _last_attended(ids, today)
    enrollments = _enrollments(ids, today)

    out: dict[UUID, tuple[ClientAlert, ...]] = {}
    for cid, client in clients.items():
        name = client_display_name(client.preferred_name, client.legal_first, client.legal_last)
        found: list[tuple[str, str]] = []
        mine = days.get(cid, {})
        last_week = summarize_week(mine, last_monday, targets[cid][last_monday], today, rules, care[cid])
        this_week = summarize_week(mine, this_monday, targets[cid][this_monday], today, rules, care[cid])
        target = last_week.target_minutes

        if last_week.floor_status == BELOW_FLOOR:
            found.append(
                (
                    "below_floor",
                    f"Attended {format_minutes(last_week.minutes)} in the week of {last_monday:%b %d} "
                    f"(weekly target {format_minutes(target)}).",
                )
            )
        elif last_week.short_offer:
            offered = last_week.offered_minutes
            what = f"only {format_minutes(offered)}" if offered else "no sessions"
            attended = format_minutes(last_week.minutes) or "0 min"
            found.append(
                (
                    "short_offer",
                    f"The program offered {what} in the week of {last_monday:%b %d}, under the weekly "
                    f"target of {format_minutes(target)} (attended {attended}).",
                )
            )
        # "Review the level of care" is about the level in force now: once stepped up, no more alert.
        now_target = weekly_target(client, rules)
        if now_target is None or now_target < rules.php_minutes:
            for week, when in (
                (this_week, "this week so far"),
                (last_week, f"the week of {last_monday:%b %d}"),
            ):
                if week.at_php_intensity:
                    found.append(
                        (
                            "php_intensity",
                            f"Attended {format_minutes(week.minutes)} {when}: that is partial-"
                            "hospitalization intensity. Review the level of care.",
                        )
                    )
                    break

        client_marks = marks.get(cid, [])
        counted = [s for s in client_marks if s not in ("not_recorded", "cancelled_clinic")]
        streak = next((n for n, s in enumerate(counted) if s != "absent_unexcused"), len(counted))
        if streak >= in_a_row:
            found.append(("unexcused_in_a_row", f"{streak} unexcused absences in a row."))
        absences = sum(1 for s in client_marks if s in ABSENCES)
        if absences > limit:
            found.append(
                (
                    "absence_limit",
                    f"{absences} missed sessions in the last {window_weeks} weeks "
                    f"(the program allows {limit}).",
                )
            )

        active_starts = [start for start, status in enrollments.get(cid, ()) if status == "active"]
        if active_starts and min(active_starts) <= quiet_since:
            last = last_attended.get(cid)
            if last is None or last <= quiet_since:
                since = f"last attended {last:%b %d, %Y}" if last else "no attendance since enrolling"
                offered = sum(d.offered_minutes for date, d in mine.items() if quiet_since < date <= today)
                if offered:
                    found.append(("no_attendance", f"No attendance in the last {quiet_days} days ({since})."))
                else:
                    found.append(
                        (
                            "no_sessions_offered",
                            f"The program held no sessions for this client in the last {quiet_days} days "
                            f"(holidays or cancellations; {since}).",
                        )
                    )
        out[cid] = tuple(ClientAlert(cid, name, kind, message) for kind, message in found)
    return out


def _active_clients(client_ids: Iterable[UUID]) -> dict[UUID, Client]:
    out: dict[UUID, Client] = {}
    for batch in chunked(list(set(client_ids)), 500):
        for c in Client.select().where(
            Client.id.in_(batch) & Client.retired_at.is_null() & (Client.status == "active")
        ):
            out[c.id] = c
    return out


def _recent_marks(ids: list[UUID], start: dt.date, end: dt.date) -> dict[UUID, list[str]]:
    """{client: statuses recorded in the range, newest first}, cancelled sessions left out."""
    out: dict[UUID, list[str]] = defaultdict(list)
    for batch in chunked(ids, 500):
        query = (
            Attendance.select(Attendance.client, Attendance.status)
            .join(Session, on=(Attendance.session == Session.id))
            .where(
                Attendance.client.in_(batch)
                & (Attendance.date >= start)
                & (Attendance.date <= end)
                & (Attendance.status != "not_recorded")
                & Attendance.retired_at.is_null()
                & (Session.status != "cancelled")
                & Session.retired_at.is_null()
            )
            .order_by(Attendance.date.desc(), Session.start_time.desc())
            .tuples()
        )
        for client_id, status in query:
            out[client_id].append(status)
    return out


def _last_attended(ids: list[UUID], today: dt.date) -> dict[UUID, dt.date]:
    out: dict[UUID, dt.date] = {}
    for batch in chunked(ids, 500):
        query = (
            Attendance.select(Attendance.client, fn.MAX(Attendance.date))
            .join(Session, on=(Attendance.session == Session.id))
            .where(
                Attendance.client.in_(batch)
                & (Attendance.date <= today)
                & Attendance.status.in_(vocab.ATTENDED_STATUSES)
                & Attendance.retired_at.is_null()
                & (Session.status != "cancelled")
            )
            .group_by(Attendance.client)
            .tuples()
        )
        for client_id, last in query:
            out[client_id] = last if isinstance(last, dt.date) else dt.date.fromisoformat(str(last))
    return out


def _enrollments(ids: list[UUID], today: dt.date) -> dict[UUID, list[tuple[dt.date, str]]]:
    """{client: [(start date, status)]} of enrollments begun by today and not ended before it."""
    out: dict[UUID, list[tuple[dt.date, str]]] = defaultdict(list)
    for batch in chunked(ids, 500):
        query = Enrollment.select(Enrollment.client, Enrollment.start_date, Enrollment.status).where(
            Enrollment.client.in_(batch)
            & Enrollment.retired_at.is_null()
            & (Enrollment.status != "wait_listed")
            & Enrollment.start_date.is_null(False)
            & (Enrollment.start_date <= today)
            & (Enrollment.end_date.is_null() | (Enrollment.end_date >= today))
        )
        for client_id, start, status in query.tuples():
            out[client_id].append((start, status))
    return out
