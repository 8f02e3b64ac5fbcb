"""What every command shares: its global options as plain values, how it registers its parsers,
usage errors, secrets typed at the terminal, dates, and writing a text file."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import shutil
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from iopdesk.front_door import Credentials, Opened, open_clinic
from iopdesk.store.errors import StoreError, os_reason

NEW_PASSWORD_VARIABLE = "IOPDESK_NEW_PASSWORD"
RECOVERY_KEY_VARIABLE = "IOPDESK_RECOVERY_KEY"
# UTF-8 with a byte-order mark, so Excel reads accented names right (the window writes the same).
CSV_ENCODING = "utf-8-sig"

Handler = Callable[[argparse.Namespace], int]


class UsageError(Exception):
    """The command line itself was wrong (exit 2)."""


@dataclass(frozen=True)
class Options:
    """The options every command takes (``--db``, ``--user``, ``--demo``), as plain values."""

    db: str | None = None
    user: str | None = None
    demo: bool = False

    @classmethod
    def of(cls, args: argparse.Namespace) -> Options:
        return cls(args.db, args.user, args.demo)

    def credentials(self) -> Credentials:
        return Credentials(self.user)

    def open(self, *, act: bool = True, **how: Any) -> AbstractContextManager[Opened]:
        """The clinic these options name, through the front door; by default signed in, with
        ``Opened.actor`` the person acting. ``how``: front_door.open_clinic's other choices."""
        how.setdefault("credentials", self.credentials())
        return open_clinic(self.db, demo=self.demo, act=act, **how)


class Parsers:
    """Where a command module adds its parsers: ``iopdesk COMMAND`` and ``iopdesk export REPORT``.

    Each parser names its handler (``set_defaults(handler=...)``): a function of the parsed
    arguments that takes the plain values out and calls the command.
    """

    def __init__(self, commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
        self.commands = commands
        self._reports: argparse._SubParsersAction | None = None  # type: ignore[type-arg]

    def command(self, name: str, handler: Handler | None, **kwargs: Any) -> argparse.ArgumentParser:
        """``iopdesk NAME``; ``handler`` None: its own sub-commands name theirs."""
        parser = self.commands.add_parser(name, **kwargs)
        if handler is not None:
            parser.set_defaults(handler=handler)
        return parser

    def report(self, name: str, handler: Handler, **kwargs: Any) -> argparse.ArgumentParser:
        if self._reports is None:
            export = self.commands.add_parser("export", help="write a report to a file (CSV or PDF)")
            self._reports = export.add_subparsers(dest="report", metavar="REPORT", required=True)
        parser = self._reports.add_parser(name, **kwargs)
        parser.set_defaults(handler=handler)
        return parser


def parse_date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{option} {text!r} is not a date; write it as YYYY-MM-DD.") from None


def optional_date(text: str | None, option: str) -> dt.date | None:
    return None if text is None else parse_date(text, option)


def _secret(variable: str, what: str) -> str | None:
    """A secret from the environment, or None to ask for it; refused when there is no terminal."""
    text = os.environ.get(variable)
    if text is None and (not sys.stdin or not sys.stdin.isatty()):
        raise UsageError(f"Give the {what} in {variable}, or run the command from a terminal.")
    return text


def new_password(prompt: str = "New password") -> str:
    text = _secret(NEW_PASSWORD_VARIABLE, "new password")
    if text is not None:
        return text
    first = getpass.getpass(f"{prompt} (at least 12 characters): ")
    if getpass.getpass("Type it again: ") != first:
        raise UsageError("The two passwords differ; nothing was changed.")
    return first


def recovery_key() -> str:
    text = _secret(RECOVERY_KEY_VARIABLE, "recovery key")
    return text if text is not None else getpass.getpass("Recovery key: ")


class OutputError(StoreError):
    """The file an export names cannot be written there (exit 1)."""


def check_output(output: str, example: str) -> None:
    """Before the clinic is opened: can the file ``output`` be made ("-": the terminal)? An export's
    audit entry is committed before its file is written, so a folder given as the file, or one that
    is not there, has to stop the command first: else the audit trail would record a disclosure
    that never happened. UsageError (exit 2) for a folder, OutputError (exit 1) for the others."""
    if output == "-":
        return
    path = Path(output).expanduser()
    if path.is_dir():
        raise UsageError(f"{output} is a folder; give a file name such as {example}.")
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(f"could not write {output}: the folder {folder} does not exist.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(
            f"could not write {output}: permission denied: this account may not write in {folder}."
        )


def write_text(output: str, text: str) -> int:
    """``text`` to the file ``output`` ("-": the terminal); 1 with a one-line reason if it cannot."""
    if output == "-":
        sys.stdout.write(text)
        return 0
    path = Path(output).expanduser()
    try:
        write_private(path, text.encode(CSV_ENCODING))
    except OSError as exc:
        print(f"iopdesk: could not write {path}: {os_reason(exc)}", file=sys.stderr)
        return 1
    print(f"Written: {path}")
    return 0


def write_private(path: Path, data: bytes) -> None:
    """``data`` into the file ``path``, readable by its owner only (it holds clients' records).

    Written beside it under a temporary name, flushed, then renamed over ``path``: a full disk
    or any other failure leaves nothing behind (no empty or half-written file), and an older
    file of that name stays as it was. OSError says why it failed."""
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.unlink(missing_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def copy_private(source: Path, dest: Path) -> None:
    """Copy a file (a backup into place) the same way: private, whole or not at all."""
    tmp = dest.with_name(dest.name + ".part")
    try:
        tmp.unlink(missing_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
            shutil.copyfileobj(src, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
