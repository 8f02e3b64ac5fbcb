"""peewee loads without psycopg (about 0.1 s of every start) until a server is used, and then has
exactly what its own import would have given it (iopdesk/sql_drivers.py)."""

from __future__ import annotations

import json
import subprocess
import sys

# What peewee's module and its psycopg 3 adapter hold that came from psycopg, as text.
FROM_PSYCOPG = """
import json, sys, types
import peewee
import playhouse.migrations  # what store/database.py loads: it loads playhouse.postgres_ext
from playhouse import postgres_ext

def origin(value):
    module = value.__name__ if isinstance(value, types.ModuleType) else getattr(value, "__module__", "")
    return str(module).split(".")[0] == "psycopg"

def text(value):  # the same object in two processes reads the same
    if isinstance(value, types.ModuleType):
        return value.__name__
    qualname = getattr(value, "__qualname__", None)
    return f"{value.__module__}.{qualname}" if qualname else repr(value)

found = {f"peewee.{k}": text(v) for k, v in vars(peewee).items() if origin(v)}
found.update({f"postgres_ext.{k}": text(v) for k, v in vars(postgres_ext).items() if origin(v)})
adapter = peewee.Psycopg3Adapter
for k in ("txn_idle", "txn_inerror", "txn_unknown"):
    found[f"adapter.{k}"] = text(getattr(adapter, k, None))
database = peewee.PostgresqlDatabase("postgresql://nowhere/x", prefer_psycopg3=True)
found["picked"] = type(database._adapter).__name__
print(json.dumps(found))
"""


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return done.stdout.strip().splitlines()[-1]


def test_importing_the_store_does_not_load_psycopg() -> None:
    out = _run(
        "import sys, iopdesk, peewee\n"
        "from iopdesk.store import database\n"
        "print('psycopg' in sys.modules, peewee.psycopg is None)\n"
        "import psycopg  # whoever wants it directly still gets it\n"
    )
    assert out == "False True"


def test_a_server_gets_what_peewees_own_import_would_have_given() -> None:
    usual = json.loads(_run(FROM_PSYCOPG))  # peewee imported the usual way (iopdesk not loaded)
    attached = json.loads(
        _run(
            "import iopdesk, peewee\nfrom iopdesk import sql_drivers\nsql_drivers.attach_postgresql()\n"
            + FROM_PSYCOPG
        )
    )
    assert usual["picked"] == "Psycopg3Adapter" and "peewee.psycopg" in usual
    assert "postgres_ext.register_hstore_pg3" in usual
    assert attached == usual
