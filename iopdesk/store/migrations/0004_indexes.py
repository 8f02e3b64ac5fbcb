"""0004: indexes that keep the busiest screens instant on years of data.

Hand-written (frozen: it must not import application code, which changes later).
Each index answers one look-up that otherwise walked rows piling up with the years
(found with the benchmarks, tests/benchmarks):

- ``note (client_id, author_id)``: "did this counselor write about this client?",
  asked for every note a search or a co-sign queue considers (caseload scope).
  Without it SQLite read every note the counselor ever wrote.
- ``attendance (client_id, session_id)`` and ``session (id, facilitator_id)``:
  "did this counselor lead a session the client came to?", the same caseload
  question, answered from the two indexes alone (half the time of reading the
  rows behind them).
- ``note (status)``: the notes waiting for a co-signature (a few hundred among
  hundreds of thousands of signed ones).
- ``session (site_id, origin_date)``: the generated sessions of one site and a
  few days, looked up each time a day's sessions are shown.
"""

INDEXES = (
    ("note", ("client_id", "author_id")),
    ("attendance", ("client_id", "session_id")),
    ("session", ("id", "facilitator_id")),
    ("note", ("status",)),
    ("session", ("site_id", "origin_date")),
)


def up(migrator, db):
    migrator.migrate(*(migrator.add_index(table, columns, False) for table, columns in INDEXES))


def down(migrator, db):
    migrator.migrate(
        *(migrator.drop_index(table, "_".join((table, *columns))) for table, columns in reversed(INDEXES))
    )
