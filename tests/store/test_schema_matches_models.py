"""The migrations must build exactly the schema the models describe."""

from playhouse.schema_diff import diff_models

from iopdesk.store.models import ALL_MODELS


def test_migrated_schema_matches_models(db):
    diff = diff_models(db, ALL_MODELS)
    assert not diff, str(diff)
