"""The clinic's recovery key: made once at the first run, kept only as an argon2 hash.

It is 160 random bits shown as 8 groups of 4 letters and digits, forgiving of
how it is typed. An encrypted clinic also wraps its database key with it
(domain/access/keys.py), so it opens the file when every administrator
password is lost (accounts.recover_with_key).
"""

from __future__ import annotations

import base64
import json
import secrets

from iopdesk.domain.access import passwords
from iopdesk.domain.kernel.declared_settings import DECLARED
from iopdesk.store.models import Setting

RECOVERY_KEY_SETTING = "recovery_key_hash"


def new_recovery_key() -> str:
    """160 random bits as 8 groups of 4 letters and digits (base32): ABCD-EFGH-…"""
    text = base64.b32encode(secrets.token_bytes(20)).decode("ascii")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def normalize_recovery_key(key: str) -> str:
    """Forgiving of how it was typed: case, spaces, dashes, and 0/1/8 for O/I/B."""
    text = "".join(ch for ch in (key or "").upper() if ch.isalnum())
    return text.translate(str.maketrans("018", "OIB"))


def check_recovery_key(key: str) -> bool:
    row = Setting.get_or_none(Setting.key == RECOVERY_KEY_SETTING)
    if row is None:
        passwords.dummy_verify(key or "")
        return False
    return passwords.verify(json.loads(row.value), normalize_recovery_key(key))


def store_setting(key: str, value: object) -> None:
    """Keep one value of this database's own (the recovery key's hash): never a clinic setting,
    which lives in the table that travels (``settings.store``)."""
    if key in DECLARED:
        raise ValueError(f"{key} is a clinic setting: settings.store writes it")
    text = json.dumps(value)
    Setting.insert(key=key, value=text).on_conflict(
        conflict_target=[Setting.key], update={Setting.value: text}
    ).execute()
