"""Start-up of the windowed program.

Order matters: args → paths → logging and crash trail → the clinic through the front
door → QApplication → sign-in → main window. An encrypted clinic stays locked until
someone signs in: its sign-in screen is drawn from the key file alone, before the
database library, the domain and the views are loaded (ui/signin/flow.py). A plain
file or a server is opened and migrated before Qt exists, so a store problem is
reported plainly instead of half-drawing a window.
"""

from __future__ import annotations

import logging
import sys

from iopdesk.domain.access import locked as key_file
from iopdesk.front_door import locate, open_clinic, prepare
from iopdesk.store.errors import StoreError
from iopdesk.store.target import Target

log = logging.getLogger(__name__)


def run_gui(
    location: str | None,
    *,
    user: str | None,
    demo: bool,
    exit_after_startup: bool,
    exit_at_sign_in: bool = False,
) -> int:
    paths = prepare()
    if demo and not location:
        target = locate(None, paths, demo=True)
        if _demo_needs_building(target):  # not built yet, or a build that was interrupted
            from iopdesk.demo.clinic_file import build_demo_database

            print("Building the demo clinic (first use)…", file=sys.stderr)
            build_demo_database(target, "small", 1)
    # An encrypted clinic stays locked here: the sign-in screen opens it.
    with open_clinic(location, demo=demo, create=True, stay_locked=True, paths=paths) as opened:
        # Sign-in (or the first run), the main window, and back to sign-in after "Switch user".
        from iopdesk.ui.signin.flow import StartOptions, run_program

        return run_program(
            opened,
            StartOptions(user=user, exit_after_startup=exit_after_startup, exit_at_sign_in=exit_at_sign_in),
        )


def _demo_needs_building(target: Target) -> bool:
    """No demo database yet, or one whose build did not finish (read from its key file alone)."""
    assert target.path is not None
    if not target.path.exists():
        return True
    try:
        state = key_file.locked(target)
    except StoreError:
        return False  # an unreadable key file: opening it will say what is wrong
    return state is not None and state.building
