import csv
import datetime as dt
import io

import pytest

from iopdesk.domain.enrollment.enrollment import enroll
from iopdesk.domain.enrollment.waitlist import add_to_waitlist
from iopdesk.domain.kernel import settings
from iopdesk.domain.kernel.errors import NotFound
from iopdesk.domain.roster_files.export import export_roster
from iopdesk.domain.roster_files.importing import import_roster
from iopdesk.store.models import Client, Enrollment
from tests.support.roster_helpers import TODAY, make_client, make_group


def test_group_export_neutralizes_and_reimports_cleanly(db, actor):
    group = make_group(actor, "Evening, Process")
    mallory = make_client(
        actor, "=cmd|' /C calc'!A0", "Smith", phone="+1 555 0100", emergency_contact_name="@Mom"
    )
    other = make_client(actor, "Ann", "Lee")
    waiting = make_client(actor, "Vic", "Stone")
    enroll(actor, mallory.id, group.id, TODAY, today=TODAY)
    enroll(actor, other.id, group.id, TODAY, today=TODAY)
    add_to_waitlist(actor, waiting.id, group.id, today=TODAY)

    text = export_roster(actor, "Evening, Process", today=TODAY)
    assert text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    # A roster leaving the program ends with a blank line and the Part 2 notice (issue 17).
    assert rows[-2:] == [[], [settings.get("part2_notice")]]
    rows = rows[:-2]
    assert rows[0][:3] == ["Chart number", "Last name", "First name"]
    cells = [cell for row in rows[1:] for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
    assert "'=cmd|' /C calc'!A0" in cells and "'+1 555 0100" in cells and "'@Mom" in cells
    assert [row[2] for row in rows[1:]] == ["Ann", "'=cmd|' /C calc'!A0", "Vic"]
    assert rows[-1][11:] == ["Wait-listed", "", "", "1"]

    # Our own export reads back as the same clients: nothing new, nothing changed.
    report = import_roster(actor, ("\ufeff" + text).encode("utf-8"), None, False, today=TODAY)
    assert report.ok, report.errors
    assert (report.created, report.matched, report.enrolled) == (0, 3, 0)
    assert Client.get_by_id(mallory.id).phone == "+1 555 0100"
    assert Enrollment.select().count() == 3


def test_export_without_group_lists_every_client_with_current_groups(db, actor):
    a, b = make_group(actor, "Alpha"), make_group(actor, "Beta")
    both = make_client(actor, "Both", "Aaron")
    make_client(actor, "None", "Zed")
    enroll(actor, both.id, a.id, TODAY, today=TODAY)
    enroll(actor, both.id, b.id, TODAY, today=TODAY)
    rows = list(csv.reader(io.StringIO(export_roster(actor, today=TODAY), newline="")))[:-2]
    assert rows[0][-1] == "Groups"
    assert [(r[2], r[-1]) for r in rows[1:]] == [("Both", "Alpha; Beta"), ("None", "")]


def test_export_of_an_unknown_group(db, actor):
    with pytest.raises(NotFound):
        export_roster(actor, "Nope", today=TODAY)


def test_export_dates_are_iso(db, actor):
    make_client(actor, "Ann", "Lee", date_of_birth=dt.date(1985, 3, 14))
    assert "1985-03-14" in export_roster(actor, today=TODAY)
