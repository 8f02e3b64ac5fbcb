"""A plain clinic file whose accounts have no passwords yet opens straight into its main window:
what that start loads is only what the window and Today need (``--exit-after-startup`` times it).
What is left out loads once the window is idle (ui/warm_up.py's LATER) or when first used."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_program import ROOT, run_code

pytestmark = pytest.mark.e2e

BUILD = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
from pathlib import Path
from iopdesk.demo.clinic_file import build_demo_database
from iopdesk.store import driver
from iopdesk.store.target import Target
path = Path(sys.argv[1])
build_demo_database(Target.parse(path), "small", 1, encrypt=False)
con = driver.connect(str(path))
con.execute("UPDATE staff SET password_hash = NULL")  # a clinic that never turned sign-in on
con.commit()
con.close()
"""

# Records each module PySide6's import hook reads the source of, runs the real command line in a
# fresh interpreter, then says which of the modules a start without passwords never needs it loaded.
PROBE = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
import shiboken6
from shibokensupport import feature
read = []
searched = feature._mod_uses_pyside
def recorded(module):
    if "iopdesk.ui" in sys.modules:  # the real start imports the store and domain before PySide6
        read.append(getattr(module, "__name__", "?"))
    return searched(module)
feature._mod_uses_pyside = recorded
from iopdesk.cli import main
code = main(sys.argv[1:])
unneeded = ("iopdesk.ui.lock.controller", "iopdesk.domain.access.unlock", "iopdesk.domain.sync.hub",
            "iopdesk.domain.sync.service", "iopdesk.ui.sync.hub_run",
            "iopdesk.ui.views.measures.give_dialog", "iopdesk.ui.views.measures.alert_dialogs")
print("loaded:", ",".join(m for m in unneeded if m in sys.modules))
print("read:", ",".join(m for m in read if m.startswith("iopdesk")))
print("others read:", len(read))
sys.exit(code)
"""


@pytest.fixture(scope="module")
def plain_clinic(tmp_path_factory) -> tuple[Path, Path]:
    home = tmp_path_factory.mktemp("home")
    db = home / "plain.sqlite3"
    built = run_code(home, BUILD, str(db))
    assert built.returncode == 0, built.stderr
    return home, db


def test_a_start_without_passwords_loads_no_lock_no_sync_and_no_dialog(plain_clinic):
    home, db = plain_clinic
    result = run_code(home, PROBE, "--db", str(db), "--exit-after-startup", timeout=120)
    assert result.returncode == 0, result.stderr
    assert "iopdesk: idle at monotonic_ns=" in result.stdout
    assert "loaded: \n" in result.stdout, result.stdout  # none of them
    # PySide6 was told about IOPdesk's modules (ui/pyside_scan.py): it read none of their files but
    # the one that tells it, while it still searched the other modules imported after it (the
    # probe's hook is live).
    assert "read: iopdesk.ui.pyside_scan\n" in result.stdout, result.stdout
    others = int(result.stdout.split("others read:")[1].split()[0])
    assert others > 0, result.stdout
