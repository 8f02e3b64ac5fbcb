"""Plan reviews: due on the clinic's interval, progress per objective, the due list on Today."""

from __future__ import annotations

import datetime as dt

import pytest

from iopdesk.domain.care import plans, review_due, reviews
from iopdesk.domain.kernel import settings
from iopdesk.domain.kernel.errors import DomainError, NoteLocked, ValidationError
from iopdesk.store.models import Client
from tests.support import care_factories as cf
from tests.support import factories as f
from tests.support.factories import TODAY

DAY = dt.timedelta(days=1)


def test_a_review_is_due_on_the_interval_from_signing_then_from_the_last_review(actor) -> None:  # type: ignore[no-untyped-def]
    client = cf.person(actor)
    cf.admitted(actor, client.id)
    plan = cf.signed_plan(actor, client.id, goals=2)
    row = plans.PlanVersion.get_by_id(plan.id)
    assert plans.review_clock(row) == (None, TODAY + 30 * DAY)
    review = reviews.start_review(actor, plan.id)
    assert [p.progress for p in review.progress] == ["not_started", "not_started"]
    first, second = (p.objective_id for p in review.progress)
    with pytest.raises(ValidationError, match="summary"):
        reviews.sign_review(actor, review.id, True)
    saved = reviews.save_review(
        actor,
        review.id,
        progress={first: ("achieved", "30 days sober."), second: ("progressing", "")},
        summary="Good month.",
        outcome="continue",
    )
    assert [p.progress_label for p in saved.progress] == ["Achieved", "Progressing"]
    signed = reviews.sign_review(actor, review.id, True)
    assert signed.status == "signed"
    with pytest.raises(NoteLocked):
        reviews.save_review(actor, review.id, summary="again")
    assert plans.review_clock(row) == (TODAY, TODAY + 30 * DAY)
    again = reviews.start_review(actor, plan.id)
    assert [p.progress for p in again.progress] == ["achieved", "progressing"]  # carried over


def test_the_interval_is_the_clinics_setting_when_the_version_was_drafted(actor) -> None:  # type: ignore[no-untyped-def]
    settings.set_value(actor, "plan_review_days", 14)
    client = cf.person(actor)
    cf.admitted(actor, client.id)
    plan = cf.signed_plan(actor, client.id)
    assert plan.review_days == 14
    settings.set_value(actor, "plan_review_days", 90)
    assert plans.review_clock(plans.PlanVersion.get_by_id(plan.id))[1] == TODAY + 14 * DAY


def test_only_the_plan_in_force_is_reviewed(actor) -> None:  # type: ignore[no-untyped-def]
    client = cf.person(actor)
    cf.admitted(actor, client.id)
    v1 = cf.signed_plan(actor, client.id)
    v2 = plans.start_plan(actor, client.id)
    with pytest.raises(DomainError, match="plan in force"):
        reviews.start_review(actor, v2.id)
    reviews.start_review(actor, v1.id)
    with pytest.raises(DomainError, match="already being written"):
        reviews.start_review(actor, v1.id)
    with pytest.raises(ValidationError, match="future"):
        reviews.save_review(
            actor, reviews.plan_reviews(actor, v1.id)[0].id, reviewed_on=TODAY + DAY, today=TODAY
        )


def test_the_due_list_has_overdue_and_soon_due_reviews_in_reach(actor) -> None:  # type: ignore[no-untyped-def]
    counselor, other = cf.clinician(actor, "Casey Counselor"), cf.clinician(actor, "Dana Other")
    north = f.other_site()
    for name in ("Overdue", "Soon", "Later"):
        client = cf.person(actor, name, "Client")
        Client.update(home_site=north.id).where(Client.id == client.id).execute()  # not the supervisor's site
        cf.admitted(counselor, client.id, on=TODAY - 50 * DAY)
        cf.signed_plan(counselor, client.id)
    # Every plan is signed TODAY (signed rows are locked): the list is asked on later days instead.
    listed = review_due.reviews_due(counselor, today=TODAY + 25 * DAY)
    assert [r.client_name for r in listed] == ["Later C.", "Overdue C.", "Soon C."]  # all due on TODAY + 30
    assert all(r.days_overdue == -5 for r in listed) and listed[0].primary_counselor_name == "Casey Counselor"
    assert review_due.reviews_due(counselor, today=TODAY + 20 * DAY) == ()  # beyond the 7 days' notice
    late = review_due.reviews_due(counselor, today=TODAY + 40 * DAY)
    assert all(r.overdue and r.days_overdue == 10 for r in late)
    assert review_due.reviews_due(other, today=TODAY + 40 * DAY) == ()  # not in Dana's caseload
    supervisor = cf.clinician(actor, "Sage Supervisor", role="supervisor")
    assert review_due.reviews_due(supervisor, today=TODAY + 40 * DAY) == ()  # another site's clients
    auditor = cf.clinician(actor, "Avery Auditor", role="auditor")
    assert len(review_due.reviews_due(auditor, today=TODAY + 40 * DAY)) == 3


def test_a_review_resets_the_due_date(actor) -> None:  # type: ignore[no-untyped-def]
    client = cf.person(actor)
    cf.admitted(actor, client.id, on=TODAY - 60 * DAY)
    plan = cf.signed_plan(actor, client.id)
    review = reviews.start_review(actor, plan.id)
    reviews.save_review(
        actor,
        review.id,
        progress={p.objective_id: ("progressing", "") for p in review.progress},
        summary="On track.",
    )
    reviews.sign_review(actor, review.id, True)
    assert review_due.reviews_due(actor, today=TODAY + 29 * DAY, within_days=0) == ()
    assert [
        r.last_reviewed_on for r in review_due.reviews_due(actor, today=TODAY + 30 * DAY, within_days=0)
    ] == [TODAY]
