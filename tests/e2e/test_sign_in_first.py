"""The sign-in screen of an encrypted clinic comes first: drawn from its key file, before the
database library, the domain and the views are loaded (``--exit-at-sign-in`` times it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.test_program import MAIN, ROOT, env, run, run_code

pytestmark = pytest.mark.e2e

# Runs the real command line in a fresh interpreter, then says which heavy modules it had loaded.
PROBE = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
from iopdesk.cli import main
code = main(sys.argv[1:])
heavy = ("peewee", "iopdesk.store.models", "iopdesk.domain.access.accounts", "iopdesk.ui.main_window",
         "iopdesk.ui.views.today", "argon2", "cryptography", "faker")
print("loaded:", ",".join(m for m in heavy if m in sys.modules))
# Lighter, but each a few milliseconds before the screen (the key file's hashing, the log file's
# rotation, html.escape's entities, the crash dialogs): loaded once the person types.
light = ("hashlib", "secrets", "logging.handlers", "html", "iopdesk.ui.crash_dialogs",
         "iopdesk.ui.kit.prompts")
print("light:", ",".join(m for m in light if m in sys.modules))
# PySide6 builds a class when it is first used; its Qt namespace builds every Qt enum (about 12 ms).
# (A PySide6 that built every class at once would have QTimeLine too, which IOPdesk never uses.)
classes = vars(sys.modules["PySide6.QtCore"])
print("Qt namespace:", "eager" if "QTimeLine" in classes else "built" if "Qt" in classes else "not built")
sys.exit(code)
"""


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, Path]:
    home = tmp_path_factory.mktemp("home")
    db = home / "demo.sqlite3"
    built = run(home, "--db", str(db), "demo")
    assert built.returncode == 0, built.stderr
    return home, db


def test_the_sign_in_screen_is_painted_before_the_database_library_loads(demo):
    home, db = demo
    result = run_code(home, PROBE, "--db", str(db), "--exit-at-sign-in", timeout=120)
    assert result.returncode == 0, result.stderr
    assert "iopdesk: idle at monotonic_ns=" in result.stdout
    assert "loaded: \n" in result.stdout, result.stdout  # none of them
    assert "light: \n" in result.stdout, result.stdout
    assert "Qt namespace: built" not in result.stdout, result.stdout


def test_exit_at_sign_in_waits_for_no_one_and_opens_nothing(demo):
    home, db = demo
    keys = db.with_name(db.name + ".keys")
    before = (db.stat().st_mtime_ns, keys.read_bytes())
    # A password in the environment does not sign in: the screen is what is timed.
    result = run(home, "--db", str(db), "--exit-at-sign-in", IOPDESK_USER="counselor", IOPDESK_PASSWORD="x")
    assert result.returncode == 0, result.stderr
    assert (db.stat().st_mtime_ns, keys.read_bytes()) == before  # no attempt noted, nothing opened
    assert (
        "--exit-at-sign-in"
        in subprocess.run(
            [sys.executable, MAIN, "--help"], capture_output=True, text=True, env=env(home), timeout=60
        ).stdout
    )


def test_a_clinic_with_no_sign_in_screen_exits_once_its_window_is_idle(tmp_path):
    # A brand-new clinic: timing skips its first run, as --exit-after-startup does.
    result = run(tmp_path, "--db", str(tmp_path / "clinic.sqlite3"), "--exit-at-sign-in")
    assert result.returncode == 0, result.stderr
    assert "iopdesk: idle at monotonic_ns=" in result.stdout
