import datetime as dt
import time
import uuid

import pytest

from iopdesk.domain.clients.clients import ClientDraft, add_client, get_client, search_clients, update_client
from iopdesk.domain.enrollment.enrollment import enroll
from iopdesk.domain.kernel.errors import ConflictError, PermissionDenied, ValidationError
from iopdesk.domain.overviews.rosters import client_groups
from iopdesk.store import transaction
from iopdesk.store.models import Client, Site, utcnow
from tests.support.roster_helpers import TODAY, make_client, make_group


def test_add_client_generates_a_chart_number_and_search_text(db, actor):
    info = make_client(actor, "Maria", "Lopez", preferred_name="Mari")
    second = make_client(actor, "Ann", "Lee")
    assert info.chart_number == "C-000001"
    assert second.chart_number == "C-000002"
    row = Client.get_by_id(info.id)
    assert row.search_text == "maria lopez mari c-000001"
    assert row.origin_site_id == actor.site_id and row.version == 1


def test_generated_chart_numbers_skip_ones_in_use(db, actor):
    make_client(actor, chart_number="c-000007")
    assert make_client(actor).chart_number == "C-000008"


def test_chart_numbers_are_unique_whatever_the_case(db, actor):
    make_client(actor, chart_number="MRN-1")
    with pytest.raises(ValidationError) as err:
        make_client(actor, chart_number=" mrn-1 ")
    assert err.value.field == "chart_number"
    assert Client.select().count() == 1


def test_impossible_dates_are_refused(db, actor):
    with pytest.raises(ValidationError) as err:
        make_client(actor, date_of_birth=TODAY + dt.timedelta(days=1))
    assert err.value.field == "date_of_birth"
    with pytest.raises(ValidationError) as err:
        make_client(actor, date_of_birth=dt.date(1990, 1, 1), admission_date=dt.date(1989, 1, 1))
    assert err.value.field == "admission_date"
    with pytest.raises(ValidationError) as err:
        make_client(actor, legal_first="  ")
    assert err.value.field == "legal_first"
    assert Client.select().count() == 0


def test_update_bumps_version_and_keeps_search_text_current(db, actor):
    info = make_client(actor, "Maria", "Lopez")
    before = Client.get_by_id(info.id).updated_at
    updated = update_client(actor, info.id, preferred_name="Mia", phone="555-0100", today=TODAY)
    assert updated.version == 2 and updated.preferred_name == "Mia"
    row = Client.get_by_id(info.id)
    assert row.search_text == "maria lopez mia c-000001"
    assert row.updated_at >= before
    with pytest.raises(ConflictError):
        update_client(actor, info.id, expected_version=1, phone="1", today=TODAY)
    with pytest.raises(ValidationError):
        update_client(actor, info.id, shoe_size=9)


def test_failed_update_changes_nothing(db, actor):
    info = make_client(actor, "Maria", "Lopez")
    with pytest.raises(ValidationError):
        update_client(
            actor, info.id, preferred_name="Mia", date_of_birth=TODAY + dt.timedelta(days=3), today=TODAY
        )
    assert get_client(actor, info.id).preferred_name == ""
    assert get_client(actor, info.id).version == 1


def test_discharge_ends_current_enrollments(db, actor):
    info = make_client(actor)
    group = make_group(actor)
    enroll(actor, info.id, group.id, TODAY, today=TODAY)
    discharged = update_client(
        actor, info.id, status="discharged", discharge_date=TODAY + dt.timedelta(days=9), today=TODAY
    )
    assert discharged.discharge_date == TODAY + dt.timedelta(days=9)
    (line,) = client_groups(actor, info.id, today=TODAY)
    assert line.status == "discharged" and line.end_date == TODAY + dt.timedelta(days=9)


def test_auditors_cannot_add_clients(db, actor):
    from dataclasses import replace

    with pytest.raises(PermissionDenied):
        add_client(replace(actor, role="auditor"), ClientDraft("A", "B", dt.date(1990, 1, 1)), today=TODAY)


def test_search_by_name_preferred_name_and_chart(db, actor):
    maria = make_client(actor, "Maria", "Lopez", preferred_name="Mari")
    make_client(actor, "Marcus", "Smith")
    john = make_client(actor, "John", "Smithers", chart_number="MRN-77")
    assert [c.id for c in search_clients(actor, "lop")] == [maria.id]
    assert {c.legal_first for c in search_clients(actor, "mar")} == {"Maria", "Marcus"}
    assert [c.id for c in search_clients(actor, "mari lo")] == [maria.id]
    assert [c.id for c in search_clients(actor, "mrn-77")] == [john.id]
    assert {c.legal_first for c in search_clients(actor, "SMITH")} == {"Marcus", "John"}
    assert search_clients(actor, "ith") == []  # words match from their start
    assert search_clients(actor, "50%_") == []  # LIKE wildcards are literal


def test_search_is_fast_on_a_clinic_sized_list(db, actor):
    site = Site.get_by_id(actor.site_id)
    now = utcnow()
    rows = []
    for n in range(2500):
        first, last, chart = f"First{n}", f"Last{n % 97}", f"C-{n:06d}"
        rows.append(
            {
                "id": uuid.uuid4(),
                "origin_site": site.id,
                "created_at": now,
                "updated_at": now,
                "legal_first": first,
                "legal_last": last,
                "date_of_birth": dt.date(1980, 1, 1),
                "chart_number": chart,
                "home_site": site.id,
                "status": "active",
                "search_text": f"{first} {last}  {chart}".lower(),
            }
        )
    with transaction():
        for start in range(0, len(rows), 200):
            Client.insert_many(rows[start : start + 200]).execute()
    search_clients(actor, "warm up")
    started = time.perf_counter()
    for text in ("f", "first12", "last5", "c-0012", "first1 last1", "nobody"):
        found = search_clients(actor, text, limit=25)
        assert len(found) <= 25
    elapsed = (time.perf_counter() - started) / 6
    assert elapsed < 0.1, f"search took {elapsed * 1000:.0f} ms"
    assert [c.chart_number for c in search_clients(actor, "C-000012")][0] == "C-000012"
