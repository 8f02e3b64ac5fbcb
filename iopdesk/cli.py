"""The ``iopdesk`` command: opens the program, or runs one task from a terminal.

Exit status: 0 success, 1 failure (one line on stderr saying why), 2 bad usage.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence

from iopdesk import __version__

COMMANDS = (
    "run",
    "demo",
    "check",
    "backup",
    "restore",
    "encrypt",
    "import-roster",
    "export",
    "setup",
    "staff",
    "password",
    "recover",
    "audit",
)


class UsageError(Exception):
    """The command line itself was wrong (exit 2)."""


def build_parser(*, window_only: bool = False) -> argparse.ArgumentParser:
    """The whole command line; ``window_only`` leaves out the task commands (faster to build)."""
    parser = argparse.ArgumentParser(
        prog="iopdesk",
        description="IOPdesk: group rosters, attendance and session notes for Intensive Outpatient Programs.",
    )
    parser.add_argument("--version", action="version", version=f"IOPdesk {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        default=os.environ.get("IOPDESK_DB"),
        help="the clinic database: a SQLite file, or a postgresql:// URL (default: $IOPDESK_DB, "
        "else clinic.sqlite3 in your user data folder)",
    )
    parser.add_argument(
        "--user",
        default=os.environ.get("IOPDESK_USER"),
        help="act as this staff account (default: $IOPDESK_USER, else your login name); once accounts "
        "have passwords, the password comes from $IOPDESK_PASSWORD or a prompt",
    )
    parser.add_argument("--demo", action="store_true", help="open the demo clinic (built on first use)")
    parser.add_argument(
        "--exit-after-startup",
        action="store_true",
        help="start, show the main window, wait until idle, then exit 0 (for timing start-up)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("run", help="open the program (the default)")
    if window_only:
        return parser

    demo = sub.add_parser("demo", help="build the demo clinic (replaces an earlier demo database)")
    demo.add_argument("--size", choices=("small", "large"), default="small")
    demo.add_argument("--seed", type=int, default=1, help="same seed, same clinic (default 1)")

    sub.add_parser("check", help="integrity check, schema version and row counts")

    backup = sub.add_parser("backup", help="copy the database to DEST (verified after writing)")
    backup.add_argument("dest", metavar="DEST", help="a new file, or a folder to put a dated backup in")

    restore = sub.add_parser("restore", help="replace the database with the backup SRC (current kept aside)")
    restore.add_argument("src", metavar="SRC")
    restore.add_argument(
        "--recovery-key",
        action="store_true",
        help="onto a new computer when no administrator password is known: open the backup with the "
        "recovery key ($IOPDESK_RECOVERY_KEY or a prompt) and set a new password for --user",
    )

    sub.add_parser(
        "encrypt",
        help="encrypt a clinic database made before IOPdesk encrypted new ones (administrators; "
        "prints a new recovery key)",
    )

    from iopdesk.commands.roster_cmds import add_export_roster_parser, add_import_parser

    add_import_parser(sub)

    export = sub.add_parser("export", help="write a report to a file (CSV or PDF)")
    reports = export.add_subparsers(dest="report", metavar="REPORT", required=True)
    from iopdesk.commands import export_cmds, notes_cmds

    export_cmds.add_parsers(reports)
    add_export_roster_parser(reports)
    notes_cmds.add_parser(reports)

    from iopdesk.commands import account_cmds

    account_cmds.add_parsers(sub)
    return parser


def opens_window(argv: Sequence[str]) -> bool:
    """No task named and no help asked for: the window opens, so the task commands' parsers
    (and the modules behind them) need not be loaded: start-up is measured against a bare
    Qt window, and every import counts. Anything unusual gets the full parser."""
    words = iter(argv)
    for word in words:
        if word in ("--db", "--user"):
            next(words, None)  # its value
        elif word in ("-h", "--help") or not (word.startswith("-") or word == "run"):
            return False
    return True


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    window = opens_window(words)
    if window:
        # Start-up allocates much and frees little: collecting garbage meanwhile is wasted
        # time. The application turns the collector back on once its event loop runs.
        gc.disable()
    try:
        return _run(build_parser(window_only=window).parse_args(words))
    finally:
        gc.enable()


def _run(args: argparse.Namespace) -> int:
    command = args.command or "run"
    from iopdesk.domain.kernel.errors import DomainError
    from iopdesk.store.errors import StoreError, classify

    try:
        if command == "run":
            from iopdesk.app import run_gui

            return run_gui(args)
        from iopdesk import commands

        return commands.dispatch(command, args)
    except (StoreError, DomainError, UsageError) as exc:
        print(f"iopdesk: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, UsageError) else 1
    except KeyboardInterrupt:
        print("iopdesk: interrupted", file=sys.stderr)
        return 1
    except Exception as exc:  # a database failing under a read (store/errors.py): one line too
        failure = classify(exc)
        if failure is None:
            raise
        print(f"iopdesk: {failure}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
