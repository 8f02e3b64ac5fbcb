"""Sync bookkeeping tables (migration 0010); the rules live in ``iopdesk.domain.sync``.

- ``SyncChange``: one line per insert, update or delete of a synced table, written by the
  database's own triggers in the same transaction as the write, so no write path can forget it.
  Its integer id orders the changes made in this database.
- ``SyncRow``: for each synced row, its version vector ({device id: count of that device's edits})
  and the hash of the state that vector describes.
- ``SyncPeer``: another place (by its device id): how far it has acknowledged our changes and
  audit entries, how far we have applied its own, when we last synced with it.
- ``SyncConflict``: a row state that lost a merge, kept in full and shown until a person settles it.
"""

from __future__ import annotations

import uuid

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    DateTimeField,
    IntegerField,
    Model,
    TextField,
    UUIDField,
)

from iopdesk.store import models
from iopdesk.store.clock import utcnow
from iopdesk.store.models import database


class SyncChange(Model):
    id = AutoField()
    table_name = CharField(max_length=40)
    row_id = CharField(max_length=64)  # the row's id as the engine writes it as text

    class Meta:
        database = database
        table_name = "sync_change"


class SyncRow(Model):
    id = UUIDField(primary_key=True, default=uuid.uuid4)
    table_name = CharField(max_length=40)
    row_id = CharField(max_length=64)  # 32 hex digits
    vv = TextField(default="{}")  # JSON {device id hex: edits}
    state_hash = CharField(max_length=64)

    class Meta:
        database = database
        table_name = "sync_row"
        indexes = ((("table_name", "row_id"), True),)


class SyncPeer(Model):
    id = UUIDField(primary_key=True)  # the other place's device id
    is_hub = BooleanField(default=False)
    acked_change = IntegerField(default=0)  # it has applied our sync_change lines up to this id
    received_change = IntegerField(default=0)  # we have applied its lines up to this id
    acked_audit = IntegerField(default=0)  # it has our audit entries up to this seq (ours)
    received_audit = IntegerField(default=0)  # we have its entries up to this seq (its)
    last_synced_at = DateTimeField(null=True)

    class Meta:
        database = database
        table_name = "sync_peer"


class SyncConflict(Model):
    id = UUIDField(primary_key=True, default=uuid.uuid4)
    table_name = CharField(max_length=40)
    row_id = CharField(max_length=64)
    client_id = UUIDField(null=True, index=True)
    kept_hash = CharField(max_length=64)  # the state that won when this one lost
    lost = TextField()  # JSON: the losing state, every column
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)
    resolved_at = DateTimeField(null=True)
    resolved_by_id = UUIDField(null=True)

    class Meta:
        database = database
        table_name = "sync_conflict"
        indexes = ((("table_name", "row_id"), False),)


SYNC_MODELS: list[type[Model]] = [SyncChange, SyncRow, SyncPeer, SyncConflict]
models.ALL_MODELS.extend(m for m in SYNC_MODELS if m not in models.ALL_MODELS)
