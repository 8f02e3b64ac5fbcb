"""`iopdesk settings list|set`: the clinic's settings from a terminal, checked like the domain checks them."""

from __future__ import annotations

import json

import pytest

from iopdesk.cli import main
from iopdesk.domain.clinic.setup import ensure_local_setup
from iopdesk.domain.kernel import settings
from iopdesk.store.database import Target, open_database
from iopdesk.store.models import AuditEvent, Staff
from iopdesk.store.models import database as proxy


@pytest.fixture
def clinic(tmp_path):
    path = tmp_path / "clinic.sqlite3"
    db = open_database(Target(path=path))
    try:
        actor = ensure_local_setup("tester")  # a supervisor
        Staff.create(
            username="casey", display_name="Casey Counselor", role="counselor", home_site=actor.site_id
        )
    finally:
        db.close()
        proxy.initialize(None)
    return path


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def stored(path, key):
    db = open_database(Target(path=path))
    try:
        return settings.get(key), [
            json.loads(e.changes) for e in AuditEvent.select().where(AuditEvent.record_id == key)
        ]
    finally:
        db.close()
        proxy.initialize(None)


def test_list_shows_every_setting_with_value_default_and_range(capsys, clinic):
    code, out, _ = run(capsys, "--db", str(clinic), "--user", "tester", "settings", "list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["KEY", "VALUE", "DEFAULT", "ALLOWED", "TITLE"]
    limit = next(line for line in lines if line.startswith("absence_limit "))
    assert "a whole number from 0 to 100" in limit and "Absences allowed in the absence window" in limit
    assert any(line.startswith("unexcused_in_a_row ") for line in lines)
    notice = next(line for line in lines if line.startswith("part2_notice "))
    assert "…" in notice  # long texts are cut short in the list


def test_list_one_key_shows_it_in_full(capsys, clinic):
    code, out, _ = run(capsys, "--db", str(clinic), "--user", "tester", "settings", "list", "part2_notice")
    assert code == 0 and settings.PART2_NOTICE in out and "allowed: text of 1 to 5,000" in out


def test_set_changes_and_audits(capsys, clinic):
    code, out, _ = run(
        capsys, "--db", str(clinic), "--user", "tester", "settings", "set", "absence_limit", "4"
    )
    assert (code, out) == (0, "absence_limit: 6 -> 4\n")
    assert stored(clinic, "absence_limit") == (4, [{"absence_limit": [6, 4]}])


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        ("absence_limit", "-5", "absence_limit (Absences allowed in the absence window) must be a whole "
         "number from 0 to 100; -5 is out of range."),
        ("absence_limit", "many", "'many' is not a whole number"),
        ("part2_notice", "", "part2_notice (42 CFR Part 2 notice on disclosures) cannot be blank."),
        ("date_order", "YMD", "date_order (Date order in imported files (MDY or DMY)) must be MDY or DMY"),
    ],
)  # fmt: skip
def test_a_value_not_allowed_is_refused_in_one_line_exit_1(capsys, clinic, key, value, says):
    before = stored(clinic, key)
    code, _, err = run(capsys, "--db", str(clinic), "--user", "tester", "settings", "set", key, value)
    assert code == 1 and says in err and err.startswith("iopdesk: ") and err.count("\n") == 1
    assert stored(clinic, key) == before


def test_an_unknown_setting_is_a_usage_error_exit_2(capsys, clinic):
    code, _, err = run(capsys, "--db", str(clinic), "--user", "tester", "settings", "set", "nope", "1")
    assert code == 2 and "no setting called 'nope'" in err and err.count("\n") == 1


def test_only_administrators_and_supervisors_change_settings(capsys, clinic):
    code, _, err = run(
        capsys, "--db", str(clinic), "--user", "casey", "settings", "set", "absence_limit", "4"
    )
    assert code == 1 and "change clinic settings" in err and err.count("\n") == 1
    assert stored(clinic, "absence_limit")[0] == 6
