"""The audit trail's hash chains: how an entry's hash is made, and checking every chain.

Since migration 0010 the trail holds one chain per device (the clinic's server or workstation, each
satellite laptop): entries written at a place link to that place's previous entry, so entries merged
from elsewhere keep their hashes and every chain still verifies. See ``audit`` for appending.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from iopdesk.store.audit_log import CHAIN_COLUMNS, DEVICE_CHAIN_COLUMNS, RAW_COLUMNS, raw_chain, read_anchor
from iopdesk.store.models import Setting

log = logging.getLogger("iopdesk.domain.kernel.audit")  # one logger name for the trail, as before

GENESIS = "0" * 64
HEAD_KEY = "audit_head"

_UUID_COLUMNS = {"id", "staff_id", "site_id", "client_id", "device_id"}

__all__ = ["CHAIN_COLUMNS", "GENESIS", "HEAD_KEY"]


# --- the chain ----------------------------------------------------------------


def _canonical(column: str, raw: Any) -> Any:
    """One stored value in a form independent of the database driver."""
    if raw is None:
        return None
    if column in _UUID_COLUMNS:
        if isinstance(raw, UUID):
            return raw.hex
        if isinstance(raw, bytes):
            return raw.hex()
        return str(raw).replace("-", "").lower() if isinstance(raw, str) else f"!{raw!r}"
    if column == "at":
        if isinstance(raw, str):
            try:
                raw = dt.datetime.fromisoformat(raw)
            except ValueError:
                return f"!{raw}"
        if isinstance(raw, dt.datetime):
            return raw.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
        return f"!{raw!r}"
    if isinstance(raw, (int, str)) and not isinstance(raw, bool):
        return raw
    return f"!{raw!r}"


def entry_hash(values: Sequence[Any]) -> str:
    """SHA-256 over an entry's columns (CHAIN_COLUMNS but ``hash``), ``prev_hash`` last."""
    canonical = [_canonical(c, v) for c, v in zip(CHAIN_COLUMNS[:-1], values, strict=True)]
    text = json.dumps(canonical, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def device_entry_hash(values: Sequence[Any]) -> str:
    """SHA-256 over an entry's columns as DEVICE_CHAIN_COLUMNS (but ``hash``): the form since 0010.
    A marker first, so that this form and the older one can never agree by accident."""
    canonical = [_canonical(c, v) for c, v in zip(DEVICE_CHAIN_COLUMNS[:-1], values, strict=True)]
    text = json.dumps(["device-chain", *canonical], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stored_hash_matches(raw: Sequence[Any], *, legacy_allowed: bool) -> tuple[bool, bool]:
    """Whether a row read as RAW_COLUMNS carries its own hash: (matches, in the older form).
    The older form (entries from before 0010, ``device_seq`` in place of ``seq``) only counts
    where ``legacy_allowed``: at the start of a device's chain, before its first newer entry."""
    if device_entry_hash(raw[1:-1]) == raw[-1]:
        return True, False
    if legacy_allowed and entry_hash([raw[2], *raw[3:-1]]) == raw[-1]:
        return True, True
    return False, False


def rehashed(values: Mapping[str, Any]) -> str:
    """The hash an entry with these column values gets (tests forge entries the program's way)."""
    return device_entry_hash([values[c] for c in DEVICE_CHAIN_COLUMNS[:-1]])


@dataclass(frozen=True)
class VerifyReport:
    ok: bool
    entries: int  # entries read
    first_bad_seq: int | None  # the first entry that is wrong or missing
    problem: str  # what is wrong with it, for a person; "" when ok
    head_seq: int  # the newest entry's number (0: empty trail)
    head_hash: str  # its hash: write it down somewhere else to anchor the trail

    @property
    def message(self) -> str:
        if self.ok:
            if not self.entries:
                return "The audit trail is empty."
            head = f"{self.head_seq} ({self.head_hash[:16]}…)"
            return f"The audit trail is intact: {self.entries} entries, the last is {head}."
        return f"The audit trail has been tampered with at entry {self.first_bad_seq}: {self.problem}"


def verify_chain(anchor: tuple[int, str] | None = None) -> VerifyReport:
    """Re-check every entry's hash and its link to the one before, the head record, and the
    anchor kept outside the database (the key file's, or ``anchor`` = (seq, hash), e.g. from a
    backup's key file): the trail must still reach that entry, unchanged.

    Reads only: nothing is written while it runs (run it before signing in writes an entry)."""
    if anchor is None:
        anchor = read_anchor()
    expected, count, last_hash = 1, 0, GENESIS
    chains: dict[Any, tuple[int, str, bool]] = {}  # device -> (next number, last hash, older form ok)
    anchored_hash: str | None = None
    for raw in raw_chain():
        count += 1
        seq = raw[0]
        if seq != expected:
            if isinstance(seq, int) and seq > expected:
                problem = (
                    f"entries {expected} to {seq - 1} are missing."
                    if seq > expected + 1
                    else "it is missing."
                )
            else:
                problem = f"it is out of place (an entry numbered {seq!r} stands where it should be)."
            return _bad(count, expected, problem)
        device = _canonical("device_id", raw[1])
        if device is None:
            return _bad(count, seq, "it names no device (IOPdesk did not write it).")
        number, prev, legacy_allowed = chains.get(device, (1, GENESIS, True))
        if raw[2] != number:
            return _bad(count, seq, f"it is out of place in its device's chain (its entry {number} was due).")
        if raw[RAW_COLUMNS.index("prev_hash")] != prev:
            return _bad(count, seq, "it does not follow the entry before it (an entry was removed or moved).")
        matches, legacy = stored_hash_matches(raw, legacy_allowed=legacy_allowed)
        if not matches:
            return _bad(count, seq, "it was changed after it was written.")
        chains[device] = (number + 1, raw[-1], legacy)
        last_hash = raw[-1]
        if anchor is not None and seq == anchor[0]:
            anchored_hash = raw[-1]
        expected += 1
    last_seq = expected - 1
    if anchor is not None:
        anchor_seq, anchor_hash = anchor
        if anchor_seq > last_seq:
            return _bad(
                count,
                last_seq + 1,
                f"it is missing: the trail ends at entry {last_seq}, but entry {anchor_seq} existed "
                "(the key file recorded it), so entries were removed from its end.",
            )
        if anchored_hash != anchor_hash:
            return _bad(
                count,
                anchor_seq,
                "it is not the entry the key file recorded as written there: the trail was rewritten.",
            )
    head = Setting.get_or_none(Setting.key == HEAD_KEY)
    if head is None:
        if last_seq:
            return _bad(count, last_seq, "the record of the trail's last entry is missing.")
        return VerifyReport(True, 0, None, "", 0, "")
    try:
        recorded = json.loads(head.value)
        head_seq, head_hash = int(recorded["seq"]), str(recorded["hash"])
    except (ValueError, KeyError, TypeError):
        return _bad(count, last_seq or 1, "the record of the trail's last entry is damaged.")
    if head_seq > last_seq:
        return _bad(count, last_seq + 1, f"the trail ends at entry {last_seq} but reached {head_seq}.")
    if head_seq < last_seq:
        return _bad(count, head_seq + 1, f"entries after {head_seq} were added outside IOPdesk.")
    if head_hash != last_hash:
        return _bad(count, head_seq, "it does not match the record of the trail's last entry.")
    return VerifyReport(True, count, None, "", last_seq, last_hash)


def _bad(count: int, seq: int, problem: str) -> VerifyReport:
    log.warning("audit trail check failed at entry %s", seq)
    return VerifyReport(False, count, seq, problem, 0, "")
