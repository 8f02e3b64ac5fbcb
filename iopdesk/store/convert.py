"""Turning a plain clinic file into an encrypted one (``iopdesk encrypt``)."""

from __future__ import annotations

import os
from pathlib import Path

from peewee import Database

from iopdesk.store import driver
from iopdesk.store.errors import StoreError


def export_encrypted(db: Database, dest: Path, key: bytes) -> None:
    """Copy every table, index, trigger and full-text index of the open plain database into a new
    file encrypted with ``key`` (SQLCipher's sqlcipher_export), written beside and renamed into place."""
    if not driver.HAS_CIPHER:
        raise StoreError(driver.NO_CIPHER_MESSAGE)
    tmp = dest.with_name(dest.name + ".part")
    tmp.unlink(missing_ok=True)
    conn = db.connection()
    try:
        conn.execute(f"ATTACH DATABASE ? AS encrypted KEY \"x'{key.hex()}'\"", (str(tmp),))
        try:
            conn.execute("SELECT sqlcipher_export('encrypted')")
        finally:
            conn.execute("DETACH DATABASE encrypted")
    except driver.Error as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"Could not write the encrypted copy {tmp}: {exc}") from exc
    os.replace(tmp, dest)
