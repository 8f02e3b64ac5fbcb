"""The history grid (members × sessions) and one client's session history."""

from __future__ import annotations

import datetime as dt

import pytest

from iopdesk.domain.attendance.history import client_history, history_grid
from iopdesk.domain.attendance.marking import add_walk_in, mark
from iopdesk.domain.calendar.edits import cancel_session
from iopdesk.domain.kernel.errors import ValidationError
from tests.support import factories as f
from tests.support.factories import MONDAY, TODAY

D = dt.timedelta
T = dt.time


@pytest.fixture(autouse=True)
def today(monkeypatch):
    return f.pin_today(monkeypatch)


@pytest.fixture
def week(db, actor):
    grp = f.group(actor, "Process")
    mon, tue, wed = (f.session(actor, grp, MONDAY + D(n)) for n in range(3))
    stayer = f.client(actor, "Stay", "Put")
    leaver = f.client(actor, "Leave", "Early")
    joiner = f.client(actor, "Join", "Late")
    f.enroll(actor, stayer, grp, MONDAY - D(20))
    f.enroll(actor, leaver, grp, MONDAY - D(20), end=MONDAY, status="withdrawn")
    f.enroll(actor, joiner, grp, MONDAY + D(1))
    return grp, (mon, tue, wed), (stayer, leaver, joiner)


def test_history_grid_cells(db, actor, week):
    grp, (mon, tue, wed), (stayer, leaver, joiner) = week
    mark(actor, mon.id, stayer.id, "present")
    mark(actor, mon.id, leaver.id, "absent_unexcused")
    mark(actor, tue.id, joiner.id, "late", arrived=T(9, 30))
    guest = f.client(actor, "Guest", "Walkin")
    add_walk_in(actor, tue.id, guest.id, "Visiting from the evening group")
    mark(actor, tue.id, guest.id, "present")
    cancel_session(actor, wed.id, "Facilitator ill")
    grid = history_grid(actor, grp.id, MONDAY, MONDAY + D(6))
    assert grid.group_name == "Process"
    assert [(c.date, c.cancelled) for c in grid.columns] == [
        (MONDAY, False),
        (MONDAY + D(1), False),
        (MONDAY + D(2), True),
    ]
    assert {r.display_name: r.cells for r in grid.rows} == {
        "Guest W.": (None, "present", None),
        "Join L.": (None, "late", None),
        "Leave E.": ("absent_unexcused", None, None),
        "Stay P.": ("present", "not_recorded", None),
    }
    assert [r.display_name for r in grid.rows] == ["Guest W.", "Join L.", "Leave E.", "Stay P."]


def test_history_grid_uses_a_fixed_number_of_queries(db, actor, week):
    grp, _, _ = week
    for n in range(30):  # many more sessions and members must not mean more queries
        s = f.session(actor, grp, MONDAY - D(n + 1))
        who = f.client(actor, f"Member{n}", "Extra")
        f.enroll(actor, who, grp, MONDAY - D(60))
        f.attend(actor, s, who)
    with f.count_queries(db) as executed:
        grid = history_grid(actor, grp.id, MONDAY - D(40), MONDAY + D(6))
    assert len(grid.columns) == 33 and len(grid.rows) == 33
    assert 1 <= len(executed) <= 5, executed


def test_client_history(db, actor, week):
    grp, (mon, tue, wed), (stayer, leaver, joiner) = week
    mark(actor, mon.id, stayer.id, "present", comment="Shared openly")
    own = f.session(actor, None, MONDAY + D(1), start=T(15, 0), minutes=50, kind="individual", who=stayer)
    mark(actor, own.id, stayer.id, "present")
    other = f.group(actor, "Evening")
    visit = f.session(actor, other, MONDAY + D(1), start=T(18, 0))
    add_walk_in(actor, visit.id, stayer.id, "Schedule conflict")
    f.session(actor, other, MONDAY + D(2), start=T(18, 0))  # not theirs: not listed
    history = client_history(actor, stayer.id, MONDAY, MONDAY + D(6))
    assert [(h.date, h.title, h.status, h.minutes_attended, h.walk_in) for h in history] == [
        (MONDAY, "Process", "present", 180, False),
        (MONDAY + D(1), "Process", "not_recorded", None, False),
        (MONDAY + D(1), "Individual session – Stay P.", "present", 50, False),
        (MONDAY + D(1), "Evening", "not_recorded", None, True),
        (MONDAY + D(2), "Process", "not_recorded", None, False),
    ]
    assert history[0].comment == "Shared openly"
    assert [h.date for h in client_history(actor, leaver.id, MONDAY, MONDAY + D(6))] == [MONDAY]
    with pytest.raises(ValidationError):
        client_history(actor, stayer.id, TODAY, MONDAY)
