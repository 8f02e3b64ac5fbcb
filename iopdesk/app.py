"""Start-up of the windowed program.

Order matters: args → paths → logging and crash trail → open and migrate the
store → QApplication → sign-in → main window. The database is ready before Qt exists,
so a store problem is reported plainly instead of half-drawing a window.
"""

from __future__ import annotations

import logging
import sys

from iopdesk.front_door import locate, open_clinic, prepare

log = logging.getLogger(__name__)


def run_gui(location: str | None, *, user: str | None, demo: bool, exit_after_startup: bool) -> int:
    paths = prepare()
    if demo and not location:
        target = locate(None, paths, demo=True)
        assert target.path is not None
        from iopdesk.demo.clinic_file import build_demo_database, needs_building

        if needs_building(target):  # not built yet, or a build that was interrupted
            print("Building the demo clinic (first use)…", file=sys.stderr)
            build_demo_database(target, "small", 1)
    # An encrypted clinic stays locked here: the sign-in screen opens it.
    with open_clinic(location, demo=demo, create=True, stay_locked=True, paths=paths) as opened:
        # Sign-in (or the first run), the main window, and back to sign-in after "Switch user".
        from iopdesk.ui.signin.flow import StartOptions, run_program

        return run_program(opened, StartOptions(user=user, exit_after_startup=exit_after_startup))
