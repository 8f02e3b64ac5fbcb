"""IOPdesk: group rosters, attendance and session notes for Intensive Outpatient Programs."""

__version__ = "0.1.0"
APP_NAME = "IOPdesk"

# peewee is imported without psycopg until a PostgreSQL server is used (sql_drivers.py).
from iopdesk import sql_drivers as _sql_drivers  # noqa: E402

_sql_drivers.install()
