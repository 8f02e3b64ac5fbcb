"""The chart: one call per screen section, the whole chart with one audit entry, and the printed
chart's packet (signed records only, a period, a disclosure in the trail before any file)."""

from __future__ import annotations

import datetime as dt

import pytest

from iopdesk.domain.care import chart, discharge, plans, screening
from iopdesk.domain.care.discharge import AftercareItem
from iopdesk.domain.kernel.errors import PermissionDenied, ValidationError
from iopdesk.store.models import AuditEvent
from tests.support import care_factories as cf
from tests.support.factories import TODAY

DAY = dt.timedelta(days=1)


def test_the_whole_chart_in_one_call_with_one_audit_entry(actor) -> None:  # type: ignore[no-untyped-def]
    client = cf.person(actor, age=16)
    cf.screened(actor, client.id, on=TODAY - 10 * DAY)
    cf.admitted(actor, client.id, on=TODAY - 7 * DAY)
    cf.signed_plan(actor, client.id)
    plans.start_plan(actor, client.id)  # a version being written
    before = AuditEvent.select().count()
    view = chart.open_chart(actor, client.id)
    assert AuditEvent.select().count() == before + 1
    h = view.header
    assert (h.age, h.population, h.population_label, h.level_of_care, h.episode_number) == (
        16,
        "adolescent",
        "Adolescent",
        "2.1",
        1,
    )
    assert h.admitted_on == TODAY - 7 * DAY and h.status_label == "Active" and not h.came_of_age
    assert [s.status for s in view.screenings] == ["signed"] and "not a diagnosis" in view.screening_notice
    assert view.episode is not None and view.episode.is_open and len(view.episodes) == 1
    assert [m.role for m in view.team.current] == ["primary_counselor"]
    assert view.plan.in_force is not None and view.plan.working is not None
    assert (view.plan.in_force.number, view.plan.working.number) == (1, 2)
    assert view.plan.next_review_due == TODAY + 30 * DAY and view.plan.days_overdue == -30
    assert view.discharge is None and view.stay is not None and view.stay.minutes_attended == 0


def test_each_section_alone(actor) -> None:  # type: ignore[no-untyped-def]
    client = cf.person(actor)
    assert chart.chart_header(actor, client.id).episode_number is None  # not admitted yet
    assert chart.plan_section(actor, client.id).in_force is None
    cf.admitted(actor, client.id)
    cf.signed_plan(actor, client.id)
    assert chart.plan_section(actor, client.id, audited=False).in_force.number == 1
    assert chart.chart_header(actor, client.id).episode_number == 1


def test_the_printed_chart_carries_signed_records_of_the_period(actor) -> None:  # type: ignore[no-untyped-def]
    client = cf.person(actor)
    cf.screened(actor, client.id, on=TODAY - 20 * DAY)
    draft = screening.start_screening(actor, client.id, today=TODAY)  # a draft: not printed
    episode = cf.admitted(actor, client.id, on=TODAY - 15 * DAY)
    cf.signed_plan(actor, client.id)
    out = discharge.start_discharge(actor, episode.id, "completed", TODAY)
    discharge.save_discharge(
        actor,
        out.id,
        summary={"condition": "Stable.", "recommendations": "Alumni group."},
        aftercare=[AftercareItem("meeting", "SMART Recovery, Thursdays")],
    )
    discharge.sign_discharge(actor, out.id, True)
    packet = chart.chart_for_print(actor, client.id)
    assert [s.status for s in packet.screenings] == ["signed"] and draft.id not in {
        s.id for s in packet.screenings
    }
    (printed,) = packet.episodes
    assert [p.number for p in printed.plans] == [1] and printed.discharge is not None
    assert packet.part2_notice.startswith("This record which has been disclosed")
    entry = AuditEvent.select().order_by(AuditEvent.seq.desc()).first()
    assert (entry.action, entry.record_type, entry.record_id, entry.client_id) == (
        "export",
        "report",
        "chart",
        client.id,
    )
    narrow = chart.chart_for_print(actor, client.id, TODAY - 30 * DAY, TODAY - 16 * DAY)
    assert narrow.episodes == () and len(narrow.screenings) == 1
    with pytest.raises(ValidationError, match="first date"):
        chart.chart_for_print(actor, client.id, TODAY, TODAY - DAY)


def test_printing_is_refused_to_those_who_may_not_disclose(actor) -> None:  # type: ignore[no-untyped-def]
    client = cf.person(actor)
    auditor = cf.clinician(actor, "Avery Auditor", role="auditor")
    with pytest.raises(PermissionDenied):
        chart.chart_for_print(auditor, client.id)
