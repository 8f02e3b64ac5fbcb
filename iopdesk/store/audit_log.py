"""Reading the audit trail exactly as stored, for checking its hash chain.

Verification must see the bytes in the table, not values peewee has already
converted (a tampered id that is not a UUID would make conversion fail, and a
conversion could hide a change), so this reads through a raw cursor.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from iopdesk.store import current
from iopdesk.store.models import AuditEvent

# The columns the chain covers, in the order they are hashed.
CHAIN_COLUMNS = (
    "seq",
    "id",
    "at",
    "staff_id",
    "workstation",
    "site_id",
    "action",
    "client_id",
    "record_type",
    "record_id",
    "changes",
    "prev_hash",
    "hash",
)


def raw_chain() -> Iterator[tuple[Any, ...]]:
    """Every audit row as stored (columns as CHAIN_COLUMNS), in ``seq`` order."""
    query = AuditEvent.select(*(getattr(AuditEvent, name) for name in CHAIN_COLUMNS)).order_by(AuditEvent.seq)
    cursor = current().execute(query)
    while True:
        rows = cursor.fetchmany(1000)
        if not rows:
            return
        yield from rows


def last_entry() -> tuple[int, str] | None:
    """(seq, hash) of the newest entry, or None for an empty trail."""
    query = AuditEvent.select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
    row = current().execute(query).fetchone()  # raw: a damaged row must not stop new entries
    if row is None:
        return None
    seq, digest = row
    return (seq if isinstance(seq, int) else 0), str(digest)
