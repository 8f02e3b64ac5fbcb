"""Each kind of attendance alert, and the day overview that shows them."""

from __future__ import annotations

import datetime as dt

import pytest

from iopdesk.domain.attendance.alerts import alerts_for_clients, client_alerts
from iopdesk.domain.attendance.marking import mark
from iopdesk.domain.overviews.today import today_overview
from tests.support import factories as f
from tests.support.factories import MONDAY, TODAY

D = dt.timedelta
T = dt.time
LAST_MONDAY = MONDAY - D(7)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    return f.pin_today(monkeypatch)


def kinds(actor, client):
    return [a.kind for a in client_alerts(actor, client.id)]


def attend_week(actor, grp, who, monday, days, minutes=180):
    for n in range(days):
        f.attend(actor, f.session(actor, grp, monday + D(n), minutes=minutes), who)


def test_below_floor_judges_the_last_complete_week(db, actor):
    grp = f.group(actor)
    short = f.client(actor, "Short", "Week", admitted=LAST_MONDAY - D(30))
    enough = f.client(actor, "Full", "Week", admitted=LAST_MONDAY - D(30))
    new = f.client(actor, "New", "Admit", admitted=LAST_MONDAY + D(2))
    # Enrolled that week in a group that met Monday to Wednesday: the program offered 9 h.
    f.enroll(actor, short, grp, LAST_MONDAY - D(30), end=LAST_MONDAY + D(6), status="completed")
    attend_week(actor, grp, short, LAST_MONDAY, 2)  # 6 h < 9 h
    attend_week(actor, grp, enough, LAST_MONDAY, 3)  # 9 h
    attend_week(actor, grp, new, LAST_MONDAY + D(2), 1)
    alerts = client_alerts(actor, short.id)
    assert [a.kind for a in alerts] == ["below_floor"]
    assert alerts[0].message == "Attended 6 h in the week of Mar 03 (weekly target 9 h)."
    assert alerts[0].client_name == "Short W."
    assert kinds(actor, enough) == []  # this week (nothing yet) is not judged
    assert kinds(actor, new) == []  # came into care mid-week


def test_php_intensity_for_an_iop_client(db, actor):
    grp = f.group(actor)
    iop = f.client(actor, admitted=LAST_MONDAY)
    php = f.client(actor, level="2.5", admitted=LAST_MONDAY)
    attend_week(actor, grp, iop, LAST_MONDAY, 5, minutes=240)
    attend_week(actor, grp, php, LAST_MONDAY, 5, minutes=240)
    assert kinds(actor, iop) == ["php_intensity"]
    assert kinds(actor, php) == []


def test_two_unexcused_absences_in_a_row(db, actor):
    grp = f.group(actor)
    who = f.client(actor, admitted=MONDAY)
    f.enroll(actor, who, grp, MONDAY)
    s1, s2, s3 = (f.session(actor, grp, MONDAY + D(n)) for n in range(3))
    mark(actor, s1.id, who.id, "absent_unexcused")
    assert "unexcused_in_a_row" not in kinds(actor, who)
    off = f.session(actor, grp, MONDAY + D(1), start=T(14, 0))
    mark(actor, off.id, who.id, "cancelled_clinic")  # the clinic's cancellation does not break the run
    mark(actor, s2.id, who.id, "absent_unexcused")
    alerts = client_alerts(actor, who.id)
    assert [a.message for a in alerts if a.kind == "unexcused_in_a_row"] == ["2 unexcused absences in a row."]
    mark(actor, s3.id, who.id, "present")
    assert "unexcused_in_a_row" not in kinds(actor, who)


def test_over_the_absence_limit_counts_the_clients_misses_in_the_window(db, actor):
    grp = f.group(actor)
    who = f.client(actor, admitted=MONDAY - D(100))
    statuses = ["absent_excused", "absent_unexcused", "cancelled_client"] * 2 + ["cancelled_clinic"] * 3
    for n, status in enumerate(statuses):
        f.attend(actor, f.session(actor, grp, TODAY - D(2 * n + 1)), who, status)
    assert "absence_limit" not in kinds(actor, who)  # 6 allowed, 6 counted
    f.attend(actor, f.session(actor, grp, TODAY - D(12 * 7 + 3)), who, "absent_excused")  # outside the window
    assert "absence_limit" not in kinds(actor, who)
    f.attend(actor, f.session(actor, grp, TODAY), who, "absent_excused")
    alerts = client_alerts(actor, who.id)
    assert [a.message for a in alerts if a.kind == "absence_limit"] == [
        "7 missed sessions in the last 12 weeks (the program allows 6)."
    ]


def test_no_attendance_for_an_active_enrolled_client(db, actor):
    grp = f.group(actor)
    quiet = f.client(actor, "Quiet", "Client")
    f.enroll(actor, quiet, grp, TODAY - D(30))
    f.attend(actor, f.session(actor, grp, TODAY - D(7)), quiet)
    fresh = f.client(actor, "Fresh", "Start")
    f.enroll(actor, fresh, grp, TODAY - D(3))
    regular = f.client(actor, "Regular", "Client")
    f.enroll(actor, regular, grp, TODAY - D(30))
    f.attend(actor, f.session(actor, grp, TODAY - D(6)), regular)
    alerts = client_alerts(actor, quiet.id)
    assert [a.message for a in alerts if a.kind == "no_attendance"] == [
        "No attendance in the last 7 days (last attended Mar 05, 2025)."
    ]
    assert "no_attendance" not in kinds(actor, fresh)
    assert "no_attendance" not in kinds(actor, regular)


def test_only_active_clients_get_alerts_and_bulk_matches_single(db, actor):
    grp = f.group(actor)
    gone = f.client(actor, status="discharged")
    quiet = f.client(actor)
    for who in (gone, quiet):
        f.enroll(actor, who, grp, TODAY - D(30))
    bulk = alerts_for_clients(actor, [gone.id, quiet.id])
    assert gone.id not in bulk
    assert bulk[quiet.id] == client_alerts(actor, quiet.id)


def test_today_overview_orders_own_sessions_first_with_state_and_alerts(db, actor):
    mine = f.group(actor, "Zebra group")
    theirs = f.group(actor, "Alpha group")
    f.facilitate(mine, actor.staff_id)
    s_mine = f.session(actor, mine, TODAY, start=T(13, 0))
    s_theirs = f.session(actor, theirs, TODAY, start=T(9, 0))
    s_own = f.session(
        actor,
        None,
        TODAY,
        start=T(16, 0),
        kind="individual",
        who=f.client(actor, "Solo", "Person"),
        facilitator=actor.staff_id,
    )
    a, b = f.client(actor, "Ann", "Quiet"), f.client(actor, "Bo", "Busy")
    for who in (a, b):
        f.enroll(actor, who, mine, TODAY - D(30))
        f.enroll(actor, who, theirs, TODAY - D(30))
    mark(actor, s_theirs.id, a.id, "present")
    mark(actor, s_theirs.id, b.id, "absent_excused")
    mark(actor, s_mine.id, a.id, "present")
    off = f.session(actor, theirs, TODAY, start=T(18, 0), status="cancelled")
    overview = today_overview(actor, TODAY)
    assert [
        (o.session.id, o.mine, o.state, o.expected, o.recorded, o.attended) for o in overview.sessions
    ] == [
        (s_mine.id, True, "partly", 2, 1, 1),
        (s_own.id, True, "not_taken", 1, 0, 0),
        (s_theirs.id, False, "taken", 2, 2, 1),
        (off.id, False, "cancelled", 2, 0, 0),
    ]
    assert {(x.client_name, x.kind) for x in overview.alerts} >= {("Bo B.", "no_attendance")}
    assert "Ann Q." not in {x.client_name for x in overview.alerts if x.kind == "no_attendance"}


def test_overview_and_alerts_take_a_fixed_number_of_queries(db, actor):
    def build(groups):
        for g in range(groups):
            grp = f.group(actor, f"Group {g}")
            f.schedule(actor, grp, TODAY.weekday(), start=T(9 + g, 0), minutes=60)
            for c in range(5):
                who = f.client(actor, f"Member{g}x{c}", "Sample", admitted=TODAY - D(60))
                f.enroll(actor, who, grp, TODAY - D(30))

    build(2)
    today_overview(actor, TODAY)  # generates the day's sessions
    with f.count_queries(db) as small:
        today_overview(actor, TODAY)
    build(6)
    today_overview(actor, TODAY)
    with f.count_queries(db) as large:
        overview = today_overview(actor, TODAY)
    assert len(overview.sessions) == 8
    assert len(large) == len(small) <= 25
