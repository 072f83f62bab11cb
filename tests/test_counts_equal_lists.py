"""One definition per count: every number on the home screen equals the length of the list it opens."""

from mdt_tui.pipeline import pipeline_rows
from mdt_tui.store.store import Store
from tests.conftest import TODAY


def test_every_pipeline_count_equals_its_list(demo_db):
    with Store.open(demo_db) as store:
        rows = pipeline_rows(store.pipeline(TODAY, 150))
        lists = {row.key: (row.count, len(store.people(row.stages))) for row in rows}
    assert all(count == shown for count, shown in lists.values()), lists


def test_the_week_counts_equal_their_lists(demo_db):
    with Store.open(demo_db) as store:
        counts = store.pipeline(TODAY, 150)
        assert counts.reviews_due_this_week == len(store.reviews_due(TODAY))
        assert counts.reviews_overdue == len(store.reviews_overdue(TODAY))
        assert counts.actions_open == len(store.actions())
        assert counts.actions_overdue == len(store.actions(due_before=TODAY))
        assert counts.reviews_due_this_week > 0 and counts.reviews_overdue > 0  # the demo has both: this can fail
