"""Making a satellite laptop's database from the clinic's (issue 14).

From a SQLite clinic: an online backup with its key file (store/satellite.py), made a device of its
own. From the clinic's server (PostgreSQL): a new encrypted SQLite file holding every table's rows
and the audit trail, with a key file that opens it for every active account with the password that
account has at the clinic. The server keeps password hashes, never passwords: each account's copy of
the new file's key is wrapped with its hash's own argon2id output (``cipher.wrap_from_password_hash``),
which is what that password derives with the hash's salt and costs. Either way the laptop starts
knowing the hub as its peer up to where the copy was taken, and the hub knows the laptop.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

from peewee import PostgresqlDatabase, fn

from iopdesk.domain.access import keys
from iopdesk.domain.access.recovery_keys import RECOVERY_KEY_SETTING
from iopdesk.domain.kernel import audit
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.audit_chain import HEAD_KEY
from iopdesk.domain.kernel.clock import utcnow
from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.domain.kernel.permissions import SYNC_RUN, require
from iopdesk.domain.sync import versions
from iopdesk.domain.sync.place import HUB_URL_KEY
from iopdesk.store import cipher, current, keyring, transaction
from iopdesk.store.models import AuditEvent, Setting
from iopdesk.store.satellite import copy_from_server, make_satellite_copy
from iopdesk.store.sync_models import SyncChange, SyncPeer
from iopdesk.store.target import describe

log = logging.getLogger(__name__)

SYNC_CLONE = "sync.clone"


@dataclass(frozen=True)
class Satellite:
    device: UUID
    accounts: int | None = None  # accounts that can sign in on it (a server's copy)
    without_password: int = 0  # active accounts whose password cannot open it yet

    @property
    def message(self) -> str:
        if self.accounts is None:
            return "Staff sign in on it with their own passwords."
        if self.accounts == 1:
            text = "1 account can sign in on it, with its clinic password"
        else:
            text = f"{self.accounts} accounts can sign in on it, each with its clinic password"
        if self.without_password:
            text += (
                f"; {self.without_password} more {'has' if self.without_password == 1 else 'have'} no "
                "password yet and can sign in there once one is set at the clinic and the laptop has synced"
            )
        return text + "."


def make_satellite(actor: Actor, dest: Path, hub_url: str | None = None) -> Satellite:
    """Copy this clinic (the hub) to ``dest`` as a satellite laptop's database. ``hub_url``: the
    server's address as the laptop reaches it (kept on the laptop without any password)."""
    require(actor, SYNC_RUN)
    if dest.exists():
        raise ValidationError(
            f"{dest} already exists; a satellite copy is made into a new file.", field="output"
        )
    with transaction():
        me = audit.this_device()
        versions.settle(me)  # the copy must not count the hub's own edits as its own
        change_mark = SyncChange.select(fn.MAX(SyncChange.id)).scalar() or 0
        audit_mark = AuditEvent.select(fn.MAX(AuditEvent.seq)).scalar() or 0
    if isinstance(current(), PostgresqlDatabase):
        made = _from_server(dest, me, change_mark, audit_mark, hub_url)
    else:
        made = Satellite(
            make_satellite_copy(current(), dest, hub=me, change_mark=change_mark, audit_mark=audit_mark)
        )
    with transaction():
        SyncPeer.delete().where(SyncPeer.id == made.device).execute()
        SyncPeer.insert(
            id=made.device,
            acked_change=change_mark,
            received_change=change_mark,
            acked_audit=audit_mark,
            received_audit=audit_mark,
            last_synced_at=utcnow(),
        ).execute()
        audit.record(actor, SYNC_CLONE, record_type="sync_peer", record_id=made.device)
    log.info("satellite copy made device=%s accounts=%s", made.device, made.accounts)
    return made


def _from_server(dest: Path, hub: UUID, change_mark: int, audit_mark: int, hub_url: str | None) -> Satellite:
    db_key = cipher.new_key()
    keys_file = keyring.KeyFile.new()
    able, without = keys.follow_staff(keys_file, db_key)
    if not able:
        raise ValidationError(
            "No active account on the server has a password, so nothing could open a laptop's copy; "
            "no copy was made.",
            field="output",
        )
    recovery = Setting.get_or_none(Setting.key == RECOVERY_KEY_SETTING)
    if recovery is not None:
        keys_file.recovery = cipher.wrap_from_password_hash(db_key, json.loads(recovery.value))
    keys_file.screen, keys_file.lockout_attempts, keys_file.lockout_minutes = keys.screen_now()
    keys_file.setup_complete = True
    last = (
        AuditEvent.select(AuditEvent.seq, AuditEvent.hash)
        .where(AuditEvent.seq <= audit_mark)
        .order_by(AuditEvent.seq.desc())
        .first()
    )
    settings = {versions.SETTLED_KEY: json.dumps(change_mark)}
    if last is not None:
        settings[HEAD_KEY] = json.dumps({"seq": last.seq, "hash": last.hash})
        keys_file.audit_anchor = {"seq": last.seq, "hash": last.hash}
    if hub_url:
        settings[HUB_URL_KEY] = json.dumps(without_password(hub_url))
    device = copy_from_server(
        current(),
        dest,
        db_key,
        hub_device=hub,
        change_mark=change_mark,
        audit_mark=audit_mark,
        settings=settings,
    )
    try:
        keyring.save(keyring.keys_path(dest), keys_file)
    except BaseException:
        dest.unlink(missing_ok=True)
        raise
    return Satellite(device, able, without)


def without_password(url: str) -> str:
    """The server's address as the laptop keeps it: user, host, port, database and options, never a
    password (libpq's .pgpass or a prompt gives that at each sync)."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = describe(url).split("://", 1)[1].split("/", 1)[0]
    user = f"{parts.username}@" if parts.username else ""
    return urlunsplit((parts.scheme, user + host, parts.path, parts.query, parts.fragment))
