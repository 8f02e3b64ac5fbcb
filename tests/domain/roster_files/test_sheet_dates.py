import datetime as dt

import pytest

from iopdesk.domain.roster_files.sheet_dates import parse_sheet_date

TODAY = dt.date(2025, 3, 3)


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("2024-01-05", "MDY", dt.date(2024, 1, 5)),
        ("2024/1/5", "DMY", dt.date(2024, 1, 5)),
        ("1/5/2024", "MDY", dt.date(2024, 1, 5)),
        ("1/5/2024", "DMY", dt.date(2024, 5, 1)),
        ("05.01.2024", "DMY", dt.date(2024, 1, 5)),
        ("1/5/24", "MDY", dt.date(2024, 1, 5)),
        ("1/5/25", "MDY", dt.date(2025, 1, 5)),
        ("1/5/26", "MDY", dt.date(1926, 1, 5)),  # two-digit years never land in the future
        ("3/4/85", "MDY", dt.date(1985, 3, 4)),
        ("20240105", "MDY", dt.date(2024, 1, 5)),
        ("45296", "MDY", dt.date(2024, 1, 5)),  # Excel serial
        ("45296.0", "MDY", dt.date(2024, 1, 5)),
        ("45296.75", "MDY", dt.date(2024, 1, 5)),  # a date and time formatted as General
        ("45296,4375", "DMY", dt.date(2024, 1, 5)),  # the same from a European Excel
        ("2024-01-05 00:00:00", "MDY", dt.date(2024, 1, 5)),
        ("1/5/2024 12:00 AM", "MDY", dt.date(2024, 1, 5)),
        ("2024-01-05T15:00:00.000+0000", "MDY", dt.date(2024, 1, 5)),  # a CRM's export
        ("2024-01-05T00:00:00-05:00", "MDY", dt.date(2024, 1, 5)),
        ("5-Jan-24", "MDY", dt.date(2024, 1, 5)),
        ("January 5, 2024", "DMY", dt.date(2024, 1, 5)),
        ("Fri, 5 Jan 2024", "MDY", dt.date(2024, 1, 5)),
    ],
)
def test_spreadsheet_dates(text, order, expected):
    assert parse_sheet_date(text, order, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2/30/2024", "not a real date"),
        ("13/1/2024", "month/day/year"),
        ("soon", "not a date IOPdesk can read"),
        ("1/5/202", "not a date IOPdesk can read"),
        ("1985", "not a date IOPdesk can read"),
        ("Janx 5 2024", "not a date IOPdesk can read"),
        ("", "not a date IOPdesk can read"),
    ],
)
def test_unreadable_dates_explain_why(text, message):
    with pytest.raises(ValueError, match=message):
        parse_sheet_date(text, "MDY", TODAY)
