"""The key file beside an encrypted clinic database: ``clinic.sqlite3.keys``.

The database key is needed before the database can be read, so what unlocks
it lives outside it, in a small JSON file holding:

- one wrapped copy of the database key per staff account that can sign in,
  found by a keyed hash of the user name (the file does not list staff names),
  with that account's failed-attempt count and lock (a wrong password cannot
  open the database to record them there);
- one copy wrapped by the clinic's recovery key;
- what the sign-in screen shows before anything is unlocked: the clinic's
  name, its sites, and whether it is the demo clinic;
- sign-in failures waiting to be copied into the audit trail at the next
  successful sign-in (time, workstation, kind: never a name).

Nothing in it identifies a client. It is written whole to a temporary file,
flushed to disk and renamed over the old one, so a crash leaves the old or
the new file, never half of one. Losing it (and the recovery key) loses the
clinic: backups carry a copy (``backup.sqlite3.keys``).
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from iopdesk.store.cipher import WrappedKey as WrappedKey
from iopdesk.store.cipher import WrongSecret
from iopdesk.store.errors import StoreError, os_reason

# What the file holds lives in keyring_content; its names stay importable from here.
from iopdesk.store.keyring_content import Account as Account
from iopdesk.store.keyring_content import KeyFile, Locked

SUFFIX = ".keys"


def keys_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + SUFFIX)


def load(path: Path) -> KeyFile:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StoreError(
            f"The key file {path} is missing, so the database beside it cannot be opened."
        ) from None
    except OSError as exc:
        raise StoreError(f"Cannot read the key file {path}: {os_reason(exc)}") from exc
    except UnicodeDecodeError:  # a database, a PDF…: not the text a key file is
        raise StoreError(f"{path} is not a usable IOPdesk key file (not a text file).") from None
    try:
        return KeyFile.from_json(json.loads(text))
    except (ValueError, KeyError, TypeError, AttributeError, AssertionError) as exc:
        raise StoreError(f"{path} is not a usable IOPdesk key file ({exc}).") from None


def _text(keys: KeyFile) -> str:
    return json.dumps(keys.to_json(), indent=1, sort_keys=True)


def save(path: Path, keys: KeyFile) -> None:
    """Write the whole file beside the old one, flush it, and rename it into place."""
    text = _text(keys)
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.unlink(missing_ok=True)  # a leftover would keep its own mode: the new file is private
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        _sync_folder(path.parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)  # a half-written copy: the old file is still whole
        raise StoreError(f"Cannot write the key file {path}: {os_reason(exc)}") from exc


def _sync_folder(folder: Path) -> None:
    if os.name != "posix":
        return  # Windows has no folder handles to flush; its rename is already durable enough
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """Two programs on one computer (the window and a command) change the file one at a time."""
    try:
        import fcntl
    except ImportError:  # Windows: the read-change-write below is short; accept the rare race
        yield
        return
    lock = path.with_name(path.name + ".lock")
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        # A read-only disk (or folder): reading the file needs no lock, and a change would fail
        # at ``save`` anyway, saying why.
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def update(path: Path, change: Callable[[KeyFile], object]) -> object:
    """Read the file fresh, apply ``change`` and write it back (under a lock) if it changed anything:
    a sign-in that changes nothing costs no write and no flush to disk."""
    with _file_lock(path):
        keys = load(path)
        before = _text(keys)  # text, not the dict: it shares its lists with ``keys``
        result = change(keys)
        if _text(keys) != before:
            save(path, keys)
        return result


def set_anchor(path: Path, last: tuple[int, str] | None) -> None:
    """Put the audit anchor of the key file ``path`` at ``last`` = (seq, hash): the last entry of
    the database beside it (a backup's own, or a database just restored); None: no anchor."""

    def put(keys: KeyFile) -> None:
        keys.audit_anchor = {"seq": last[0], "hash": last[1]} if last else None

    update(path, put)


def copy_to(src: Path, dest: Path) -> Path:
    """A clean copy for a backup: the same wrapped keys, without locks or queued failures."""
    keys = load(src)
    for entry in keys.accounts.values():
        entry.failures, entry.locked_until = 0, None
    keys.pending = []
    target = keys_path(dest)
    save(target, keys)
    return target


__all__ = ["KeyFile", "Locked", "WrongSecret", "copy_to", "keys_path", "load", "save", "set_anchor", "update"]
