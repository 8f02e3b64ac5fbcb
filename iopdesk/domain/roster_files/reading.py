"""Reading a roster CSV as spreadsheet programs save it, and checking every row.

No database here: this turns bytes into clean rows plus a list of problems
(line, column, reason). Line numbers are the spreadsheet's row numbers, the
header row being the first line a spreadsheet shows, so a counselor can find
the row in Excel or LibreOffice. Whatever the bytes, this never raises.

A row holding only a 42 CFR Part 2 notice (one cell naming 42 CFR part 2: how
every IOPdesk export ends) is not a client: it is skipped like a blank row.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import NamedTuple

from iopdesk.domain.clients.chart_numbers import normalize_chart
from iopdesk.domain.clients.clients import EARLIEST_BIRTH
from iopdesk.domain.kernel import vocab
from iopdesk.domain.kernel.csv_safety import is_notice_row, restore
from iopdesk.domain.roster_files.columns import (
    LABELS,
    MAX_LEN,
    NAME_FIELDS,
    NUMBER_FIELDS,
    field_for,
    level_code,
    population_key,
    split_name,
    status_key,
)
from iopdesk.domain.roster_files.sheet_dates import parse_sheet_date
from iopdesk.domain.roster_files.text import INVISIBLE, MIXED, decode, not_text, unreadable

MAX_BYTES = 20_000_000
MAX_ROWS = 20_000
HEADER_SEARCH_ROWS = 10  # title lines a spreadsheet may put above the column names
DELIMITERS = (",", ";", "\t")
# No roster cell is this long; one that is usually swallowed the rows after a missing quote.
MAX_CELL = 10_000
# Python's csv module stops at a cell over 131,072 characters, leaving the later rows
# unchecked: a cell can be as long as the largest file read (the row is then named).
csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES))


class RowProblem(NamedTuple):
    line: int
    field: str
    reason: str


@dataclass(frozen=True)
class RosterRow:
    line: int
    legal_first: str
    legal_last: str
    preferred_name: str
    date_of_birth: dt.date
    chart_number: str  # normalised; "" when the file has none for this row
    phone: str
    emergency_contact_name: str
    emergency_contact_phone: str
    admission_date: dt.date | None
    status: str | None  # None: the file does not say
    group: str
    level_of_care: str | None = None  # a level code ("2.1"); None: the file does not say
    population: str | None = None  # "adult" / "adolescent"; None: the file does not say


@dataclass(frozen=True)
class ParsedRoster:
    rows: tuple[RosterRow, ...]  # the rows with no problem of their own
    data_rows: int  # every non-blank row below the header
    problems: tuple[RowProblem, ...]
    columns: dict[str, str]  # field -> the file's column name
    ignored_columns: tuple[str, ...]
    encoding: str
    delimiter: str

    def column(self, field: str) -> str:
        return self.columns.get(field) or LABELS.get(field, field)


def _records(text: str, delimiter: str) -> list[list[str]] | tuple[list[list[str]], int]:
    """All records; on a CSV syntax error, (records so far, failing line)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', doublequote=True)
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record)
            if len(records) > MAX_ROWS + HEADER_SEARCH_ROWS + 1:
                break
    except csv.Error:
        return records, len(records) + 1
    return records


def _header_score(record: list[str]) -> int:
    return len({field for field in map(field_for, record) if field is not None})


def _find_header(records: list[list[str]]) -> tuple[int, int]:
    """(index, score) of the likeliest header row among the first rows."""
    best = (0, 0)
    for index, record in enumerate(records[:HEADER_SEARCH_ROWS]):
        score = _header_score(record)
        if score > best[1]:
            best = (index, score)
        if score >= 2:
            break
    return best


# ="00123": how many systems export a number that must keep its leading zeros in Excel, which
# shows the text inside. Matched before ``restore``, so our own export of such a cell ('="…") reads back.
TEXT_FORMULA = re.compile(r'="((?:[^"]|"")*)"')


def _clean_cell(cell: str) -> str:
    text = cell.replace("\x00", "").replace("\u00a0", " ").strip()
    if formula := TEXT_FORMULA.fullmatch(text):
        return formula.group(1).replace('""', '"').strip()
    # Cells our own export prefixed with a quote so spreadsheets would not run them as formulas.
    return restore(text)


def read_roster(data: bytes, *, date_order: str, today: dt.date) -> ParsedRoster:
    problems: list[RowProblem] = []

    def empty(reason: str, encoding: str = "", delimiter: str = ",") -> ParsedRoster:
        return ParsedRoster((), 0, (RowProblem(1, "file", reason),), {}, (), encoding, delimiter)

    if len(data) > MAX_BYTES:
        return empty(f"The file is larger than {MAX_BYTES // 1_000_000} MB; is it really a roster?")
    refused = not_text(data)
    if refused:
        return empty(refused)
    text, encoding = decode(data)
    if "\x00" in text:
        text = text.replace("\x00", "")  # UTF-16 saved without its BOM reads as text with NULs
    if not text.strip():
        return empty("The file is empty.", encoding)

    # Sniff the delimiter by which one yields column names we know.
    candidates = []
    for delimiter in DELIMITERS:
        parsed = _records(text, delimiter)
        records, bad_line = parsed if isinstance(parsed, tuple) else (parsed, 0)
        index, score = _find_header(records)
        candidates.append((score, -DELIMITERS.index(delimiter), delimiter, records, bad_line, index))
    score, _, delimiter, records, bad_line, header_index = max(candidates, key=lambda c: (c[0], c[1]))
    if score == 0:
        first = next((r for r in records if any(c.strip() for c in r)), [])
        shown = ", ".join(INVISIBLE.sub("", c).strip()[:30] for c in first[:6])
        return empty(
            "No column names IOPdesk knows were found on the first lines"
            + (f" (it found: {shown})" if shown else "")
            + ". The first row should name the columns, for example First name, Last name, Date of birth.",
            encoding,
            delimiter,
        )

    header = records[header_index]
    header_line = header_index + 1
    columns: dict[str, int] = {}
    ignored: list[str] = []
    for position, cell in enumerate(header):
        field = field_for(cell)
        if field is None:
            if cell.strip():
                ignored.append(cell.strip())
            continue
        if field in columns:
            problems.append(
                RowProblem(
                    header_line,
                    cell.strip(),
                    f"Two columns both hold the {LABELS[field]} "
                    f"({header[columns[field]].strip()!r} and {cell.strip()!r}).",
                )
            )
            continue
        columns[field] = position
    if "legal_first" in columns and "legal_last" in columns and "full_name" in columns:
        ignored.append(header[columns.pop("full_name")].strip())  # separate name columns win
    names = {f: header[i].strip() for f, i in columns.items()}
    if "full_name" not in columns:
        for field in ("legal_first", "legal_last"):
            if field not in columns:
                problems.append(
                    RowProblem(header_line, "header", f"The file has no column for the {LABELS[field]}.")
                )
    if "date_of_birth" not in columns:
        problems.append(RowProblem(header_line, "header", "The file has no column for the date of birth."))
    if problems:
        return ParsedRoster((), 0, tuple(problems), names, tuple(ignored), encoding, delimiter)

    rows: list[RosterRow] = []
    seen_charts: dict[str, int] = {}
    seen_people: dict[tuple[str, str, dt.date], int] = {}
    data_rows = 0
    width = len(header)
    for index in range(header_index + 1, len(records)):
        record, line = records[index], index + 1
        if not any(cell.strip() for cell in record) or is_notice_row(record):
            continue
        data_rows += 1
        if data_rows > MAX_ROWS:
            problems.append(RowProblem(line, "file", f"The file has more than {MAX_ROWS} rows; split it."))
            break
        # A stray empty column at the right is harmless, in the rows or in the header.
        if len(record) > width and not any(c.strip() for c in record[width:]):
            record = record[:width]
        elif len(record) < width and not any(c.strip() for c in header[len(record) :]):
            record = record + [""] * (width - len(record))
        long_cell = next((i for i, cell in enumerate(record) if len(cell) > MAX_CELL), None)
        if long_cell is not None:
            shown = header[long_cell].strip() if long_cell < width and header[long_cell].strip() else "row"
            problems.append(
                RowProblem(
                    line,
                    shown,
                    f"This cell is far too long ({len(record[long_cell]):,} characters): a quote may be "
                    "missing, so that the rows after it ran into it.",
                )
            )
            continue
        if encoding == MIXED and any("\ufffd" in cell for cell in record):
            problems.append(
                RowProblem(
                    line,
                    "row",
                    "This row is not in UTF-8 like the rest of the file (it looks like Windows-1252, "
                    'pasted from another spreadsheet): save the file again as "CSV UTF-8".',
                )
            )
            continue
        if len(record) != width:
            problems.append(
                RowProblem(
                    line,
                    "row",
                    f"This row has {len(record)} fields but the header has {width}; "
                    "a comma or semicolon inside a cell may be missing its quotes.",
                )
            )
            continue
        row, row_problems = _check_row(record, line, columns, names, date_order, today)
        if row is not None:
            if row.chart_number:
                if row.chart_number in seen_charts:
                    row_problems.append(
                        RowProblem(
                            line,
                            names["chart_number"],
                            f"Chart number {row.chart_number} is also on line "
                            f"{seen_charts[row.chart_number]}.",
                        )
                    )
                else:
                    seen_charts[row.chart_number] = line
            person = (row.legal_first.lower(), row.legal_last.lower(), row.date_of_birth)
            if not row.chart_number and person in seen_people:
                row_problems.append(
                    RowProblem(
                        line,
                        "row",
                        f"The same person (name and date of birth) is also on line {seen_people[person]}.",
                    )
                )
            seen_people.setdefault(person, line)
        problems.extend(row_problems)
        if row is not None and not row_problems:
            rows.append(row)
    if bad_line:
        problems.append(
            RowProblem(
                bad_line,
                "file",
                "The file breaks off here: a quote may be missing, or a cell is far too long.",
            )
        )
    if data_rows == 0 and not problems:
        problems.append(RowProblem(header_line + 1, "file", "The file has column names but no clients."))
    return ParsedRoster(tuple(rows), data_rows, tuple(problems), names, tuple(ignored), encoding, delimiter)


def _check_row(
    record: list[str], line: int, columns: dict[str, int], names: dict[str, str], order: str, today: dt.date
) -> tuple[RosterRow | None, list[RowProblem]]:
    cells = {field: _clean_cell(record[i]) for field, i in columns.items()}
    problems: list[RowProblem] = []
    if "full_name" in cells:
        first, last = split_name(cells["full_name"])
        names = dict(names, legal_first=names["full_name"], legal_last=names["full_name"])
    else:
        first, last = cells["legal_first"], cells["legal_last"]
    first, last = " ".join(first.split()), " ".join(last.split())
    if not first:
        problems.append(RowProblem(line, names["legal_first"], "The first name is missing."))
    if not last:
        problems.append(RowProblem(line, names["legal_last"], "The last name is missing."))
    values = {"legal_first": first, "legal_last": last}
    for field in ("preferred_name", "phone", "emergency_contact_name", "emergency_contact_phone", "group"):
        values[field] = " ".join(cells.get(field, "").split())
    values["chart_number"] = normalize_chart(cells.get("chart_number", ""))
    for field, value in values.items():
        kind = "name" if field in NAME_FIELDS else "number" if field in NUMBER_FIELDS else ""
        problem = unreadable(value, LABELS[field], kind=kind)
        if problem:
            problems.append(RowProblem(line, names.get(field, LABELS[field]), problem))
    for field, limit in MAX_LEN.items():
        if len(values[field]) > limit:
            problems.append(
                RowProblem(
                    line,
                    names.get(field, LABELS[field]),
                    f"The {LABELS[field]} is too long (at most {limit} characters).",
                )
            )

    dob: dt.date | None = None
    if not cells["date_of_birth"]:
        problems.append(RowProblem(line, names["date_of_birth"], "The date of birth is missing."))
    else:
        try:
            dob = parse_sheet_date(cells["date_of_birth"], order, today)
        except ValueError as exc:
            problems.append(RowProblem(line, names["date_of_birth"], str(exc)))
        else:
            if dob > today:
                problems.append(
                    RowProblem(line, names["date_of_birth"], "The date of birth is in the future.")
                )
            elif dob < EARLIEST_BIRTH:
                problems.append(RowProblem(line, names["date_of_birth"], "The date of birth is before 1900."))
    admission: dt.date | None = None
    if cells.get("admission_date"):
        try:
            admission = parse_sheet_date(cells["admission_date"], order, today)
        except ValueError as exc:
            problems.append(RowProblem(line, names["admission_date"], str(exc)))
        else:
            if admission > today:
                problems.append(
                    RowProblem(line, names["admission_date"], "The admission date is in the future.")
                )
            elif dob is not None and admission < dob:
                problems.append(
                    RowProblem(
                        line, names["admission_date"], "The admission date is before the date of birth."
                    )
                )
    status: str | None = None
    if cells.get("status"):
        status = status_key(cells["status"])
        if status is None:
            allowed = ", ".join(vocab.CLIENT_STATUSES.values())
            problems.append(
                RowProblem(
                    line, names["status"], f"“{cells['status'][:40]}” is not a client status (use {allowed})."
                )
            )
    level: str | None = None
    if cells.get("level_of_care"):
        level = level_code(cells["level_of_care"])
    population: str | None = None
    if cells.get("population"):
        population = population_key(cells["population"])
        if population is None:
            problems.append(
                RowProblem(
                    line,
                    names["population"],
                    f"“{cells['population'][:40]}” is not a population (use Adult or Adolescent).",
                )
            )
    if problems or dob is None:
        return None, problems
    return RosterRow(
        line=line,
        date_of_birth=dob,
        admission_date=admission,
        status=status,
        level_of_care=level,
        population=population,
        **values,
    ), problems
