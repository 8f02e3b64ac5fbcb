"""`iopdesk sync conflicts`: what lost a merge, in words a person reads, found by chart number."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from iopdesk.cli import main
from iopdesk.domain.clients.clients import ClientDraft, add_client
from iopdesk.domain.clinic.setup import ensure_local_setup
from iopdesk.domain.kernel.ids import setting_id
from iopdesk.store.database import Target, open_database
from iopdesk.store.models import Staff
from iopdesk.store.models import database as proxy
from iopdesk.store.sync_models import SyncConflict

SURNAME = "Quillinghast"  # an invented client; must never reach the terminal


@pytest.fixture
def clinic(tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "clinic.sqlite3"
    db = open_database(Target(path=path))
    try:
        actor = ensure_local_setup("tester")
        Staff.create(username="ada", display_name="Ada Admin", role="administrator", home_site=actor.site_id)
        client = add_client(actor, ClientDraft("Odalys", SURNAME, dt.date(1979, 3, 2)))
        SyncConflict.create(
            table_name="attendance",
            row_id="a" * 32,
            client_id=client.id,
            kept_hash="0" * 64,
            lost="{}",
            created_at=dt.datetime(2026, 12, 1, 14, 5),
        )
        SyncConflict.create(
            table_name="holiday",
            row_id="b" * 32,
            kept_hash="0" * 64,
            lost="{}",
            created_at=dt.datetime(2026, 12, 2, 9, 30),
            resolved_at=dt.datetime(2026, 12, 3, 10, 0),
        )
        chart = client.chart_number
    finally:
        db.close()
        proxy.initialize(None)
    return path, chart


def run(capsys, *argv):  # type: ignore[no-untyped-def]
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_list_names_the_kind_of_record_and_the_chart_never_the_client(capsys, clinic):  # type: ignore[no-untyped-def]
    path, chart = clinic
    code, out, _ = run(capsys, "--db", str(path), "--user", "ada", "sync", "conflicts")
    assert code == 0
    header, *rows = out.splitlines()
    assert header.split() == ["ID", "STATE", "RECORD", "CHART", "KEPT", "SINCE", "(UTC)"]
    assert len(rows) == 1  # the settled one only with --all
    assert "open" in rows[0] and "Attendance mark" in rows[0] and chart in rows[0]
    assert "2026-12-01 14:05" in rows[0]
    assert "attendance " not in rows[0]  # the table's own name is not what a person settles
    assert SURNAME not in out and "Odalys" not in out


def test_all_shows_the_settled_too_and_a_record_of_no_client_has_no_chart(capsys, clinic):  # type: ignore[no-untyped-def]
    path, _chart = clinic
    code, out, _ = run(capsys, "--db", str(path), "--user", "ada", "sync", "conflicts", "--all")
    assert code == 0
    holiday = next(line for line in out.splitlines() if "Holiday" in line)
    assert "settled" in holiday and " - " in holiday


def test_no_conflicts_says_so(capsys, tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "empty.sqlite3"
    db = open_database(Target(path=path))
    try:
        actor = ensure_local_setup("tester")
        Staff.create(username="ada", display_name="Ada Admin", role="administrator", home_site=actor.site_id)
    finally:
        db.close()
        proxy.initialize(None)
    code, out, _ = run(capsys, "--db", str(path), "--user", "ada", "sync", "conflicts")
    assert (code, out.strip()) == (0, "No sync conflicts.")


def test_a_clinic_setting_is_named_by_its_title_never_its_key(capsys, clinic):  # type: ignore[no-untyped-def]
    path, _chart = clinic
    db = open_database(Target(path=path))
    try:
        lost = {
            "id": setting_id("part2_notice").hex,
            "key": "part2_notice",
            "value": json.dumps("Protected by 42 CFR part 2 (the wording that lost)."),
            "updated_at": "2026-12-04 08:00:00.000000",
            "version": 2,
        }
        SyncConflict.create(
            table_name="clinic_setting",
            row_id=setting_id("part2_notice").hex,
            kept_hash="0" * 64,
            lost=json.dumps(lost),
            created_at=dt.datetime(2026, 12, 4, 8, 0),
        )
    finally:
        db.close()
        proxy.initialize(None)
    code, out, _ = run(capsys, "--db", str(path), "--user", "ada", "sync", "conflicts")
    assert code == 0
    header, *rows = out.splitlines()
    assert header.split() == ["ID", "STATE", "RECORD", "CHART", "KEPT", "SINCE", "(UTC)"]
    line = next(row for row in rows if "Clinic setting" in row)
    assert "Clinic setting: 42 CFR Part 2 notice on disclosures" in line and "2026-12-04 08:00" in line
    assert "part2_notice" not in out and "wording that lost" not in out
    # The columns stay lined up under their headings, however long a setting's title.
    assert {row.index("2026-12-") for row in rows} == {header.index("KEPT")}
