"""The clinic's files on disk: created private, what kind of file is at a path (a plain SQLite
file, an encrypted one, something else), and what a full or read-only disk means for them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from iopdesk.store.errors import EncryptedError, StoreError, StoreReadOnly

# Database, its -wal and -shm (SQLite gives them the database's mode), backups, key files and
# exports hold clients' records: readable by their owner only (POSIX).
PRIVATE_MODE = 0o600
# Below this much free space SQLite cannot make the -shm (32 KiB) and -wal a WAL database needs.
FULL_BELOW_BYTES = 256 * 1024
SQLITE_HEADER = b"SQLite format 3\x00"


def create_private(path: Path) -> bool:
    """Create ``path`` empty, readable by its owner only, unless it exists; True if created."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_MODE)
    except FileExistsError:
        return False
    os.close(fd)
    return True


def read_only_medium(path: Path) -> bool:
    """The database file, or the folder its -wal and -shm go in, cannot be written here (a
    read-only disk, a write-protected card or folder)."""
    if not path.exists():
        return False
    return not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


def check_readable_there(path: Path) -> None:
    """A database on a read-only medium can be read only when no -wal holds changes beside it
    (SQLite could not make the -shm it needs to read them)."""
    wal = Path(f"{path}-wal")
    shm = Path(f"{path}-shm")
    if wal.exists() and wal.stat().st_size > 0 and not shm.exists():
        raise StoreReadOnly(
            f"{path} is on a read-only disk (or in a folder this account may not write), and its "
            f"journal {wal.name} holds changes not yet in the file, which cannot be read there. "
            "Make the disk writable, or copy the database with its -wal and key file to one."
        )


def disk_full(path: Path) -> bool:
    """Whether the disk that holds ``path`` has (almost) no space left."""
    try:
        return shutil.disk_usage(path.parent).free < FULL_BELOW_BYTES
    except OSError:
        return False


def full_and_quiet(path: Path) -> bool:
    """The disk is full and no -wal beside the file holds changes: it can be read as it is."""
    wal = Path(f"{path}-wal")
    return disk_full(path) and (not wal.exists() or wal.stat().st_size == 0)


def is_plain_sqlite(path: Path) -> bool:
    """True for an unencrypted SQLite file (an encrypted one starts with random bytes)."""
    try:
        with path.open("rb") as fh:
            return fh.read(16) == SQLITE_HEADER
    except OSError:
        return False


def is_vacant(path: Path) -> bool:
    """An empty file and no journal holding pages for it: there is no clinic in it (made with
    `touch`, or by a file manager's "New file"). SQLite would take it as a new database, and
    turn it into a plain, unencrypted clinic."""
    try:
        if not path.is_file() or path.stat().st_size > 0:
            return False
        wal = Path(f"{path}-wal")
        return not wal.exists() or wal.stat().st_size == 0
    except OSError:
        return False


def encrypting_copy(path: Path) -> Path:
    """Where ``iopdesk encrypt`` writes the encrypted copy of ``path`` before renaming it into place."""
    return path.with_name(path.name + ".encrypted")


def interrupted_encryption(path: Path) -> bool:
    """``iopdesk encrypt`` stopped between writing the new key file and renaming its encrypted copy
    over the plain file: the plain file is still whole, and the key file belongs to the copy."""
    from iopdesk.store.keyring import keys_path

    return is_plain_sqlite(path) and keys_path(path).exists() and encrypting_copy(path).exists()


def check_sqlite_header(path: Path, *, keyed: bool = False) -> None:
    """The file at ``path`` is a SQLite file (or empty), or encrypted when ``keyed``: else StoreError
    saying what it is (EncryptedError when its key file is beside it: someone has to sign in)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise StoreError(f"Cannot read {path}: {exc.strerror}") from exc
    if not head or head == SQLITE_HEADER:
        if head and keyed and interrupted_encryption(path):
            raise StoreError(
                f"iopdesk encrypt was interrupted before it finished; the records in {path} are whole: "
                "run iopdesk encrypt again."
            )
        if head and keyed:
            raise StoreError(f"{path} is not encrypted, but a key file beside it says it should be.")
        return
    if keyed:
        return  # an encrypted file: the key decides
    from iopdesk.store.keyring import keys_path

    if keys_path(path).exists():
        raise EncryptedError(f"{path} is encrypted: sign in to open it.")
    raise StoreError(f"{path} is not a SQLite database file (it may be encrypted or another kind of file).")
