import datetime as dt

import pytest

from iopdesk.domain.clients.clients import search_clients
from iopdesk.domain.enrollment.keep_apart import add_keep_apart
from iopdesk.domain.kernel import settings
from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.domain.overviews.rosters import client_groups
from iopdesk.domain.roster_files.importing import import_roster
from iopdesk.domain.roster_files.reading import read_roster
from iopdesk.store.models import Client, Enrollment
from tests.support.roster_helpers import TODAY, make_client, make_group

GOOD = (
    "First name,Last name,Preferred,DOB,MRN,Phone,Admit date,Group\r\n"
    "Maria,Lopez,Mari,3/14/1985,MRN-1,555-0101,1/6/2025,Morning Process\r\n"
    "John,Smith,,1990-07-02,MRN-2,,,\r\n"
)


def run(actor, text_or_bytes, group=None, dry_run=False, **kw):
    data = text_or_bytes.encode("utf-8") if isinstance(text_or_bytes, str) else text_or_bytes
    return import_roster(actor, data, group, dry_run, today=TODAY, **kw)


@pytest.fixture
def morning(db, actor):
    return make_group(actor, "Morning Process")


def test_good_file_is_imported_in_one_go(actor, morning):
    report = run(actor, GOOD)
    assert report.ok and report.imported, report.errors
    assert (report.rows, report.created, report.matched, report.enrolled) == (2, 2, 0, 1)
    maria = Client.get(Client.chart_number == "MRN-1")
    assert maria.preferred_name == "Mari" and maria.date_of_birth == dt.date(1985, 3, 14)
    assert maria.admission_date == dt.date(2025, 1, 6) and maria.phone == "555-0101"
    assert maria.search_text == "maria lopez mari mrn-1"
    (line,) = client_groups(actor, maria.id, today=TODAY)
    assert line.group_name == "Morning Process" and line.start_date == TODAY


def test_importing_the_same_file_twice_changes_nothing(actor, morning):
    assert run(actor, GOOD).imported
    before = [(c.id, c.version) for c in Client.select().order_by(Client.id)]
    again = run(actor, GOOD)
    assert again.ok and (again.created, again.matched, again.enrolled) == (0, 2, 0)
    assert [(c.id, c.version) for c in Client.select().order_by(Client.id)] == before
    assert Enrollment.select().count() == 1


def test_rows_without_chart_numbers_get_generated_ones_and_match_on_reimport(actor, morning):
    text = "Name;Date of birth\nLopez, Maria;14/03/1985\nJohn Smith;02/07/1990\n"
    report = run(actor, text, "Morning Process", date_order="DMY")
    assert report.imported and report.enrolled == 2, report.errors
    assert {(c.legal_first, c.legal_last) for c in Client.select()} == {("Maria", "Lopez"), ("John", "Smith")}
    charts = sorted(c.chart_number for c in Client.select())
    assert charts == ["C-000001", "C-000002"]
    assert run(actor, text, "Morning Process", date_order="DMY").matched == 2
    assert Client.select().count() == 2


def test_utf8_bom_and_cp1252_are_read(actor, morning):
    text = "First,Last,DOB\nJosé,Nuñez,1980-01-02\n"
    assert run(actor, b"\xef\xbb\xbf" + text.encode("utf-8")).imported
    assert Client.get().legal_first == "José"
    text2 = "First,Last,DOB\nRenée,Façade,1980-01-03\n"
    report = run(actor, text2.encode("cp1252"))
    assert report.imported, report.errors
    assert Client.get(Client.legal_last == "Façade").legal_first == "Renée"


def test_semicolons_tabs_crlf_and_quoted_fields(actor, morning):
    semi = (
        'Surname;Given name;Birthdate;Emergency contact\r\n"Lopez";"Maria";1985-03-14;"Pat Lopez; mother"\r\n'
    )
    report = run(actor, semi)
    assert report.imported, report.errors
    assert Client.get().emergency_contact_name == "Pat Lopez; mother"
    tabbed = "family name\tfirst\tdate of birth\r\nSmith\tJohn\t1990-07-02\r\n"
    assert run(actor, tabbed).imported
    quoted = 'First,Last,DOB,Emergency contact\n"Ann","O\'Neil, Jr.",1970-05-05,"Line one\nline two"\n'
    report = run(actor, quoted)
    assert report.imported, report.errors
    ann = Client.get(Client.legal_first == "Ann")
    assert ann.legal_last == "O'Neil, Jr." and ann.emergency_contact_name == "Line one line two"


def test_header_synonyms_are_recognised():
    parsed = read_roster(
        b"GIVEN NAME,Family Name,D.O.B.,Chart #,Nickname,Telephone,Admission Date,Status,Group Name,"
        b"Shoe size\n"
        b"Ann,Lee,01/02/1990,x-9,Annie,555,01/03/2025,On hold,Evening,42\n",
        date_order="MDY",
        today=TODAY,
    )
    assert not parsed.problems, parsed.problems
    (row,) = parsed.rows
    assert (row.legal_first, row.legal_last, row.preferred_name, row.chart_number) == (
        "Ann",
        "Lee",
        "Annie",
        "X-9",
    )
    assert row.date_of_birth == dt.date(1990, 1, 2) and row.admission_date == dt.date(2025, 1, 3)
    assert (row.status, row.group, row.phone) == ("on_hold", "Evening", "555")
    assert parsed.ignored_columns == ("Shoe size",)


def test_every_bad_row_is_reported_and_nothing_is_imported(actor, morning):
    make_client(actor, "Other", "Person", chart_number="MRN-9")
    text = (
        "First,Last,DOB,Chart number,Group\n"
        "Maria,Lopez,3/14/1985,MRN-1,\n"  # fine
        ",Smith,1/1/1990,,\n"  # 3: missing first name
        "Ann,Lee,2/30/1990,,\n"  # 4: impossible date
        "Bo,Chen,1/1/2099,,\n"  # 5: future date
        "Cy,Diaz,1/1/1980,MRN-1,\n"  # 6: chart repeated in the file
        "Di,Eng,1/1/1980,MRN-9,\n"  # 7: chart belongs to someone else
        "Ed,Fox,1/1/1980,,Nowhere Group\n"  # 8: unknown group
        "Fay,Gil,1/1/1980\n"  # 9: wrong number of fields
    )
    report = run(actor, text, dry_run=False)
    assert not report.ok and not report.imported
    by_line = {(p.line, p.field) for p in report.errors}
    assert by_line == {
        (3, "First"),
        (4, "DOB"),
        (5, "DOB"),
        (6, "Chart number"),
        (7, "Chart number"),
        (8, "Group"),
        (9, "row"),
    }
    reasons = " ".join(p.reason for p in report.errors)
    assert "not a real date" in reasons and "future" in reasons and "also on line 2" in reasons
    assert "belongs to a different client" in reasons and "no group called" in reasons
    assert "5 fields" not in reasons and "3 fields" in reasons
    assert Client.select().count() == 1  # only the one made above
    assert report.created == 0


def test_dry_run_writes_nothing_but_reports_what_would_happen(actor, morning):
    report = run(actor, GOOD, dry_run=True)
    assert report.ok and not report.imported
    assert (report.created, report.enrolled) == (2, 1)
    assert Client.select().count() == 0 and Enrollment.select().count() == 0


def test_chart_number_of_the_same_person_is_matched_not_duplicated(actor, morning):
    existing = make_client(actor, "Maria", "Lopez", chart_number="MRN-1", date_of_birth=dt.date(1985, 3, 14))
    report = run(actor, GOOD)
    assert report.imported and report.matched == 1 and report.created == 1
    assert Client.select().where(Client.chart_number == "MRN-1").get().id == existing.id


@pytest.mark.parametrize(
    ("in_file", "said"), [("123", "dropped its leading zeros"), ("MRN-9", "correct the chart number")]
)
def test_a_known_person_under_another_chart_number_is_a_row_error_not_a_second_chart(actor, in_file, said):
    # Excel shows a chart-number column of digits as numbers, and its CSV keeps 123 for 00123.
    make_client(actor, "Test", "Client A", chart_number="00123", date_of_birth=dt.date(1990, 3, 4))
    text = f"First,Last,DOB,MRN\nTest,Client A,3/4/1990,{in_file}\nTest,Client B,3/4/1991,00124\n"
    report = run(actor, text)
    [(line, field, reason)] = report.errors
    assert (line, field) == (2, "MRN") and "00123" in reason and said in reason
    assert Client.select().count() == 1  # nothing imported, not even the good row
    assert run(actor, text.replace(f",{in_file}\n", ",\n", 1)).imported  # empty: matched by name and birth
    assert sorted(c.chart_number for c in Client.select()) == ["00123", "00124"]


def test_one_person_twice_in_a_file_under_two_chart_numbers_names_the_other_line(actor):
    text = (
        "First,Last,DOB,MRN\n"
        "Test,Client A,3/4/1990,A-1\nTest,Client B,3/4/1991,B-1\nTest,Client A,3/4/1990,A-2\n"
    )
    [(line, field, reason)] = run(actor, text).errors
    assert (line, field) == (4, "MRN") and "also on line 2" in reason and "A-1" in reason
    assert Client.select().count() == 0


def test_empty_and_headerless_files_are_reported(actor):
    for data in (b"", b"   \r\n\r\n", b"\xef\xbb\xbf"):
        report = run(actor, data)
        assert [(p.line, p.field) for p in report.errors] == [(1, "file")]
        assert "empty" in report.errors[0].reason
    report = run(actor, "apples,pears\n1,2\n")
    assert "No column names" in report.errors[0].reason
    report = run(actor, "First,Last\nAnn,Lee\n")
    assert report.errors[0].reason == "The file has no column for the date of birth."
    report = run(actor, "First,Last,DOB\n")
    assert "no clients" in report.errors[0].reason


def test_dates_as_spreadsheets_write_them():
    text = (
        "First,Last,DOB,Admit date\n"
        "A,One,03/04/85,2025-01-06 00:00:00\n"
        "B,Two,31089,06-Jan-25\n"
        'C,Three,20011231,"January 6, 2025"\n'
    )
    parsed = read_roster(text.encode(), date_order="MDY", today=TODAY)
    assert not parsed.problems, parsed.problems
    assert [r.date_of_birth for r in parsed.rows] == [
        dt.date(1985, 3, 4),
        dt.date(1985, 2, 11),
        dt.date(2001, 12, 31),
    ]
    assert {r.admission_date for r in parsed.rows} == {dt.date(2025, 1, 6)}
    dmy = read_roster(b"First,Last,DOB\nA,One,03/04/85\n", date_order="DMY", today=TODAY)
    assert dmy.rows[0].date_of_birth == dt.date(1985, 4, 3)


def test_full_group_puts_imported_rows_on_the_wait_list(actor):
    group = make_group(actor, "Tiny", max_size=1)
    report = run(actor, "First,Last,DOB\nA,One,1980-01-01\nB,Two,1980-01-02\n", "Tiny")
    assert report.imported and (report.enrolled, report.wait_listed) == (1, 1)
    assert (
        Enrollment.select()
        .where((Enrollment.group == group.id) & (Enrollment.status == "wait_listed"))
        .count()
        == 1
    )


def test_keep_apart_conflicts_are_row_errors_unless_acknowledged(actor, morning):
    a = make_client(actor, "Ana", "Ruiz", chart_number="K-1", date_of_birth=dt.date(1990, 1, 1))
    b = make_client(actor, "Bea", "Ruiz", chart_number="K-2", date_of_birth=dt.date(1991, 1, 1))
    add_keep_apart(actor, a.id, b.id, "relatives")
    text = "First,Last,DOB,Chart\nAna,Ruiz,1990-01-01,K-1\nBea,Ruiz,1991-01-01,K-2\n"
    report = run(actor, text, "Morning Process")
    assert [(p.line, p.field) for p in report.errors] == [(3, "group")]
    assert Enrollment.select().count() == 0
    assert run(actor, text, "Morning Process", acknowledge_warnings=True).enrolled == 2


def test_unknown_group_name_and_bad_date_order(actor):
    report = run(actor, GOOD.replace("Morning Process", ""), "No Such Group")
    assert (1, "group") in {(p.line, p.field) for p in report.errors}
    with pytest.raises(ValidationError):
        run(actor, GOOD, date_order="YDM")


def test_date_order_defaults_to_the_clinic_setting(actor):
    settings.set_value(actor, "date_order", "DMY")
    report = run(actor, "First,Last,DOB\nA,One,13/01/1985\n")
    assert report.imported, report.errors
    assert [c.date_of_birth for c in search_clients(actor, "one")] == [dt.date(1985, 1, 13)]
