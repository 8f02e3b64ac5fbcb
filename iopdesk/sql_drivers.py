"""peewee without its PostgreSQL driver until a server is used.

peewee imports psycopg (and with it asyncio and the binary libpq wrapper)
the moment it is imported, about 0.1 s on a quiet machine, whether the clinic
is a SQLite file or a server; so does playhouse.postgres_ext, which the
migrations runner loads. ``install`` (done by ``iopdesk/__init__.py``, before
anything imports peewee) makes those two imports skip psycopg; a server
connection (store/server.py) calls ``attach_postgresql`` first, which imports
psycopg and gives them what their own import would have set. Nothing else
changes: whoever imports psycopg directly gets it as always, and a peewee
imported before ``install`` (with psycopg) is left as it is.

What ``attach_postgresql`` sets is exactly what their own imports set when
psycopg is found (tests/store/test_sql_drivers.py checks it against modules
imported the usual way).
"""

from __future__ import annotations

import importlib.machinery
import sys
import threading
from types import ModuleType
from typing import Any

_lock = threading.Lock()
WITHOUT_PSYCOPG = ("peewee", "playhouse.postgres_ext")


# Plain classes, not importlib.abc's: importing that loads importlib.resources, tempfile and more.
class _Loader:
    """The module's own loader, running it with ``import psycopg`` failing."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self.inner.create_module(spec)  # type: ignore[no-any-return]

    def exec_module(self, module: ModuleType) -> None:
        blocked = "psycopg" not in sys.modules
        if blocked:
            sys.modules["psycopg"] = None  # type: ignore[assignment]  # "import psycopg" raises ImportError
        try:
            self.inner.exec_module(module)
        finally:
            if blocked and "psycopg" in sys.modules and sys.modules["psycopg"] is None:
                del sys.modules["psycopg"]

    def __getattr__(self, name: str) -> Any:  # get_source, get_filename, … as peewee's loader answers
        return getattr(self.inner, name)


class _Finder:
    def find_spec(
        self, fullname: str, path: Any = None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in WITHOUT_PSYCOPG:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return None
        spec.loader = _Loader(spec.loader)  # type: ignore[assignment]  # a loader by its methods
        return spec


def install() -> None:
    """Make the next import of peewee (and of playhouse.postgres_ext) skip psycopg (nothing if
    peewee is loaded already)."""
    if "peewee" in sys.modules or any(isinstance(f, _Finder) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _Finder())  # type: ignore[arg-type]  # a finder by its find_spec


def attach_postgresql() -> None:
    """Give peewee psycopg 3, as its own import would have (before a server connection is made)."""
    import peewee

    with _lock:
        if peewee.psycopg is not None:  # type: ignore[attr-defined]
            return
        import psycopg
        from psycopg.pq import TransactionStatus
        from psycopg.types.json import Json, Jsonb

        adapter: Any = peewee.Psycopg3Adapter  # type: ignore[attr-defined]
        adapter.txn_idle = TransactionStatus.IDLE
        adapter.txn_inerror = TransactionStatus.INERROR
        adapter.txn_unknown = TransactionStatus.UNKNOWN
        peewee.TransactionStatus = TransactionStatus  # type: ignore[attr-defined]
        peewee.Json_pg3 = Json  # type: ignore[attr-defined]
        peewee.Jsonb_pg3 = Jsonb  # type: ignore[attr-defined]
        extensions = sys.modules.get("playhouse.postgres_ext")
        if extensions is not None:
            from psycopg.types import TypeInfo
            from psycopg.types.hstore import register_hstore

            extensions.TypeInfo = TypeInfo  # type: ignore[attr-defined]
            extensions.register_hstore_pg3 = register_hstore  # type: ignore[attr-defined]
        peewee.psycopg = psycopg  # type: ignore[attr-defined]  # last: it says "attached"
