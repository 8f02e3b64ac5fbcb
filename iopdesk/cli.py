"""The ``iopdesk`` command: opens the program, or runs one task from a terminal.

Exit status: 0 success, 1 failure (one line on stderr saying why), 2 bad usage.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence


def build_parser(*, window_only: bool = False) -> argparse.ArgumentParser:
    """The whole command line; ``window_only`` leaves out the task commands (faster to build)."""
    parser = argparse.ArgumentParser(
        prog="iopdesk",
        description="IOPdesk: group rosters, attendance and session notes for Intensive Outpatient Programs.",
    )
    parser.add_argument(
        "--version", action=_Version, help="show the version, the SQLite library and the Qt in use"
    )
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
    parser.add_argument(
        "--exit-at-sign-in",
        action="store_true",
        help="start, show the sign-in screen, wait until it is painted and idle, then exit 0 (for "
        "timing it; a clinic with no sign-in screen exits once its main window is idle)",
    )
    parser.set_defaults(handler=run_window)  # no command named: the window
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("run", help="open the program (the default)")
    if window_only:
        return parser

    from iopdesk.commands import (
        account_cmds,
        chart_cmd,
        export_cmds,
        notes_cmds,
        roster_cmds,
        score_cmd,
        settings_cmd,
        store_cmds,
        sync_cmd,
    )
    from iopdesk.commands.common import Parsers

    parsers = Parsers(sub)
    for module in (
        store_cmds,
        roster_cmds,
        export_cmds,
        notes_cmds,
        chart_cmd,
        account_cmds,
        settings_cmd,
        score_cmd,
        sync_cmd,
    ):
        module.register(parsers)
    return parser


class _Version(argparse.Action):
    """``--version``: IOPdesk's version, the SQLite library it uses and its Qt (asked only when given)."""

    def __init__(self, option_strings: Sequence[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *_args: object, **_kwargs: object) -> None:
        from iopdesk.versions import version_line

        print(version_line())
        parser.exit()


def run_window(args: argparse.Namespace) -> int:
    from iopdesk.app import run_gui  # the window's modules: only when it opens

    return run_gui(
        args.db,
        user=args.user,
        demo=args.demo,
        exit_after_startup=args.exit_after_startup,
        exit_at_sign_in=args.exit_at_sign_in,
    )


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


# The window's own options, as build_parser spells them: a flag, or an option taking a value.
_WINDOW_FLAGS = {
    "--demo": "demo",
    "--exit-after-startup": "exit_after_startup",
    "--exit-at-sign-in": "exit_at_sign_in",
}
_WINDOW_VALUES = {"--db": "db", "--user": "user"}


def window_arguments(words: Sequence[str]) -> argparse.Namespace | None:
    """What ``build_parser(window_only=True).parse_args(words)`` gives for the window's usual
    command lines, read without building that parser: its help texts and their gettext look-ups
    cost about 3 ms of every start, before the sign-in screen. Each option spelt out in full, a
    value not starting with "-", ``run`` only last; anything else (an abbreviation, ``--db=…``, a
    missing value) gives None, and argparse reads it (and says what is wrong)."""
    args = argparse.Namespace(
        db=os.environ.get("IOPDESK_DB"),
        user=os.environ.get("IOPDESK_USER"),
        demo=False,
        exit_after_startup=False,
        exit_at_sign_in=False,
        handler=run_window,
        command=None,
    )
    rest = list(words)
    if rest and rest[-1] == "run":
        args.command = rest.pop()
    values = iter(rest)
    for word in values:
        if word in _WINDOW_FLAGS:
            setattr(args, _WINDOW_FLAGS[word], True)
            continue
        value = next(values, None)
        if word not in _WINDOW_VALUES or value is None or value.startswith("-"):
            return None
        setattr(args, _WINDOW_VALUES[word], value)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    window = opens_window(words)
    if window:
        # Start-up allocates much and frees little: collecting garbage meanwhile is wasted
        # time. The application turns the collector back on once its event loop runs.
        gc.disable()
    try:
        args = window_arguments(words) if window else None
        return _run(args or build_parser(window_only=window).parse_args(words))
    finally:
        gc.enable()


def _run(args: argparse.Namespace) -> int:
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        print("iopdesk: interrupted", file=sys.stderr)
        return 1
    except Exception as exc:
        reason, code = _reason(exc)
        if reason is None:
            raise
        print(f"iopdesk: {reason}", file=sys.stderr)
        return code


def _reason(exc: Exception) -> tuple[Exception | None, int]:
    """What to tell the person at the keyboard, in one line, and the exit status; None for a bug.
    A database failing under a read counts too (store/errors.py)."""
    from iopdesk.commands.common import UsageError
    from iopdesk.domain.kernel.errors import DomainError
    from iopdesk.store.errors import classify

    if isinstance(exc, UsageError):
        return exc, 2
    if isinstance(exc, DomainError):
        return exc, 1
    if isinstance(exc, MemoryError):  # a damaged record whose length claims gigabytes
        return MemoryError("damaged: the database holds a record too large to read; run iopdesk check"), 1
    return classify(exc), 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
