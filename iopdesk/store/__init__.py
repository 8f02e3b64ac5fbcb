"""The database layer: connection, models and migrations. No Qt, no clinic rules.

``transaction``, ``waiting_at_most``, ``after_transaction``, ``settle_after`` and ``current`` live in
``store/transactions.py`` and are handed out from here when first asked for, so that
reading the key file (``store.keyring``) or an error class (``store.errors``) does not
load peewee and the models: the sign-in screen is drawn before them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from iopdesk.store.transactions import (
        after_transaction,
        current,
        settle_after,
        transaction,
        waiting_at_most,
    )

__all__ = ["after_transaction", "current", "settle_after", "transaction", "waiting_at_most"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from iopdesk.store import transactions

        value = getattr(transactions, name)
        globals()[name] = value  # asked once
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
