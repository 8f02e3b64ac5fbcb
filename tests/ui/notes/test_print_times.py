"""One clock on paper: every printed time is the site's, with its zone named, never the printing computer's.

A printout once showed "Prepared at 3:17 pm" beside "signed at 10:16 am" a
minute earlier: the one in the laptop's zone, the other in the site's. And a
note waiting for its co-signature printed "Signed by on ;" with no signer and
no time. Here the laptop runs on Tokyo time while the site is in New York.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator

import pytest

from iopdesk.domain import notes
from iopdesk.domain.overviews.attendance_print import attendance_for_print
from iopdesk.render.attendance_pdf import attendance_html
from iopdesk.render.notes_pdf import notes_html
from iopdesk.render.pages import site_when, zone_name
from iopdesk.store.models import Note
from tests.support import note_factories as nf

SIGNED = dt.datetime(2025, 3, 10, 14, 16)  # UTC: 10:16 am in New York (EDT)
PRINTED = SIGNED + dt.timedelta(minutes=1)  # 10:17 am in New York; 11:17 pm in Tokyo


@pytest.fixture
def laptop_in_tokyo(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def site_in_new_york(actor):  # type: ignore[no-untyped-def]
    from iopdesk.store.models import Site

    Site.update(timezone="America/New_York").where(Site.id == actor.site_id).execute()
    return actor


def test_prepared_and_signed_read_the_same_clock_with_the_zone_named(
    site_in_new_york, laptop_in_tokyo, frozen_clock
):
    me = nf.writer(site_in_new_york)
    setup = nf.group_with(site_in_new_york, [("Ana", "Ruiz")], facilitator=me)
    part = notes.open_group_note(me, setup.session.id).part(setup.members[0].id).note
    notes.save_draft(me, part.id, {"data": "Engaged.", **nf.REQUIRED_TEXT}, part.version)
    frozen_clock.set(SIGNED)
    notes.sign_note(me, part.id, confirm=True)
    frozen_clock.set(PRINTED)

    html = notes_html(notes.notes_for_print(me, setup.members[0].id, nf.DAY, nf.DAY))

    assert "Electronically signed by Casey Counselor on March 10, 2025 at 10:16 am EDT." in html
    assert "Prepared by Casey Counselor on March 10, 2025 at 10:17 am EDT" in html
    assert "11:17 pm" not in html and "JST" not in html


def test_the_attendance_printout_is_prepared_on_the_sites_clock(
    site_in_new_york, laptop_in_tokyo, frozen_clock
):
    frozen_clock.set(PRINTED)
    html = attendance_html(attendance_for_print(site_in_new_york, nf.DAY, nf.DAY))
    assert "on March 10, 2025 at 10:17 am EDT" in html and "Prepared by" in html
    assert "11:17 pm" not in html


def test_a_waiting_note_always_names_its_signer_and_never_prints_a_blank_time(actor):
    supervisor = nf.writer(actor, "Sky Supervisor", role="supervisor")
    trainee = nf.writer(actor, "Tara Trainee", needs_cosign=True, supervisor=nf.staff_of(supervisor))
    setup = nf.group_with(actor, [("Ana", "Ruiz")], facilitator=trainee)
    part = notes.open_group_note(trainee, setup.session.id).part(setup.members[0].id).note
    notes.save_draft(trainee, part.id, {"data": "Engaged.", **nf.REQUIRED_TEXT}, part.version)
    # As the demo made them before issue 19: waiting, with no signer and no signing time.
    Note.update(status="pending_cosign").where(Note.id == part.id).execute()

    html = notes_html(notes.notes_for_print(supervisor, setup.members[0].id, nf.DAY, nf.DAY))

    assert "Signed by Tara Trainee (time not recorded); NOT FINAL" in html
    assert "Signed by  on" not in html and " on ;" not in html


def test_zone_names_read_as_people_say_them():
    new_york = dt.timezone(dt.timedelta(hours=-5), "EST")
    assert site_when(dt.datetime(2025, 1, 6, 20, 5), new_york) == "January 6, 2025 at 3:05 pm EST"
    odd = dt.timezone(dt.timedelta(hours=5, minutes=30))
    assert zone_name(dt.datetime(2025, 1, 6, tzinfo=odd)) == "UTC+05:30"
