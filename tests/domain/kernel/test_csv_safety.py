"""The spreadsheet-formula guard: one rule (kernel/csv_safety.py), and every CSV export goes through it."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

import iopdesk
from iopdesk.domain.attendance.marking import mark
from iopdesk.domain.kernel.csv_safety import FORMULA_STARTS, csv_text, neutralize, restore
from iopdesk.domain.overviews.attendance_reports import export_attendance_csv, export_hours_csv
from iopdesk.domain.overviews.audit_trail import export_audit_csv
from iopdesk.domain.roster_files.export import export_roster
from tests.support import factories as f
from tests.support.factories import MONDAY, TODAY

DANGEROUS = ["=1+1", "+1 555 0100", "-2", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("x")', "=cmd|' /C calc'!A0"]


@pytest.mark.parametrize("dangerous", DANGEROUS)
def test_formula_cells_are_neutralized(dangerous):
    assert neutralize(dangerous) == "'" + dangerous
    assert restore(neutralize(dangerous)) == dangerous


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_every_dangerous_first_character_is_guarded(prefix):
    assert prefix in FORMULA_STARTS
    assert neutralize(prefix + "x") == "'" + prefix + "x"
    assert neutralize(prefix) == "'" + prefix


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Sam R.", "Sam R."),
        (None, ""),
        (180, "180"),
        (-5, "'-5"),
        ("", ""),
        (dt.date(1985, 3, 14), "1985-03-14"),
    ],
)
def test_neutralize(raw, safe):
    assert neutralize(raw) == safe


@pytest.mark.parametrize("safe", ["Maria", "555-0100", "", "O'Neil", "1985-03-14", " =x", "'=x"])
def test_ordinary_cells_are_left_alone(safe):
    assert neutralize(safe) == safe


@pytest.mark.parametrize("cell", ["'", "'x", "O'Neil", "''=x", "Maria"])
def test_restore_takes_off_only_the_guard_quote(cell):
    assert restore(cell) == cell


def test_csv_text_guards_the_header_the_rows_and_the_notice():
    text = csv_text(["=h", "ok"], [["@a", 1], ["b", None]], notice="-notice")
    assert text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows == [["'=h", "ok"], ["'@a", "1"], ["b", ""], [], ["'-notice"]]
    assert list(csv.reader(io.StringIO(csv_text(["h"], []), newline=""))) == [["h"]]


def cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def test_every_csv_export_neutralizes_what_a_client_typed(db, actor, monkeypatch):
    f.pin_today(monkeypatch)
    grp = f.group(actor, "-Evening")
    evil = f.client(actor, "=cmd|' /C calc'!A0", "+Plus", chart="C-100")
    evil.phone, evil.emergency_contact_name = "+1 555 0100", "@Mom"
    evil.save()
    f.enroll(actor, evil, grp, MONDAY - dt.timedelta(days=30))
    session = f.session(actor, grp, MONDAY)
    mark(actor, session.id, evil.id, "present")

    exports = {
        "roster of a group": export_roster(actor, "-Evening", today=TODAY),
        "roster of everyone": export_roster(actor, today=TODAY),
        "attendance": export_attendance_csv(actor, MONDAY, TODAY),
        "hours": export_hours_csv(actor, TODAY),
        "audit trail": export_audit_csv(actor),
    }
    for name, text in exports.items():
        found = cells(text)
        assert any(cell.startswith("'=cmd") for cell in found), name  # the client is in it, guarded
        assert not [c for c in found if c.startswith(FORMULA_STARTS)], name
    assert "'-Evening" in cells(exports["roster of a group"])
    assert "'+1 555 0100" in cells(exports["roster of everyone"])


def test_no_module_writes_csv_but_the_guard():
    """A new export that made its own csv.writer would skip the guard: all CSV goes through csv_text."""
    root = Path(iopdesk.__file__).parent
    writers = sorted(
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "csv.writer" in path.read_text(encoding="utf-8")
        or "DictWriter" in path.read_text(encoding="utf-8")
    )
    assert writers == ["domain/kernel/csv_safety.py"]
