"""The import report's per-row outcomes: what the preview lists line by line."""

from iopdesk.domain.enrollment.enrollment import enroll
from iopdesk.domain.roster_files.importing import RowOutcome, import_roster
from tests.support.roster_helpers import TODAY, make_client, make_group


def test_outcomes_say_created_matched_enrolled_waiting_and_already(db, actor):
    group = make_group(actor, "Tiny", max_size=2)
    member = make_client(actor, "Ana", "Diaz", chart_number="A-1")
    enroll(actor, member.id, group.id, TODAY, today=TODAY)
    known = make_client(actor, "Bo", "Lee", chart_number="B-1")
    text = (
        "First,Last,DOB,Chart\r\n"
        f"Ana,Diaz,{member.date_of_birth.isoformat()},A-1\r\n"
        f"Bo,Lee,{known.date_of_birth.isoformat()},B-1\r\n"
        "Cy,New,1990-01-01,\r\n"
    )
    report = import_roster(actor, text.encode(), "Tiny", dry_run=True, today=TODAY)
    assert report.ok, report.errors
    assert [(o.line, o.name, o.client, o.group, o.enrollment) for o in report.outcomes] == [
        (2, "Ana Diaz", "matched", "Tiny", "already"),
        (3, "Bo Lee", "matched", "Tiny", "enrolled"),
        (4, "Cy New", "created", "Tiny", "wait_listed"),
    ]
    assert report.outcomes[2].chart_number.startswith("C-")
    real = import_roster(actor, text.encode(), "Tiny", today=TODAY)
    assert [o.chart_number for o in real.outcomes] == [o.chart_number for o in report.outcomes]


def test_no_outcomes_when_any_row_is_bad(db, actor):
    text = "First,Last,DOB\r\nAna,Diaz,1990-01-01\r\n,Lee,1990-01-01\r\n"
    report = import_roster(actor, text.encode(), dry_run=True, today=TODAY)
    assert not report.ok and report.outcomes == ()
    assert isinstance(RowOutcome(1, "x", "y", "created", "", ""), RowOutcome)
