"""Saved views (issue 14): a list's `/` filter saved under a name with S and recalled by number with V, the
same after the app is closed and opened again on the same file; bad input is one sentence and saves nothing."""

import pytest
from textual.widgets import Input

from mdt_tui.errors import MdtError
from mdt_tui.screens.kit.saved_views import SaveViewDialog, ViewPicker
from mdt_tui.screens.plan.actions import ActionsScreen
from mdt_tui.store.store import Store
from tests.conftest import COORDINATOR
from tests.pilot_helpers import SIZE, app_for, ids_in, notification_texts, open_cohort, settle


def test_a_view_is_saved_replaced_by_name_and_audited(store):
    first = store.save_view(COORDINATOR, "cohort", "Frail,  awaiting", " frail status:awaiting ")
    assert (first.name, first.filter) == ("Frail, awaiting", "frail status:awaiting")
    store.save_view(COORDINATOR, "cohort", "High risk", "risk:high")
    again = store.save_view(COORDINATOR, "cohort", "frail, AWAITING", "frail")  # the same name, any case
    assert again.id == first.id  # keeps its number
    assert [(v.name, v.filter) for v in store.saved_views("cohort")] == [
        ("frail, AWAITING", "frail"),
        ("High risk", "risk:high"),
    ]
    assert store.saved_views("actions") == []  # views belong to their own list
    audit = store.db.execute("SELECT action FROM audit WHERE action = 'save_view'").fetchall()
    assert len(audit) == 3


@pytest.mark.parametrize(
    ("name", "filter_text", "says"),
    [
        ("", "frail", "Give the view a name"),
        ("Frail", "  ", "no filter to save"),
        ("x" * 41, "frail", "at most 40"),
        ("Frail", "frail\x1b[2J", "control character"),
    ],
)
def test_bad_views_are_refused_in_one_sentence_and_nothing_is_saved(store, name, filter_text, says):
    with pytest.raises(MdtError, match=says):
        store.save_view(COORDINATOR, "cohort", name, filter_text)
    assert store.saved_views("cohort") == []


async def test_cohort_view_saved_then_recalled_after_a_restart(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        table = await open_cohort(app, pilot, "status:awaiting")
        wanted = ids_in(table)
        await pilot.press("S")
        await settle(app, pilot)
        assert isinstance(app.screen, SaveViewDialog)
        await pilot.press("enter")  # no name: refused on the form, nothing saved
        assert isinstance(app.screen, SaveViewDialog) and app.store.saved_views("cohortreview") == []
        await pilot.press(*"Awaiting review", "enter")
        await settle(app, pilot)
        assert [(v.name, v.filter) for v in app.store.saved_views("cohortreview")] == [
            ("Awaiting review", "status:awaiting")
        ]
    with Store.open(demo_db) as store:  # it is in the file, not in the closed app
        assert [v.name for v in store.saved_views("cohortreview")] == ["Awaiting review"]
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        table = await open_cohort(app, pilot)
        assert len(ids_in(table)) > len(wanted)  # everyone, before the view
        await pilot.press("V")
        await settle(app, pilot)
        assert isinstance(app.screen, ViewPicker)
        await pilot.press("1")
        await settle(app, pilot)
        box = app.screen.query_one("#cohort-filter", Input)
        assert box.value == "status:awaiting" and ids_in(table) == wanted


async def test_actions_view_recalled_after_a_restart_and_empty_filter_refused(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert isinstance(app.screen, ActionsScreen)
        everyone = len(app.screen.items)
        await pilot.press("S")  # nothing typed in the filter: one sentence, no dialog
        assert not isinstance(app.screen, SaveViewDialog)
        assert "No filter to save: press / and type one, then S saves it." in notification_texts(app)
        await pilot.press("V")
        assert "No saved views for this list yet: / to filter, then S saves it." in notification_texts(app)
        await pilot.press("slash", *"falls", "enter", "S", *"Falls", "enter")
        await settle(app, pilot)
        shown = app.screen.table.row_count
        assert 0 < shown < everyone
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert app.screen.table.row_count == everyone
        await pilot.press("V", "1")
        await settle(app, pilot)
        assert app.screen.filter_box.value == "falls" and app.screen.filter_box.display
        assert app.screen.table.row_count == shown and app.screen.table.has_focus
