"""The command line, called in-process: exit codes and one-line reasons."""

import pytest

from iopdesk.cli import main
from iopdesk.store.driver import dbapi  # the one SQLite library of this process


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def make_db(capsys, path):
    # `check` on a fresh file: creating happens on first open by backup/run; use backup's opener.
    from iopdesk.domain.clinic.setup import ensure_local_setup
    from iopdesk.store.database import Target, open_database

    db = open_database(Target(path=path))
    ensure_local_setup("tester")
    db.close()


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert "IOPdesk" in capsys.readouterr().out


def test_version_names_the_sqlite_library(capsys):
    from iopdesk.store import driver

    with pytest.raises(SystemExit):
        main(["--version"])
    line = capsys.readouterr().out.strip()
    assert f"(SQLite {driver.dbapi.sqlite_version}, " in line
    if driver.HAS_CIPHER:
        assert "SQLCipher 4." in line


def test_bad_usage_exits_2(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["frobnicate"])
    assert exit_.value.code == 2


def test_check_reports_counts_and_sound(capsys, tmp_path):
    path = tmp_path / "c.sqlite3"
    make_db(capsys, path)
    code, out, err = run(capsys, "--db", str(path), "check")
    assert code == 0, err
    assert "integrity: ok" in out and "staff: 1" in out and "result: sound" in out


def test_check_missing_file_is_one_line_failure(capsys, tmp_path):
    code, out, err = run(capsys, "--db", str(tmp_path / "nope.sqlite3"), "check")
    assert code == 1
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "nope.sqlite3").exists()


def test_check_text_file_is_one_line_failure(capsys, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not a database")
    code, _, err = run(capsys, "--db", str(path), "check")
    assert code == 1 and "not a SQLite" in err and "Traceback" not in err


def test_backup_then_restore_round_trip(capsys, tmp_path):
    path = tmp_path / "c.sqlite3"
    make_db(capsys, path)
    backup = tmp_path / "b.sqlite3"
    code, out, err = run(capsys, "--db", str(path), "backup", str(backup))
    assert code == 0, err
    assert "verified" in out
    # Change the live database, then restore the backup over it.
    conn = dbapi.connect(path)
    conn.execute("UPDATE staff SET display_name = 'changed'")
    conn.commit()
    conn.close()
    code, out, err = run(capsys, "--db", str(path), "restore", str(backup))
    assert code == 0, err
    conn = dbapi.connect(path)
    assert conn.execute("SELECT display_name FROM staff").fetchone()[0] == "tester"
    conn.close()
    kept = list(tmp_path.glob("c.before-restore-*"))
    assert len(kept) == 1
    conn = dbapi.connect(kept[0])
    assert conn.execute("SELECT display_name FROM staff").fetchone()[0] == "changed"
    conn.close()


def test_backup_refuses_to_overwrite(capsys, tmp_path):
    path = tmp_path / "c.sqlite3"
    make_db(capsys, path)
    existing = tmp_path / "exists.sqlite3"
    existing.write_text("precious")
    code, _, err = run(capsys, "--db", str(path), "backup", str(existing))
    assert code == 1 and "overwrite" in err
    assert existing.read_text() == "precious"


def test_backup_into_folder_makes_a_dated_file(capsys, tmp_path):
    path = tmp_path / "c.sqlite3"
    make_db(capsys, path)
    folder = tmp_path / "backups"
    folder.mkdir()
    code, _, err = run(capsys, "--db", str(path), "backup", str(folder))
    assert code == 0, err
    assert len(list(folder.glob("iopdesk-backup-*.sqlite3"))) == 1


@pytest.mark.parametrize(
    "content", [b"", b"garbage that is not sqlite", b"SQLite format 3\x00" + b"\xff" * 200]
)
def test_restore_rejects_bad_files_and_changes_nothing(capsys, tmp_path, content):
    path = tmp_path / "c.sqlite3"
    make_db(capsys, path)
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(content)
    code, _, err = run(capsys, "--db", str(path), "restore", str(bad))
    assert code == 1 and "Traceback" not in err
    conn = dbapi.connect(path)
    assert conn.execute("SELECT display_name FROM staff").fetchone()[0] == "tester"
    conn.close()
    assert not list(tmp_path.glob("c.before-restore-*"))


def test_restore_rejects_a_foreign_sqlite_file(capsys, tmp_path):
    path = tmp_path / "c.sqlite3"
    make_db(capsys, path)
    other = tmp_path / "other.sqlite3"
    conn = dbapi.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    code, _, err = run(capsys, "--db", str(path), "restore", str(other))
    assert code == 1 and "not an IOPdesk database" in err


def test_a_database_failing_under_a_command_is_one_line_and_exit_1(capsys, tmp_path, monkeypatch):
    import peewee

    from iopdesk.domain.clinic import setup

    path = tmp_path / "c.sqlite3"
    make_db(capsys, path)

    def busy():  # what a read meets while another workstation holds the file
        raise peewee.OperationalError(dbapi.OperationalError("database is locked"))

    monkeypatch.setattr(setup, "health_check", busy)
    code, _, err = run(capsys, "--db", str(path), "check")
    assert code == 1 and "Traceback" not in err
    assert err == "iopdesk: The database is busy: another workstation is saving. Try again in a moment.\n"


def test_version_names_sqlcipher_as_loaded_and_qt(capsys):
    """The SQLCipher version is the loaded library's own answer (PRAGMA cipher_version), with the
    package it came from; Qt is the one loaded at run time, with its PySide6."""
    import PySide6
    from PySide6 import QtCore

    from iopdesk.store import driver

    with pytest.raises(SystemExit):
        main(["--version"])
    line = capsys.readouterr().out.strip()
    assert f"Qt {QtCore.qVersion()}, PySide6 {PySide6.__version__}" in line
    if driver.HAS_CIPHER:
        con = driver.dbapi.connect(":memory:")
        loaded = str(con.execute("PRAGMA cipher_version").fetchone()[0]).split()[0]
        con.close()
        assert f"SQLCipher {loaded}, " in line and "from sqlcipher3 0.6." in line


WINDOW_COMMAND_LINES = [
    [],
    ["run"],
    ["--demo"],
    ["--db", "/tmp/clinic.sqlite3", "--exit-at-sign-in"],
    ["--exit-after-startup", "--user", "casey", "--db", "a.sqlite3", "--db", "b.sqlite3", "run"],
    ["--db", ""],
    # Not the fast path's: argparse reads these (an abbreviation, "=", a missing value, "run" first…)
    ["--db", "run"],  # a database called "run"
    ["--dem"],
    ["--db=/tmp/clinic.sqlite3"],
    ["--db", "-x"],
    ["run", "--demo"],
    ["--user"],
]


@pytest.mark.parametrize("words", WINDOW_COMMAND_LINES, ids=" ".join)
@pytest.mark.parametrize("environment", [{}, {"IOPDESK_DB": "env.sqlite3", "IOPDESK_USER": "pat"}])
def test_the_window_command_line_reads_as_argparse_reads_it(words, environment, monkeypatch):
    """window_arguments skips building the parser (about 3 ms of every start): what it reads is what
    argparse would have read, and what it does not read it leaves to argparse."""
    from iopdesk.cli import build_parser, opens_window, window_arguments

    monkeypatch.delenv("IOPDESK_DB", raising=False)
    monkeypatch.delenv("IOPDESK_USER", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert opens_window(words)
    fast = window_arguments(words)
    if fast is None:
        assert WINDOW_COMMAND_LINES.index(words) >= 6  # only the unusual ones fall back
        return
    assert vars(fast) == vars(build_parser(window_only=True).parse_args(words))
