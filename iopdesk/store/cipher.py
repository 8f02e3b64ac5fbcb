"""Key derivation and key wrapping for the clinic's database key.

- The database key is 32 random bytes; SQLCipher encrypts every page with it.
- A password (or the recovery key) never touches the database key directly:
  argon2id turns it, with a random salt, into a key-encryption key, and
  AES-256-GCM encrypts ("wraps") the database key with that. A wrong password
  fails GCM's authentication check, so it is told apart from a right one
  without storing anything that would let someone test guesses faster than
  argon2 allows.
- PRODUCTION costs about 0.3-0.5 s on a 2-core machine, like the password
  hashes (domain/passwords.py). Tests switch to TEST_PROFILE from conftest; there
  is no environment variable for it. The parameters are stored with each
  wrapped copy, so they can be raised later.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import asdict, dataclass

# argon2, cryptography and secrets are imported where a key is derived, wrapped or made, not with
# this module: the sign-in screen reads the key file (store/keyring.py) and is drawn before they are
# needed (secrets loads hmac and OpenSSL's hashlib, about 2 ms).

KEY_BYTES = 32
SALT_BYTES = 16
NONCE_BYTES = 12
WRAP_CONTEXT = b"iopdesk database key v1"  # authenticated with every wrap: a key for nothing else


@dataclass(frozen=True)
class KdfProfile:
    time_cost: int
    memory_cost: int  # KiB
    parallelism: int

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


PRODUCTION = KdfProfile(time_cost=4, memory_cost=128 * 1024, parallelism=2)
TEST_PROFILE = KdfProfile(time_cost=1, memory_cost=8, parallelism=1)
_profile = PRODUCTION


def use_profile(profile: KdfProfile) -> None:
    """The cost new wraps get (tests only: see the module's docstring)."""
    global _profile
    _profile = profile


class WrongSecret(Exception):
    """The password or recovery key does not unwrap this copy of the key."""


def random_bytes(count: int) -> bytes:
    """``count`` bytes from the system's cryptographic random source (secrets.token_bytes)."""
    import secrets

    return secrets.token_bytes(count)


def new_key() -> bytes:
    return random_bytes(KEY_BYTES)


def derive(secret: str, salt: bytes, profile: KdfProfile) -> bytes:
    """The key-encryption key (argon2id releases the GIL: a worker thread may run it)."""
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(
        secret.encode("utf-8"),
        salt,
        time_cost=profile.time_cost,
        memory_cost=profile.memory_cost,
        parallelism=profile.parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


@dataclass(frozen=True)
class WrappedKey:
    """One copy of the database key, locked with one secret."""

    salt: bytes
    nonce: bytes
    sealed: bytes
    profile: KdfProfile


def wrap(db_key: bytes, secret: str) -> WrappedKey:
    salt = random_bytes(SALT_BYTES)
    nonce = random_bytes(NONCE_BYTES)
    kek = derive(secret, salt, _profile)
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return WrappedKey(salt, nonce, AESGCM(kek).encrypt(nonce, db_key, WRAP_CONTEXT), _profile)


def wrap_from_password_hash(db_key: bytes, stored_hash: str) -> WrappedKey | None:
    """Wrap ``db_key`` for whoever knows the password behind an argon2id hash ("$argon2id$v=19$m=…,
    t=…,p=…$salt$hash", as argon2-cffi writes them), without that password.

    The hash's raw output is exactly what ``derive`` makes of the same password with the hash's salt
    and costs, so the wrap opens with that password like any other. Used for satellite copies of a
    server, which knows its staff's password hashes but never their passwords: whoever can read the
    server's staff table can open such a copy, and could read the server's records anyway. None for
    a hash in any other form (that account signs in where its password is set again).
    """
    parts = stored_hash.split("$") if stored_hash else []
    if len(parts) != 6 or parts[1] != "argon2id" or parts[2] != "v=19":
        return None
    try:
        costs = dict(item.split("=", 1) for item in parts[3].split(","))
        profile = KdfProfile(int(costs["t"]), int(costs["m"]), int(costs["p"]))
        salt, kek = (base64.b64decode(p + "=" * (-len(p) % 4)) for p in parts[4:])
    except (ValueError, KeyError, binascii.Error):
        return None
    if len(kek) != KEY_BYTES:
        return None
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = random_bytes(NONCE_BYTES)
    return WrappedKey(salt, nonce, AESGCM(kek).encrypt(nonce, db_key, WRAP_CONTEXT), profile)


def unwrap(wrapped: WrappedKey, secret: str) -> bytes:
    kek = derive(secret, wrapped.salt, wrapped.profile)
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        key = AESGCM(kek).decrypt(wrapped.nonce, wrapped.sealed, WRAP_CONTEXT)
    except InvalidTag:
        raise WrongSecret from None
    if len(key) != KEY_BYTES:
        raise WrongSecret
    return key


def burn(secret: str) -> None:
    """Spend the same time as an unwrap, for a user name that has no copy (no timing hint)."""
    derive(secret, b"\0" * SALT_BYTES, _profile)
