"""The store's tests may plan faults of their database: ``store_faults`` (tests/support/faults.py)."""

from tests.support.faults import store_faults  # noqa: F401  (a fixture, found by name)
