"""The demo clinic: plausible, internally consistent, deterministic, and honest when interrupted."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from pathlib import Path

import pytest

from iopdesk.demo import BUILD_MARKER, DemoSummary, build_demo
from iopdesk.domain.calendar.generation import holiday_cancel_reason
from iopdesk.domain.clients.clients import search_text_for
from iopdesk.domain.clinic import setup as clinic
from iopdesk.domain.clinic.setup import ensure_local_setup, health_check
from iopdesk.domain.kernel.errors import DomainError, ValidationError
from iopdesk.domain.kernel.vocab import ATTENDED_STATUSES, NOTE_FORMATS, ROLES
from iopdesk.domain.notes.body import content_hash, default_template, default_templates
from iopdesk.store.database import Target, open_database
from iopdesk.store.models import (
    Attendance,
    AttendanceChange,
    Client,
    ClinicSetting,
    Enrollment,
    FamilyMember,
    GroupSchedule,
    Holiday,
    Note,
    Session,
    Setting,
    Site,
    Staff,
    TherapyGroup,
)
from iopdesk.store.models import database as proxy

TODAY = dt.date(2026, 3, 18)  # a Wednesday


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoSummary, list[tuple[str, float]]]:
    """One small demo per module: building is the slow part, reading it back is cheap."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    calls: list[tuple[str, float]] = []
    database = open_database(Target(path=path))
    try:
        summary = build_demo("small", seed=7, today=TODAY, progress=lambda s, f: calls.append((s, f)))
    finally:
        database.close()
        proxy.initialize(None)
    return path, summary, calls


@pytest.fixture
def demo(built):  # type: ignore[no-untyped-def]
    path, summary, _calls = built
    database = open_database(Target(path=path))
    yield summary
    database.close()
    proxy.initialize(None)


def test_small_demo_has_plausible_counts(demo: DemoSummary) -> None:
    assert demo.sites == Site.select().count() == 2
    assert demo.groups == TherapyGroup.select().count() == 8
    assert demo.clients == Client.select().count() == 60
    assert demo.sessions == Session.select().count() > 400
    assert demo.attendance == Attendance.select().count() > 1000
    assert demo.notes == Note.select().count() > 1000
    assert demo.wait_listed >= 1 and demo.sessions_cancelled >= 1 and demo.sessions_upcoming > 20
    assert demo.notes_signed > demo.notes_draft > 0 and demo.notes_pending_cosign > 0
    assert len({g.kind for g in TherapyGroup.select()}) >= 6
    for site in Site.select():
        assert "/" in site.timezone
    kinds = {s.kind for s in Session.select(Session.kind).distinct()}
    assert kinds == {"group", "individual", "family"}
    assert FamilyMember.select().count() == demo.family_members > 0
    statuses = {e.status for e in Enrollment.select(Enrollment.status).distinct()}
    assert {"active", "completed", "wait_listed"} <= statuses


def test_database_is_healthy_marked_demo_and_named(demo: DemoSummary) -> None:
    report = health_check()
    assert report.ok, report.lines()
    assert clinic.is_demo()
    assert json.loads(Setting.get_by_id("demo_clinic").value) is True
    # The clinic's name is a clinic setting (it travels: migration 0014); the demo flag is this file's.
    assert json.loads(ClinicSetting.get(ClinicSetting.key == "clinic_name").value)
    assert not Setting.select().where(Setting.key == "clinic_name").exists()
    assert Setting.get_or_none(Setting.key == BUILD_MARKER) is None


def test_progress_is_reported_up_to_done(built) -> None:  # type: ignore[no-untyped-def]
    fractions = [f for _s, f in built[2]]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0
    assert fractions == sorted(fractions)


def test_one_named_account_per_role(demo: DemoSummary) -> None:
    expected = {
        "admin": "administrator",
        "supervisor": "supervisor",
        "counselor": "counselor",
        "frontdesk": "frontdesk",
        "auditor": "auditor",
    }
    for username, role in expected.items():
        assert Staff.get(Staff.username == username).role == role
    assert {s.role for s in Staff.select()} == set(ROLES)
    trainees = list(Staff.select().where(Staff.needs_cosign == True))  # noqa: E712
    assert trainees and all(t.supervisor is not None and t.supervisor.role == "supervisor" for t in trainees)
    assert Staff.select().where(Staff.role == "counselor").count() >= 6


def test_clients_are_searchable(demo: DemoSummary) -> None:
    for c in Client.select():
        assert c.search_text == search_text_for(c.legal_first, c.legal_last, c.preferred_name, c.chart_number)
        assert c.origin_site_id is not None


def test_group_sessions_follow_their_schedules(demo: DemoSummary) -> None:
    schedules = {s.id: s for s in GroupSchedule.select()}
    seen = set()
    for s in Session.select().where(Session.kind == "group"):
        sched = schedules[s.schedule_id]
        assert sched.group_id == s.group_id
        assert s.date.weekday() == sched.weekday and s.origin_date == s.date
        assert sched.effective_from <= s.date and (sched.effective_to is None or s.date <= sched.effective_to)
        assert s.duration_minutes == sched.duration_minutes <= 240
        assert (s.schedule_id, s.origin_date) not in seen
        seen.add((s.schedule_id, s.origin_date))
    for group in TherapyGroup.select():
        days = {s.weekday for s in group.schedules}
        assert 3 <= len(days) <= 5
    future = Session.select().where(Session.date >= TODAY)
    assert future.count() == demo.sessions_upcoming + future.where(Session.status == "cancelled").count()
    assert max(s.date for s in future) == TODAY + dt.timedelta(days=13)


def test_attendance_only_for_clients_enrolled_that_day(demo: DemoSummary) -> None:
    spans = defaultdict(list)
    for e in Enrollment.select().where(Enrollment.status != "wait_listed"):
        if e.start_date is not None:
            spans[(e.client_id, e.group_id)].append((e.start_date, e.end_date))
    sessions = {s.id: s for s in Session.select()}
    for a in Attendance.select():
        s = sessions[a.session_id]
        assert a.date == s.date < TODAY and s.status == "scheduled"
        assert a.recorded_by_id is not None and a.recorded_at is not None
        if s.kind == "group":
            assert any(
                start <= s.date and (end is None or s.date <= end)
                for start, end in spans[(a.client_id, s.group_id)]
            )
        else:
            assert a.client_id == s.client_id
        if a.status == "present":
            assert a.minutes_attended == s.duration_minutes
        elif a.status in ATTENDED_STATUSES:
            assert 0 < a.minutes_attended < s.duration_minutes
        else:
            assert a.minutes_attended == 0


def test_no_attendance_on_cancelled_or_future_sessions(demo: DemoSummary) -> None:
    cancelled = Session.select(Session.id).where((Session.status == "cancelled") | (Session.date >= TODAY))
    assert Attendance.select().where(Attendance.session.in_(cancelled)).count() == 0
    for s in Session.select().where(Session.status == "cancelled"):
        assert s.cancel_reason


def test_every_mark_has_its_history(demo: DemoSummary) -> None:
    changes = defaultdict(list)
    for c in AttendanceChange.select().order_by(AttendanceChange.changed_at):
        changes[c.attendance_id].append(c)
    assert demo.attendance_changes > demo.attendance
    for a in Attendance.select():
        history = changes[a.id]
        assert history and history[0].before == "{}"
        assert json.loads(history[-1].after)["status"] == a.status
        assert a.version == len(history)


def test_holidays_close_the_sessions_that_fall_on_them(demo: DemoSummary) -> None:
    holidays = {(h.site_id, h.date): h.reason for h in Holiday.select()}
    assert holidays  # Christmas and New Year fall inside the small demo's weeks
    for s in Session.select().where(Session.kind == "group"):
        reason = holidays.get((s.site_id, s.date))
        if reason is not None:
            assert s.status == "cancelled" and s.cancel_reason == holiday_cancel_reason(reason)


def test_most_adult_weeks_reach_the_iop_floor(demo: DemoSummary) -> None:
    adults = {c.id for c in Client.select().where(Client.population == "adult")}
    weekly = defaultdict(int)
    for a in Attendance.select().where(Attendance.date < TODAY - dt.timedelta(days=TODAY.weekday())):
        if a.client_id in adults:
            weekly[(a.client_id, a.date.isocalendar()[:2])] += a.minutes_attended
    share = sum(m >= 540 for m in weekly.values()) / len(weekly)
    assert 0.5 < share < 0.95  # mostly at the floor, with enough shortfalls for alerts


def test_notes_belong_to_held_sessions_and_signed_ones_are_sealed(demo: DemoSummary) -> None:
    sessions = {s.id: s for s in Session.select()}
    attended = {(a.session_id, a.client_id) for a in Attendance.select() if a.status in ATTENDED_STATUSES}
    needs_cosign = {s.id for s in Staff.select().where(Staff.needs_cosign == True)}  # noqa: E712
    for n in Note.select():
        s = sessions[n.session_id]
        assert n.date == s.date and s.status == "scheduled" and s.date < TODAY
        body = json.loads(n.body)
        template = default_template(n.note_format)
        if n.client_id is None:
            assert s.kind == "group" and tuple(body) == tuple(sorted(template.shared_keys))
        else:
            assert (n.session_id, n.client_id) in attended
            assert set(body) == set(template.member_keys)
        if n.status in ("signed", "pending_cosign"):  # signed by the author (issue 19: a time, always)
            assert n.signed_by_id is not None and n.signed_at is not None
            assert n.content_hash == content_hash(body)
            if n.author_id in needs_cosign and n.status == "signed":
                assert n.cosigned_by_id is not None and n.cosigned_at is not None
                assert n.signed_at < n.cosigned_at  # two signatures, each at its own time
        else:
            assert n.signed_at is None and n.content_hash is None
        if n.status in ("pending_cosign", "returned"):
            assert n.author_id in needs_cosign


def test_wait_lists_are_numbered_in_arrival_order(demo: DemoSummary) -> None:
    lists = defaultdict(list)
    for e in Enrollment.select().where(Enrollment.status == "wait_listed"):
        assert e.start_date is None and e.waitlisted_at is not None
        lists[e.group_id].append(e)
    assert lists
    for entries in lists.values():
        entries.sort(key=lambda e: e.waitlist_position)
        assert [e.waitlist_position for e in entries] == [float(i) for i in range(1, len(entries) + 1)]
        assert [e.waitlisted_at for e in entries] == sorted(e.waitlisted_at for e in entries)


def test_same_seed_and_day_give_the_same_clinic(built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    def people() -> list[tuple[str, str, str, str]]:
        return [
            (c.chart_number, c.legal_first, c.legal_last, c.status)
            for c in Client.select().order_by(Client.chart_number)
        ]

    first_path, first_summary, _calls = built
    database = open_database(Target(path=first_path))
    before = people()
    database.close()
    database = open_database(Target(path=tmp_path / "again.sqlite3"))
    try:
        again = build_demo("small", seed=7, today=TODAY)
        assert people() == before
        assert again == first_summary
    finally:
        database.close()
        proxy.initialize(None)


def test_a_build_that_dies_half_way_is_reported_incomplete(db, monkeypatch: pytest.MonkeyPatch) -> None:
    import iopdesk.demo.build as build_module

    def killed(*_args: object) -> None:
        raise KeyboardInterrupt  # stands in for the process dying mid-build

    monkeypatch.setattr(build_module, "one_to_one_sessions", killed)
    with pytest.raises(KeyboardInterrupt):
        build_demo("small", seed=1, today=TODAY)
    report = health_check()
    assert not report.ok
    assert report.incomplete and "demo build" in report.incomplete
    assert clinic.is_demo()  # so the command line may replace it, as it would any demo


def test_refuses_a_database_that_already_holds_a_clinic(db, actor) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError):
        build_demo("small")
    with pytest.raises(ValidationError):
        build_demo("huge")


def test_demo_accounts_can_act(demo: DemoSummary) -> None:
    assert ensure_local_setup("counselor").role == "counselor"
    with pytest.raises(DomainError):
        ensure_local_setup("nobody-here")


def test_demo_accounts_sign_in_with_the_demo_password(demo: DemoSummary) -> None:
    from iopdesk.demo import DEMO_PASSWORD
    from iopdesk.domain.access.accounts import sign_in

    hashes = {s.password_hash for s in Staff.select()}
    assert len(hashes) == 1 and next(iter(hashes)).startswith("$argon2id$")  # hashed once, shared
    for username in ("admin", "supervisor", "counselor", "frontdesk", "auditor"):
        assert sign_in(username, DEMO_PASSWORD).role == Staff.get(Staff.username == username).role


def test_default_note_templates() -> None:
    templates = default_templates()
    assert set(templates) == set(NOTE_FORMATS)
    common = {"presentation", "participation", "progress", "risk", "use_since_last"}
    own = {
        "DAP": {"data", "assessment", "plan"},
        "SOAP": {"subjective", "objective", "assessment", "plan"},
        "BIRP": {"behavior", "intervention", "response", "plan"},
        "GIRP": {"goal", "intervention", "response", "plan"},
        "narrative": {"narrative"},
    }
    for fmt, t in templates.items():
        assert t.shared_keys == ("topic", "interventions", "dynamics", "number_present")
        assert set(t.member_keys) == own[fmt] | common
    assert content_hash({"a": "1", "b": "2"}) == content_hash({"b": "2", "a": "1"})
