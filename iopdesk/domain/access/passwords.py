"""Password hashing (argon2id) and the password rule.

The argon2 parameters are written into each hash ("$argon2id$v=19$m=…,t=…,p=…$…"),
so they can be raised later: a hash made with other parameters still verifies,
and is re-made with the current ones at the next successful sign-in.

PRODUCTION was measured to take about 0.3–0.5 s per verification on a
2-core machine (see ``measure``): slow enough to make guessing expensive,
quick enough for a sign-in.

Tests: hashing at that cost would make the suite crawl, so tests/conftest.py
calls ``use_profile(TEST_PROFILE)`` once. Nothing else may: there is no
environment variable for it, so a deployed program cannot be talked into weak
hashes. Hashes made under the test profile are re-made with PRODUCTION at the
next sign-in of a program that runs with it.
"""

from __future__ import annotations

import time
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.store import cipher
from iopdesk.store.cipher import KdfProfile

if TYPE_CHECKING:
    from argon2 import PasswordHasher

# argon2 is imported where a password is hashed or checked, not with this module: a clinic whose
# accounts have no passwords never loads it, and an encrypted one loads it while the person types.

MIN_LENGTH = 12
MAX_LENGTH = 1024  # long pass phrases are welcome; a pasted file is not


# One set of argon2id costs for password hashes and for the keys that wrap the database key
# (store/cipher.py), measured together: both are what a sign-in waits for.
HashProfile = KdfProfile
PRODUCTION = cipher.PRODUCTION
TEST_PROFILE = cipher.TEST_PROFILE

_profile = PRODUCTION


def use_profile(profile: HashProfile) -> None:
    """Change the parameters new hashes get (tests only: see the module's docstring)."""
    global _profile
    _profile = profile
    _hasher.cache_clear()
    _dummy_hash.cache_clear()


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    from argon2 import PasswordHasher, Type

    p = _profile
    return PasswordHasher(
        time_cost=p.time_cost, memory_cost=p.memory_cost, parallelism=p.parallelism, type=Type.ID
    )


def normalize(password: str) -> str:
    """The same pass phrase typed on two keyboards (composed or decomposed accents) is one password."""
    return unicodedata.normalize("NFC", password)


def check_policy(password: str) -> None:
    """At least 12 characters; nothing else is required (length is what makes a password strong)."""
    if not isinstance(password, str):
        raise ValidationError("Type a password.", field="password")
    length = len(normalize(password))
    if length < MIN_LENGTH:
        raise ValidationError(
            f"A password needs at least {MIN_LENGTH} characters (this one has {length}). "
            "Every character counts, spaces too: a few unrelated words make a strong one.",
            field="password",
        )
    if length > MAX_LENGTH:
        raise ValidationError(f"A password can have at most {MAX_LENGTH} characters.", field="password")


def hash_password(password: str) -> str:
    return _hasher().hash(normalize(password))


def verify(stored_hash: str | None, password: str) -> bool:
    """True when ``password`` matches. A missing or damaged hash never matches (and costs the same time)."""
    from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

    if not stored_hash:
        dummy_verify(password)
        return False
    try:
        return _hasher().verify(stored_hash, normalize(password))
    except (VerifyMismatchError, VerificationError):
        return False
    except InvalidHashError:
        dummy_verify(password)
        return False


def needs_rehash(stored_hash: str) -> bool:
    from argon2.exceptions import InvalidHashError

    try:
        return _hasher().check_needs_rehash(stored_hash)
    except (InvalidHashError, ValueError):
        return True


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher().hash("not a password of anyone's")


def dummy_verify(password: str) -> None:
    """Spend the time of a real check, so an unknown user name answers as slowly as a wrong password."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        _hasher().verify(_dummy_hash(), normalize(password))
    except (VerificationError, InvalidHashError):
        pass


def measure(rounds: int = 5) -> float:
    """Median seconds one verification takes with the current parameters, on this machine."""
    stored = hash_password("correct horse battery staple")
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        verify(stored, "correct horse battery staple")
        times.append(time.perf_counter() - started)
    return sorted(times)[len(times) // 2]
