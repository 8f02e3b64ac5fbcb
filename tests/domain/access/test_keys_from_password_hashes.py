"""A copy of the database key wrapped from an account's password hash, not its password (a laptop
made from the clinic's server, and after a sync brought a new password): it opens with exactly the
password that hash verifies. No database, no Qt."""

from __future__ import annotations

import unicodedata

import pytest

from iopdesk.domain.access import passwords
from iopdesk.store import cipher, keyring

PASSWORD = "a long pass phrase for tests"


def test_the_hash_alone_wraps_a_key_the_password_opens() -> None:
    key = cipher.new_key()
    wrapped = cipher.wrap_from_password_hash(key, passwords.hash_password(PASSWORD))
    assert wrapped is not None
    assert cipher.unwrap(wrapped, PASSWORD) == key
    with pytest.raises(cipher.WrongSecret):
        cipher.unwrap(wrapped, PASSWORD + "!")


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "plain text",
        "$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaA",  # argon2i: not what derive() makes
        "$argon2id$v=16$m=8,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaA",  # an old argon2 version
        "$argon2id$v=19$m=8,t=1$c2FsdHNhbHRzYWx0$aGFzaA",  # a cost missing
        "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaA",  # 4 bytes of output, not 32
        "$argon2id$v=19$m=8,t=1,p=1$!!!$@@@",
    ],
)
def test_a_hash_in_any_other_form_wraps_nothing(stored: str) -> None:
    assert cipher.wrap_from_password_hash(cipher.new_key(), stored) is None


def test_the_key_file_opens_such_a_copy_typed_with_decomposed_accents_too() -> None:
    composed = "café au lait, twice a day"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    key = cipher.new_key()
    keys = keyring.KeyFile.new()
    wrapped = cipher.wrap_from_password_hash(key, passwords.hash_password(decomposed))  # hashed as NFC
    assert wrapped is not None
    keys.set_wrapped("ann", wrapped)
    assert keys.unlock("ann", composed) == key
    assert keys.unlock("ann", decomposed) == key
    with pytest.raises(cipher.WrongSecret):
        keys.unlock("ann", "cafe au lait, twice a day")


def test_rewrapping_keeps_an_accounts_failed_attempts_and_lock() -> None:
    key = cipher.new_key()
    keys = keyring.KeyFile.new()
    keys.set_account("ann", key, PASSWORD)
    keys.failed("ann")
    wrapped = cipher.wrap_from_password_hash(key, passwords.hash_password("a new pass phrase here"))
    assert wrapped is not None
    keys.set_wrapped("ann", wrapped)
    assert keys.accounts[keys.tag("ann")].failures == 1
    assert keys.unlock("ann", "a new pass phrase here") == key
