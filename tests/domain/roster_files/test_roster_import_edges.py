"""The edges of a roster file found by fuzzing: each is a named bad row or a clear refusal.

- a cell longer than Python's csv field limit (131,072 characters) no longer stops the
  reading: that row is named, and every later row is still checked;
- a file mixing UTF-8 and Windows-1252 (two spreadsheets pasted together) is not read as
  Windows-1252 throughout (which turns "José" into "JosÃ©"): the lines that are not UTF-8 are
  named; a name already garbled that way is named too;
- control characters and right-to-left overrides in a name are named, never stored;
- a workbook (.xlsx, .ods, .xls), a web page or XML file saved as .xls, a PDF or another binary
  file picked by mistake is refused for what it is, instead of its first bytes shown as if they
  were column names;
- a chart or phone number Excel saved as it showed it, in scientific notation (1.23457E+11,
  its later digits gone), is named, never stored;
- Excel for Mac's "Comma Separated Values" (Mac Roman) is read as such, not as Windows-1252
  ("José" stored as "JosŽ"), while a Windows-1252 file with curly quotes and dashes stays one.
"""

from __future__ import annotations

import datetime as dt

import pytest

from iopdesk.domain.roster_files.reading import read_roster

TODAY = dt.date(2025, 6, 2)
HEAD = "First name,Last name,Date of birth,Notes\r\n"


def read(data: bytes | str):  # type: ignore[no-untyped-def]
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return read_roster(raw, date_order="MDY", today=TODAY)


def problems(parsed) -> list[tuple[int, str, str]]:  # type: ignore[no-untyped-def]
    return [(p.line, p.field, p.reason) for p in parsed.problems]


@pytest.mark.parametrize("column", ["Notes", "Last name"])
def test_a_huge_cell_is_a_named_row_and_later_rows_are_still_checked(column):
    huge = "x" * 200_000
    rows = [
        "Ana,Ruiz,1/2/1990,",
        f"Bo,{huge},3/4/1991," if column == "Last name" else f"Bo,Lee,3/4/1991,{huge}",
        "Cy,Park,13/45/1992,",  # a later bad row: must still be found
        "Di,Moss,5/6/1993,",
    ]
    parsed = read(HEAD + "\r\n".join(rows) + "\r\n")
    found = problems(parsed)
    assert any(line == 3 and field == column and "far too long" in reason for line, field, reason in found)
    assert any(line == 4 and field == "Date of birth" for line, field, _ in found), found
    assert not any("breaks off" in reason for _, _, reason in found), found
    assert all(len(reason) < 300 for _, _, reason in found)  # no 200,000-character message
    assert [r.legal_first for r in parsed.rows] == ["Ana", "Di"]


def test_a_file_mixing_utf8_and_windows_1252_names_the_lines_that_differ():
    data = (
        HEAD.encode("utf-8")
        + "José,Muñoz,1/2/1990,\r\n".encode()
        + "Zoë,Brontë,3/4/1991,\r\n".encode("cp1252")  # pasted from an older sheet
        + b"Ana,Ruiz,5/6/1992,\r\n"
    )
    parsed = read(data)
    assert [(r.legal_first, r.legal_last) for r in parsed.rows] == [("José", "Muñoz"), ("Ana", "Ruiz")]
    (problem,) = parsed.problems
    assert problem.line == 3 and "UTF-8" in problem.reason and "Windows-1252" in problem.reason
    assert all("Ã" not in r.legal_first + r.legal_last for r in parsed.rows)


def test_a_whole_windows_1252_file_still_reads():
    parsed = read((HEAD + "Zoë,Brontë,3/4/1991,\r\n").encode("cp1252"))
    assert parsed.problems == () and parsed.rows[0].legal_last == "Brontë"


def test_a_name_already_garbled_is_named():
    parsed = read(HEAD + "JosÃ©,MuÃ±oz,1/2/1990,\r\n")
    fields = {(p.line, p.field) for p in parsed.problems}
    assert fields == {(2, "First name"), (2, "Last name")}
    assert "garbled" in parsed.problems[0].reason and parsed.rows == ()


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Ana\u202eziuR", "U+202E"),  # right-to-left override: shows as "AnaRuiz" reversed
        ("Ana\u2066Ruiz", "U+2066"),
        ("Ana\x07Ruiz", "U+0007"),
        ("Ana\x1bRuiz", "U+001B"),
        ("Ana\u200fRuiz", "U+200F"),
        ("Ana\u200b", "U+200B"),  # a zero-width space pasted from a web page
        ("An\u00ada", "U+00AD"),
    ],
)
def test_control_characters_in_a_name_are_named_never_stored(name, shown):
    parsed = read(f"{HEAD}{name},Lopez,1/2/1990,\r\nBo,Lee,3/4/1991,\r\n")
    (problem,) = parsed.problems
    assert (problem.line, problem.field) == (2, "First name")
    assert shown in problem.reason and "invisible" in problem.reason
    assert [r.legal_first for r in parsed.rows] == ["Bo"]


def test_ordinary_accents_and_scripts_pass():
    names = ["Zoë,Brontë", "Nguyễn,Thị", "محمد,علي", "Björk,Guðmundsdóttir", "O'Brien,Mary-Kate"]
    parsed = read(HEAD + "".join(f"{n},1/2/1990,\r\n" for n in names))
    assert parsed.problems == () and len(parsed.rows) == len(names)


WORKBOOK_HEAD = {
    "xlsx": b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00",  # a zip: .xlsx and .ods
    "xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00\x00\x00",  # OLE2: Excel 97-2003
    "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
}


@pytest.mark.parametrize(
    ("kind", "said"),
    [("xlsx", "workbook (.xlsx or .ods)"), ("xls", "(.xls)"), ("pdf", "This is a PDF")],
)
def test_a_workbook_or_pdf_picked_by_mistake_is_named_for_what_it_is(kind, said):
    # What follows the signature does not matter: even rows that would read as a roster.
    parsed = read(WORKBOOK_HEAD[kind] + (HEAD + "Ana,Ruiz,1/2/1990,\r\n").encode())
    assert not parsed.rows
    [(line, field, reason)] = problems(parsed)
    assert (line, field) == (1, "file")
    assert said in reason and "not a CSV file" in reason


@pytest.mark.parametrize(
    "start",
    [
        "<html><body><table><tr><td>First name</td>",  # a web program's "Export to Excel" (.xls)
        "\ufeff\r\n<!DOCTYPE html>\n<html><table><tr><th>DOB</th>",
        '<table border="1"><tr><td>Last name</td>',
        '<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">',
    ],
)
def test_a_web_page_or_xml_saved_as_an_excel_file_is_named_for_what_it_is(start):
    parsed = read(start + "<td>Ana</td><td>Ruiz</td><td>1/2/1990</td></tr></table></body></html>")
    [(line, field, reason)] = problems(parsed)
    assert (line, field) == (1, "file") and parsed.rows == ()
    assert reason.startswith("This is a web page or XML file") and "save it as CSV" in reason
    assert "<" not in reason


def test_a_binary_file_is_refused_as_not_text_without_showing_its_bytes():
    parsed = read(bytes(range(256)) * 8)
    [(line, field, reason)] = problems(parsed)
    assert (line, field) == (1, "file")
    assert reason.startswith("This file is not text")
    assert not any(ord(c) < 32 for c in reason)


def test_utf16_without_its_bom_is_still_text():
    parsed = read((HEAD + "Ana,Ruiz,1/2/1990,\r\n").encode("utf-16-le"))
    assert [(r.legal_first, r.legal_last) for r in parsed.rows] == [("Ana", "Ruiz")]


def test_column_names_not_found_are_shown_without_control_characters():
    parsed = read("Na\x01me,Bi\x02rth\r\nAna,1/2/1990\r\n")
    [(_line, _field, reason)] = problems(parsed)
    assert "(it found: Name, Birth)" in reason


def test_a_chart_or_phone_number_in_scientific_notation_is_named_not_stored():
    # Excel writes a long number in a General cell as it shows it: 123456789012 becomes 1.23457E+11.
    parsed = read(
        "First name,Last name,DOB,MRN,Phone,Emergency phone\r\n"
        "Test,Client A,3/4/1990,1.23457E+11,555-0101,\r\n"
        'Test,Client B,3/4/1991,100235,5.55E+09,"4,45E+11"\r\n'  # the second from a European Excel
        "Test,Client C,3/4/1992,2E12,5550100003,\r\n"  # no "+": a chart number, not a number shown short
    )
    assert [(line, field) for line, field, _ in problems(parsed)] == [
        (2, "MRN"),
        (3, "Phone"),
        (3, "Emergency phone"),
    ]
    assert "1.23457E+11" in parsed.problems[0].reason and "scientific notation" in parsed.problems[0].reason
    assert [(r.chart_number, r.phone) for r in parsed.rows] == [("2E12", "5550100003")]


def test_a_cell_exported_as_a_text_formula_is_read_as_the_text_excel_shows():
    # ="00123" keeps a chart number's leading zeros when Excel opens the file; it is not the number.
    parsed = read(
        'First name,Last name,DOB,MRN,Phone\r\nTest,Client A,3/4/1990,="00123","=""555-0101"""\r\n'
        "Test,'=Client B,3/4/1991,00124,\r\n"  # our own export's guard still comes off
    )
    assert parsed.problems == ()
    assert [(r.legal_last, r.chart_number, r.phone) for r in parsed.rows] == [
        ("Client A", "00123", "555-0101"),
        ("=Client B", "00124", ""),
    ]


MAC_NAMES = ["José,Ibáñez", "Ángel,Muñoz", "Test,López", "Zoë,Çelik", "Test,García"]


@pytest.mark.parametrize("newline", ["\r", "\r\n"])
def test_excel_for_mac_csv_in_mac_roman_is_read_as_such(newline):
    # Excel for Mac's "Comma Separated Values" is Mac Roman; read as Windows-1252, "José" was "JosŽ".
    data = newline.join([HEAD.strip(), *(f"{n},1/2/1990," for n in MAC_NAMES)]).encode("mac_roman")
    parsed = read(data)
    assert parsed.encoding == "mac-roman" and parsed.problems == ()
    assert [f"{r.legal_first},{r.legal_last}" for r in parsed.rows] == MAC_NAMES


@pytest.mark.parametrize(
    "notes",
    [
        "Mom’s cell – call after 5",
        "at 6 o’clock, y’all",
        "“Prefers evenings”",
        "Rx™ ok",
        "owes €20…",
        "«ok» ¡sí!",
        "½ day, 98.6°",
    ],
)
def test_a_windows_1252_file_with_punctuation_in_its_notes_stays_windows_1252(notes):
    for names in (["Renée,Façade", "Test,Pérez", "Zoë,O’Brien"], ["Test,O’Brien"]):
        rows = "".join(f'{n},1/2/1990,"{notes}"\r\n' for n in names)
        parsed = read((HEAD + rows).encode("cp1252"))
        assert parsed.encoding == "cp1252" and parsed.problems == ()
        assert [r.legal_last for r in parsed.rows] == [n.split(",")[1] for n in names]


def test_a_column_name_with_a_hint_in_brackets_is_known_by_the_name():
    parsed = read(
        "First Name (Legal),Last Name,Date of Birth (MM/DD/YYYY),Phone [cell],Emergency Contact (Phone),"
        "Date of Admission\r\n"
        "Test,Client A,03/04/1990,555-0101,555-0102,1/6/2025\r\n"
    )
    assert parsed.problems == () and parsed.ignored_columns == ()
    [row] = parsed.rows
    assert (row.legal_first, row.date_of_birth, row.phone) == ("Test", dt.date(1990, 3, 4), "555-0101")
    assert (row.emergency_contact_phone, row.emergency_contact_name) == ("555-0102", "")  # not the name
    assert row.admission_date == dt.date(2025, 1, 6)


def test_a_letter_excel_could_not_save_in_a_plain_csv_is_named_not_stored_as_a_question_mark():
    # Excel's "CSV (Comma delimited)" writes "?" for each letter Windows-1252 lacks: "Nguyễn" -> "Nguy?n".
    text = "Test,Nguyễn,1/2/1990,\r\n?ukasz,Client B,3/4/1991,\r\nTest,Client C,5/6/1992,Why? Not sure\r\n"
    parsed = read((HEAD + text).encode("cp1252", errors="replace"))
    assert [(line, field) for line, field, _ in problems(parsed)] == [(2, "Last name"), (3, "First name")]
    assert "CSV UTF-8" in parsed.problems[0].reason
    assert [r.legal_last for r in parsed.rows] == ["Client C"]  # a "?" in an unused column is no matter


def test_empty_column_names_at_the_right_of_the_header_need_no_cells_in_the_rows():
    parsed = read("First name,Last name,DOB,,\r\nTest,Client A,3/4/1990\r\nTest,Client B,3/4/1991,,\r\n")
    assert parsed.problems == () and [r.legal_last for r in parsed.rows] == ["Client A", "Client B"]
    short = read("First name,Last name,DOB,Phone\r\nTest,Client A,3/4/1990\r\n")  # a named column missing
    assert [(p.line, p.field) for p in short.problems] == [(2, "row")]
