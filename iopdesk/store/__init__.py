"""The database layer: connection, models and migrations. No Qt, no clinic rules."""

from __future__ import annotations

from peewee import Database

from iopdesk.store.models import database as _proxy


def transaction():  # type: ignore[no-untyped-def]
    """One user action's writes: all land, or none do (nests as a savepoint)."""
    return _proxy.atomic()


def current() -> Database:
    """The bound database object (raises if nothing is open)."""
    obj = _proxy.obj
    if obj is None:
        raise RuntimeError("no IOPdesk database is open")
    return obj
