"""A week is judged on the admission terms in force during it, not on today's: a client recorded as an
adult from their 18th birthday, or stepped up to partial hospitalization, keeps the past weeks' floor."""

from __future__ import annotations

import datetime as dt

import pytest

from iopdesk.domain.attendance.alerts import client_alerts
from iopdesk.domain.attendance.hours import MEETS_FLOOR, hours_for_week, weekly_hours
from iopdesk.domain.care import admission
from iopdesk.store.models import Client
from tests.support import care_factories as cf
from tests.support import factories as f
from tests.support.factories import MONDAY, TODAY

D = dt.timedelta
LAST_MONDAY = MONDAY - D(7)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    return f.pin_today(monkeypatch)


def admitted_client(actor, counselor, *, born: dt.date, **terms):
    info = cf.person(actor, born=born)
    cf.screened(counselor, info.id)
    episode = cf.admitted(counselor, info.id, on=MONDAY - D(40), **terms)
    who = Client.get_by_id(info.id)
    grp = f.group(actor)
    f.enroll(actor, who, grp, MONDAY - D(40))
    return who, grp, episode


def test_turning_18_mid_week_keeps_the_adolescent_floor_for_that_week_and_before(db, actor):
    counselor = cf.clinician(actor)
    birthday = LAST_MONDAY + D(2)  # 18 on last week's Wednesday
    who, grp, episode = admitted_client(actor, counselor, born=birthday.replace(year=birthday.year - 18))
    assert who.population == "adolescent"
    for week in (LAST_MONDAY - D(7), LAST_MONDAY):
        for day in range(3):  # 7 h a week: over the adolescent 6 h floor, under the adult 9 h
            f.attend(actor, f.session(actor, grp, week + D(day), minutes=140), who)
    admission.change_terms(
        counselor, episode.id, "Turned 18.", birthday, today=TODAY, population="adult", population_reason="18"
    )
    weeks = weekly_hours(actor, who.id, weeks=3)
    # The week before the birthday, the birthday's own week (the lowest floor of its days), then adult.
    assert [w.target_minutes for w in weeks] == [360, 360, 540]
    assert [w.floor_status for w in weeks[:2]] == [MEETS_FLOOR, MEETS_FLOOR]  # was "below" on the adult floor
    assert not {"below_floor", "short_offer"} & {a.kind for a in client_alerts(actor, who.id)}


def test_a_step_up_to_php_does_not_judge_the_weeks_before_it_at_20_hours(db, actor):
    counselor = cf.clinician(actor)
    who, grp, episode = admitted_client(actor, counselor, born=dt.date(1990, 5, 5), level_of_care="2.1")
    for day in range(4):  # 12 h last week: over the IOP floor
        f.attend(actor, f.session(actor, grp, LAST_MONDAY + D(day), minutes=180), who)
    admission.change_terms(counselor, episode.id, "Stepped up.", MONDAY, level_of_care="2.5", today=TODAY)
    last_week = hours_for_week(actor, [who.id], LAST_MONDAY)[who.id]
    assert (last_week.target_minutes, last_week.floor_status) == (540, MEETS_FLOOR)
    assert weekly_hours(actor, who.id, weeks=1)[0].target_minutes == 1200  # from the change on
    # It used to say "the program offered only 12 h in the week of Mar 03, under the weekly target of 20 h".
    assert not {"below_floor", "short_offer"} & {a.kind for a in client_alerts(actor, who.id)}
