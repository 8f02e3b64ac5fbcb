"""The change file: encrypted and authenticated with the clinic's sync key.

Layout: ``IOPDESK-SYNC`` and a format byte, the header's length (4 bytes) and the header (JSON: the
key's fingerprint, the sending device, the file's id), a 12-byte nonce, then AES-256-GCM of the
zlib-compressed change set with the magic and header as associated data. Every byte is covered: one
altered byte anywhere fails authentication. Every copy of a clinic holds the same sync key (made by
migration 0010, kept by the satellite copies made from it), and no other clinic has it.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import uuid
import zlib
from typing import Any

from iopdesk.domain.kernel.errors import DomainError
from iopdesk.store.models import Setting

MAGIC = b"IOPDESK-SYNC\x01"
KEY_SETTING = "sync_key"


class ChangeFileRefused(DomainError):
    """Not a change file of this clinic, or altered: nothing was applied."""


def clinic_key() -> bytes:
    row = Setting.get_or_none(Setting.key == KEY_SETTING)
    if row is None:
        raise ChangeFileRefused(
            "This database has no sync key; open it once with this IOPdesk to upgrade it."
        )
    return bytes.fromhex(json.loads(row.value))


def fingerprint(key: bytes) -> str:
    return hashlib.sha256(b"iopdesk sync key\x00" + key).hexdigest()[:32]


def seal(change_set: dict[str, Any], key: bytes) -> bytes:
    header = json.dumps(
        {"key": fingerprint(key), "from": change_set["from"], "file": uuid.uuid4().hex}, sort_keys=True
    ).encode("ascii")
    front = MAGIC + struct.pack(">I", len(header)) + header
    nonce = os.urandom(12)
    payload = zlib.compress(json.dumps(change_set, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # loaded when a set is sealed

    return front + nonce + AESGCM(key).encrypt(nonce, payload, front)


def unseal(data: bytes, key: bytes, name: str) -> dict[str, Any]:
    """The change set in ``data``, or ChangeFileRefused saying in one line what is wrong."""
    if not data.startswith(MAGIC[:-1]):
        raise ChangeFileRefused(f"{name} is not an IOPdesk change file; nothing was applied.")
    if data[: len(MAGIC)] != MAGIC:
        raise ChangeFileRefused(f"{name} was made by another version of IOPdesk's sync; nothing was applied.")
    try:
        (length,) = struct.unpack(">I", data[len(MAGIC) : len(MAGIC) + 4])
        end = len(MAGIC) + 4 + length
        header = json.loads(data[len(MAGIC) + 4 : end].decode("ascii"))
        theirs = str(header["key"])
    except (struct.error, ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise ChangeFileRefused(
            f"{name} is damaged or was altered (its header); nothing was applied."
        ) from None
    if theirs != fingerprint(key):
        raise ChangeFileRefused(
            f"{name} was made for another clinic (or altered): its key is not this clinic's; "
            "nothing was applied."
        )
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    front, nonce, sealed = data[:end], data[end : end + 12], data[end + 12 :]
    try:
        payload = AESGCM(key).decrypt(nonce, sealed, front)
    except (InvalidTag, ValueError):
        raise ChangeFileRefused(
            f"{name} was altered or damaged after it was made (it fails authentication); nothing was applied."
        ) from None
    change_set: dict[str, Any] = json.loads(zlib.decompress(payload).decode("utf-8"))
    return change_set
