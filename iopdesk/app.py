"""Start-up of the windowed program.

Order matters: args → paths → logging and crash trail → open and migrate the
store → QApplication → sign-in → main window. The database is ready before Qt exists,
so a store problem is reported plainly instead of half-drawing a window.
"""

from __future__ import annotations

import argparse
import logging
import sys

from iopdesk.startup import open_store, prepare, target_for

log = logging.getLogger(__name__)


def run_gui(args: argparse.Namespace) -> int:
    paths = prepare(args)
    if args.demo and not args.db:
        target = target_for(args, paths, demo=True)
        assert target.path is not None
        if not target.path.exists():
            from iopdesk.commands.store_cmds import build_demo_database

            print("Building the demo clinic (first use)…", file=sys.stderr)
            build_demo_database(target, "small", 1)
    # An encrypted clinic stays locked here: the sign-in screen opens it.
    opened = open_store(args, paths, demo=args.demo, sign_in_now=False)

    # Sign-in (or the first run), the main window, and back to sign-in after "Switch user".
    from iopdesk.ui.signin.flow import run_program

    return run_program(opened, args)
