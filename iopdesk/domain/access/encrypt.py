"""Encrypting a clinic made before IOPdesk encrypted new ones (``iopdesk encrypt``).

An administrator signs in to the plain clinic with their password. The
database gets a new random key, wrapped for that administrator and for a new
recovery key (shown once); the other accounts get their copy of the key the
next time they sign in where the clinic is already open ("Switch user"), or
when an administrator resets their password. The plain file is replaced only
after the encrypted copy has been written and checked row for row.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from iopdesk.domain.access.accounts import (
    RECOVERY_KEY_SETTING,
    accounts_have_passwords,
    confirm_password,
    new_recovery_key,
    normalize_recovery_key,
)
from iopdesk.domain.access.passwords import hash_password
from iopdesk.domain.kernel import audit
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.domain.kernel.permissions import BACKUP_RUN, require
from iopdesk.store import cipher, current, keyring, transaction
from iopdesk.store.database import database_key
from iopdesk.store.models import Setting, Staff

log = logging.getLogger(__name__)


@dataclass
class Plan:
    """What the encrypted clinic will open with. ``recovery_key`` is shown once, then dropped."""

    key: bytes
    recovery_key: str
    keys: keyring.KeyFile
    previous_recovery: str | None = None  # the plain clinic's recovery key hash, put back by ``abandon``


def prepare(actor: Actor, password: str) -> Plan:
    """Check who asks, make the key and the new recovery key, and record it (before the copy is made,
    so the copy holds the entry and the new recovery key's hash)."""
    require(actor, BACKUP_RUN, record_type="database", record_id="encrypt")
    if database_key(current()) is not None:
        raise DomainError("This clinic's database is already encrypted.")
    if not accounts_have_passwords():
        raise DomainError(
            "Nobody has a password yet, so nothing could unlock an encrypted database. "
            "Create the administrator first: iopdesk setup."
        )
    confirm_password(actor, password)  # the key is wrapped with it: it must be the right one
    username = Staff.get_by_id(actor.staff_id).username
    key = cipher.new_key()
    recovery = new_recovery_key()
    keys = keyring.KeyFile.new()
    keys.set_account(username, key, password)
    keys.set_recovery(key, normalize_recovery_key(recovery))
    keys.setup_complete = True
    previous = Setting.select(Setting.value).where(Setting.key == RECOVERY_KEY_SETTING).scalar()
    with transaction():
        text = json.dumps(hash_password(normalize_recovery_key(recovery)))
        Setting.insert(key=RECOVERY_KEY_SETTING, value=text).on_conflict(
            conflict_target=[Setting.key], update={Setting.value: text}
        ).execute()
        changes = {"encrypted": True, "recovery_key": "replaced"}
        audit.record(actor, audit.CHANGE, record_type="database", changes=changes)
    log.info("encrypting the clinic database (staff %s)", actor.staff_id)
    return Plan(key, recovery, keys, previous)


def abandon(actor: Actor, plan: Plan) -> None:
    """The encrypted copy could not be made or put in place: the plain clinic stays, and so does the
    recovery key it had (the new one was never shown to anyone)."""
    with transaction():
        if plan.previous_recovery is None:
            Setting.delete().where(Setting.key == RECOVERY_KEY_SETTING).execute()
        else:
            Setting.update(value=plan.previous_recovery).where(Setting.key == RECOVERY_KEY_SETTING).execute()
        audit.record(
            actor, audit.CHANGE, record_type="database", changes={"encrypted": False, "recovery_key": "kept"}
        )
    log.info("encrypting the clinic database abandoned (staff %s)", actor.staff_id)
