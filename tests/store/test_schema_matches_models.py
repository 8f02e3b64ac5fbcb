"""The migrations must build exactly the schema the models describe."""

from playhouse.schema_diff import diff_models

from iopdesk.store.models import ALL_MODELS

# Made by migrations for one engine only, on what no model field describes: PostgreSQL's full-text
# index on an expression of the note's text (0007; SQLite's FTS5 index is a table of its own).
ENGINE_INDEXES = {"note_fulltext"}


def test_migrated_schema_matches_models(db):
    diff = diff_models(db, ALL_MODELS)
    diff = diff._replace(drop_indexes=[i for i in diff.drop_indexes if i.name not in ENGINE_INDEXES])
    assert not diff, str(diff)
