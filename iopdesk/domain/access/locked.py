"""An encrypted clinic before anyone signed in: what its key file says, read without the database.

The sign-in screen needs only this (the clinic's name, its sites, the demo
hint), so it is drawn before peewee, the models and the rest of the domain
are loaded: keep this module's imports to the key file (store/keyring.py) and
the store's errors. Signing in, which opens the database, is unlock.py.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from uuid import UUID

from iopdesk.store import keyring
from iopdesk.store.errors import StoreError

if TYPE_CHECKING:
    from iopdesk.store.database import Target

log = logging.getLogger(__name__)


def keys_for(target: Target) -> Path | None:
    """The key file of an encrypted SQLite clinic; None for a plain file, a new file or a server."""
    if target.path is None:
        return None
    path = keyring.keys_path(target.path)
    return path if path.exists() else None


def needs_unlock(target: Target) -> bool:
    return keys_for(target) is not None


@dataclass(frozen=True)
class Screen:
    """What the sign-in screen of a locked clinic may show (nothing about any client)."""

    clinic_name: str
    sites: list[tuple[UUID, str]]
    demo_accounts: tuple[str, ...] | None  # the demo clinic's accounts; None for a real clinic


@dataclass(frozen=True)
class Locked:
    """An encrypted clinic before anyone signed in, as its key file describes it."""

    setup_complete: bool  # False: a first run that never finished (see discard_unfinished)
    screen: Screen
    building: bool = False  # a demo clinic whose build has not finished


def locked(target: Target) -> Locked | None:
    """Read the key file once: None for a plain file, a new file or a server."""
    path = keys_for(target)
    if path is None:
        return None
    keys = keyring.load(path)
    return Locked(keys.setup_complete, _screen(keys), keys.building)


def check_database_beside(target: Target, state: Locked | None = None) -> None:
    """Refuse, saying exactly that, a key file whose database is not beside it (moved or deleted).

    Nothing is created in its place: an empty database there would only fail every
    sign-in and stand in the way of restoring the backup (``iopdesk restore`` works
    onto a key file left alone like this). A demo whose build was interrupted says so.
    """
    assert target.path is not None
    state = state or locked(target)
    if not target.path.exists():
        if state is not None and state.building:
            from iopdesk.domain.clinic.setup import DEMO_INTERRUPTED

            raise StoreError(DEMO_INTERRUPTED)
        keys = keyring.keys_path(target.path)
        raise StoreError(
            f"The key file {keys.name} is here, but its database {target.path} is missing (moved or "
            "deleted). Put the database file back beside it, or restore the latest backup: "
            "iopdesk restore BACKUP."
        )


def screen(target: Target) -> Screen:
    state = locked(target)
    if state is None:
        raise StoreError(f"{target.describe()} is not an encrypted clinic.")
    return state.screen


def _screen(keys: keyring.KeyFile) -> Screen:
    info = keys.screen
    sites = [(UUID(str(i)), str(n)) for i, n in info.get("sites") or []]  # type: ignore[attr-defined]
    demo = info.get("demo_accounts")
    return Screen(
        str(info.get("clinic") or "IOPdesk"),
        sites,
        tuple(str(n) for n in demo) if isinstance(demo, list) else None,
    )



def discard_unfinished(target: Target, state: Locked | None = None) -> bool:
    """Remove a clinic whose first run never finished (no account, so no one's work). True if removed.
    ``state``: its key file as already read (``locked``)."""
    path = keys_for(target)
    if path is None or target.path is None:
        return False
    state = state or locked(target)
    if state is None or state.setup_complete:
        return False
    for suffix in ("", "-wal", "-shm"):
        Path(str(target.path) + suffix).unlink(missing_ok=True)
    path.unlink(missing_ok=True)
    path.with_name(path.name + ".lock").unlink(missing_ok=True)
    log.info("removed a clinic database whose first run did not finish")
    return True
