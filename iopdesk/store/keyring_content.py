"""What the key file holds, in memory: the wrapped copies, locks and settings of ``KeyFile``.

It is apart from ``keyring`` (which reads, writes and locks the file on disk, and re-exports these
names) so that each module stays small; this one touches no file.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from iopdesk.store.cipher import KdfProfile, WrappedKey, WrongSecret, burn, random_bytes, unwrap, wrap

if TYPE_CHECKING:
    import datetime as dt


# Reading the file for the sign-in screen needs neither the clock (datetime) nor hashlib and hmac
# (OpenSSL's hashlib): they are imported where a lock is read or set and a user name hashed (about
# 3 ms before that screen is drawn).

FORMAT = "iopdesk-keys"
VERSION = 1
MAX_PENDING = 500  # failures kept for the trail while nobody signs in successfully


def _moment(written: str | None) -> dt.datetime | None:
    """A lock's end as the file keeps it (ISO 8601), or None."""
    if not written:
        return None
    import datetime as dt

    return dt.datetime.fromisoformat(written)


class Locked(Exception):
    def __init__(self, until: dt.datetime) -> None:
        super().__init__(until.isoformat())
        self.until = until  # UTC, naive


def _unwrap_typed(wrapped: WrappedKey, password: str) -> bytes:
    try:
        return unwrap(wrapped, password)
    except WrongSecret:
        # A copy wrapped from the account's password hash (a satellite of a server) opens with
        # the password as it was hashed: composed accents (NFC). Typed otherwise, try that too.
        import unicodedata

        composed = unicodedata.normalize("NFC", password)
        if composed == password:
            raise
        return unwrap(wrapped, composed)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _wrap_to_json(w: WrappedKey) -> dict[str, object]:
    return {
        "salt": _b64(w.salt),
        "nonce": _b64(w.nonce),
        "sealed": _b64(w.sealed),
        "kdf": w.profile.as_dict(),
    }


def _wrap_from_json(d: dict[str, object]) -> WrappedKey:
    kdf = d["kdf"]
    assert isinstance(kdf, dict)
    return WrappedKey(
        _unb64(str(d["salt"])),
        _unb64(str(d["nonce"])),
        _unb64(str(d["sealed"])),
        KdfProfile(int(kdf["time_cost"]), int(kdf["memory_cost"]), int(kdf["parallelism"])),
    )


@dataclass
class Account:
    wrapped: WrappedKey
    failures: int = 0
    locked_until: dt.datetime | None = None
    # While a new password's save has not committed yet: the copy it replaces, and a fingerprint of
    # the password hash the database holds once it has. A crash in between leaves both; the next
    # sign-in keeps the one the database agrees with (domain/access/keys.py: settle_copies).
    previous: WrappedKey | None = None
    settles_with: str | None = None


@dataclass
class KeyFile:
    """The key file's content; ``load`` and ``save`` move it to and from disk."""

    tag_salt: bytes
    accounts: dict[str, Account] = field(default_factory=dict)
    recovery: WrappedKey | None = None
    setup_complete: bool = False
    screen: dict[str, object] = field(default_factory=dict)
    lockout_attempts: int = 5
    lockout_minutes: int = 15
    pending: list[dict[str, object]] = field(default_factory=list)
    building: bool = False  # the demo clinic is being built: its database is not usable yet
    audit_anchor: dict[str, object] | None = None  # the audit trail's last entry known: {"seq", "hash"}
    recovery_previous: WrappedKey | None = None  # as Account.previous/settles_with, for the recovery key
    recovery_settles_with: str | None = None

    @classmethod
    def new(cls) -> KeyFile:
        return cls(tag_salt=random_bytes(16))

    # --- accounts ---------------------------------------------------------------

    def tag(self, username: str) -> str:
        """The user name's entry: a keyed hash, so the file does not list who works here."""
        import hashlib
        import hmac

        return hmac.new(self.tag_salt, username.encode("utf-8"), hashlib.sha256).hexdigest()[:32]

    def has_account(self, username: str) -> bool:
        return self.tag(username) in self.accounts

    def set_account(
        self, username: str, db_key: bytes, password: str, settles_with: str | None = None
    ) -> None:
        """Wrap the key for this account (new, or a changed password): only its own copy changes.
        ``settles_with``: the change is not committed yet, so the copy it replaces is kept beside it."""
        old = self.accounts.get(self.tag(username))
        entry = Account(wrap(db_key, password))
        if settles_with is not None:
            entry.previous, entry.settles_with = (old.wrapped if old else None), settles_with
        self.accounts[self.tag(username)] = entry

    def set_wrapped(self, username: str, wrapped: WrappedKey) -> None:
        """A copy wrapped elsewhere (from the account's password hash): failures and lock stay."""
        entry = self.accounts.get(self.tag(username))
        if entry is None:
            self.accounts[self.tag(username)] = Account(wrapped)
        else:
            entry.wrapped = wrapped
            entry.previous, entry.settles_with = None, None  # made from the database's own hash: settled

    def remove_account(self, username: str) -> None:
        self.accounts.pop(self.tag(username), None)

    def unlock(self, username: str, password: str, now: dt.datetime | None = None) -> bytes:
        """The database key for a right password. WrongSecret or Locked otherwise (the caller
        records the failure: see ``failed``). An unknown name costs as much as a wrong password."""
        from iopdesk.store import clock

        now = now or clock.utcnow()
        entry = self.accounts.get(self.tag(username))
        if entry is None:
            burn(password)
            raise WrongSecret
        if entry.locked_until is not None and entry.locked_until > now:
            raise Locked(entry.locked_until)
        try:
            return _unwrap_typed(entry.wrapped, password)
        except WrongSecret:
            if entry.previous is None:
                raise
            return _unwrap_typed(entry.previous, password)  # a change cut off before it committed

    def failed(self, username: str, now: dt.datetime | None = None) -> tuple[int, dt.datetime | None]:
        """Count one failed attempt; returns (attempts so far, locked until) for a known account."""
        import datetime as dt

        from iopdesk.store import clock

        now = now or clock.utcnow()
        entry = self.accounts.get(self.tag(username))
        if entry is None:
            return 0, None
        entry.failures += 1
        count = entry.failures
        if entry.failures >= max(1, self.lockout_attempts):
            entry.failures = 0
            entry.locked_until = now + dt.timedelta(minutes=max(1, self.lockout_minutes))
        return count, entry.locked_until

    def set_lock(self, username: str, failures: int, locked_until: dt.datetime | None) -> None:
        entry = self.accounts.get(self.tag(username))
        if entry is not None:
            entry.failures = failures
            entry.locked_until = locked_until

    # --- the recovery key ---------------------------------------------------------

    def set_recovery(self, db_key: bytes, recovery_key: str, settles_with: str | None = None) -> None:
        """``settles_with``: not committed yet, so the copy it replaces is kept beside it."""
        if settles_with is not None:
            self.recovery_previous, self.recovery_settles_with = self.recovery, settles_with
        self.recovery = wrap(db_key, recovery_key)

    def unlock_recovery(self, recovery_key: str) -> bytes:
        if self.recovery is None:
            burn(recovery_key)
            raise WrongSecret
        try:
            return unwrap(self.recovery, recovery_key)
        except WrongSecret:
            if self.recovery_previous is None:
                raise
            return unwrap(self.recovery_previous, recovery_key)  # a new key cut off before it committed

    # --- failures waiting for the audit trail ---------------------------------------

    def note_event(self, event: dict[str, object]) -> None:
        self.pending.append(event)
        del self.pending[:-MAX_PENDING]

    def take_pending(self) -> list[dict[str, object]]:
        events, self.pending = self.pending, []
        return events

    # --- on disk ------------------------------------------------------------------

    def to_json(self) -> dict[str, object]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "note": "IOPdesk: the wrapped keys of the database beside this file. Keep them together.",
            "tag_salt": _b64(self.tag_salt),
            "setup_complete": self.setup_complete,
            "screen": self.screen,
            "lockout": {"attempts": self.lockout_attempts, "minutes": self.lockout_minutes},
            "accounts": {tag: _account_to_json(a) for tag, a in sorted(self.accounts.items())},
            "recovery": _wrap_to_json(self.recovery) if self.recovery else None,
            "pending": self.pending,
            "building": self.building,
            "audit_anchor": self.audit_anchor,
        } | self._unsettled_recovery()

    def _unsettled_recovery(self) -> dict[str, object]:
        if self.recovery_settles_with is None:  # only while unsettled: the file is as before otherwise
            return {}
        previous = self.recovery_previous
        return {
            "recovery_previous": _wrap_to_json(previous) if previous else None,
            "recovery_settles_with": self.recovery_settles_with,
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> KeyFile:
        if data.get("format") != FORMAT:
            raise ValueError("not an IOPdesk key file")
        if int(data.get("version", 0)) > VERSION:  # type: ignore[call-overload]  # JSON: a bad value raises
            raise ValueError("written by a newer IOPdesk")
        lockout = data.get("lockout") or {}
        accounts = data.get("accounts") or {}
        assert isinstance(lockout, dict) and isinstance(accounts, dict)
        recovery = data.get("recovery")
        before = data.get("recovery_previous")
        return cls(
            tag_salt=_unb64(str(data["tag_salt"])),
            accounts={
                str(tag): Account(
                    _wrap_from_json(a["wrapped"]),
                    int(a.get("failures", 0)),
                    _moment(a.get("locked_until")),
                    _wrap_from_json(a["previous"]) if a.get("previous") else None,
                    str(a["settles_with"]) if a.get("settles_with") else None,
                )
                for tag, a in accounts.items()
            },
            recovery=_wrap_from_json(recovery) if isinstance(recovery, dict) else None,
            setup_complete=bool(data.get("setup_complete")),
            screen=dict(data.get("screen") or {}),  # type: ignore[call-overload]
            lockout_attempts=int(lockout.get("attempts", 5)),
            lockout_minutes=int(lockout.get("minutes", 15)),
            pending=list(data.get("pending") or []),  # type: ignore[call-overload]
            building=bool(data.get("building")),
            audit_anchor=_anchor(data.get("audit_anchor")),
            recovery_previous=_wrap_from_json(before) if isinstance(before, dict) else None,
            recovery_settles_with=str(data["recovery_settles_with"])
            if data.get("recovery_settles_with")
            else None,
        )


def _account_to_json(a: Account) -> dict[str, object]:
    entry: dict[str, object] = {
        "wrapped": _wrap_to_json(a.wrapped),
        "failures": a.failures,
        "locked_until": a.locked_until.isoformat() if a.locked_until else None,
    }
    if a.settles_with is not None:  # only while a change is unsettled: the file is as before otherwise
        entry["previous"] = _wrap_to_json(a.previous) if a.previous else None
        entry["settles_with"] = a.settles_with
    return entry


def _anchor(value: object) -> dict[str, object] | None:
    if not isinstance(value, dict):
        return None
    return {"seq": int(value["seq"]), "hash": str(value["hash"])}
