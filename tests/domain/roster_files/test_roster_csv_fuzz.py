"""No bytes and no text may crash the roster reader: it always answers with rows or problems."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iopdesk.domain.roster_files.importing import import_roster
from iopdesk.domain.roster_files.reading import ParsedRoster, read_roster
from iopdesk.domain.roster_files.sheet_dates import parse_sheet_date
from iopdesk.store.models import Client

TODAY = dt.date(2025, 3, 3)
HEADER = "First,Last,DOB,Chart #,Preferred,Admit date,Status,Group,Phone\r\n"
cells = st.text(alphabet=st.characters(codec="utf-8"), max_size=12) | st.sampled_from(
    [
        "",
        "1/2/1990",
        "31/12/99",
        "2024-02-30",
        "45000",
        '"',
        '""',
        ",",
        ";",
        "\r\n",
        "'=1",
        "On hold",
        "ⅷ/٣/1990",
    ]
)
csvish = st.lists(st.lists(cells, max_size=11), max_size=8).map(
    lambda rows: HEADER + "\r\n".join(",".join(r) for r in rows)
)


def _check(parsed: ParsedRoster) -> None:
    assert isinstance(parsed, ParsedRoster)
    assert parsed.data_rows >= len(parsed.rows)
    for problem in parsed.problems:
        assert problem.line >= 1 and problem.field and problem.reason
    if not parsed.problems:
        assert parsed.rows or parsed.data_rows == 0


@given(st.binary(max_size=600))
@settings(max_examples=300, deadline=None)
def test_arbitrary_bytes_never_crash_the_reader(data):
    _check(read_roster(data, date_order="MDY", today=TODAY))


@given(st.text(max_size=400), st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
@settings(max_examples=300, deadline=None)
def test_arbitrary_text_never_crashes_the_reader(text, encoding):
    data = text.encode(encoding, errors="replace")
    _check(read_roster(data, date_order="DMY", today=TODAY))


@given(csvish)
@settings(max_examples=300, deadline=None)
def test_csv_shaped_text_never_crashes_the_reader(text):
    _check(read_roster(text.encode("utf-8"), date_order="MDY", today=TODAY))


@given(st.text(max_size=50))
@settings(max_examples=500, deadline=None)
def test_date_cells_either_parse_or_explain(text):
    try:
        parse_sheet_date(text, "MDY", TODAY)
    except ValueError as exc:
        assert str(exc)


@given(st.one_of(st.binary(max_size=300), csvish.map(str.encode)))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_dry_run_import_of_anything_reports_and_writes_nothing(actor, data):
    report = import_roster(actor, data, None, True, today=TODAY)
    assert report.dry_run and not report.imported
    assert Client.select().count() == 0
