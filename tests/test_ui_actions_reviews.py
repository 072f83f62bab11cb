"""Everyone's actions by owner, closed by keys; the reviews list: triggered review and step down by keys."""

from textual.widgets import DataTable

from mdt_tui.pathway import CASELOAD_STAGES, Stage
from mdt_tui.screens.app import make_app
from mdt_tui.screens.cohort.table import ListTable
from mdt_tui.screens.plan.actions import ActionsScreen
from mdt_tui.screens.reviews.due import ReviewsScreen
from tests.conftest import COORDINATOR, TODAY
from tests.pilot_helpers import settle


def highlighted_key(table: DataTable) -> str:
    return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value


def highlighted_action(table: ListTable) -> int:
    return table.current.id


async def test_open_actions_by_owner_done_and_cancel(demo_db, settings):
    app = make_app(demo_db, settings, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab", "down", "down", "down", "enter")  # This week › Open actions, by owner
        await settle(app, pilot)
        assert isinstance(app.screen, ActionsScreen)
        table = app.screen.query_one(ListTable)
        open_actions = app.store.actions(by_owner=True)
        assert table.row_count == len(open_actions) > 5
        owners = [table.get_row_at(i)[0] for i in range(table.row_count)]
        assert owners == sorted(owners)
        done_id = highlighted_action(table)
        await pilot.press("d")
        await settle(app, pilot)
        await pilot.press("delete")
        await pilot.pause()
        cancel_id = highlighted_action(table)
        await pilot.press(*"duplicate of GP referral", "enter")
        await settle(app, pilot)
        assert table.row_count == len(open_actions) - 2
        await pilot.press("o")
        await settle(app, pilot)
        assert table.columns[0][1] == "Due"
    closed = {a.id: a for a in app.store.actions(open_only=False)}
    assert (closed[done_id].status, closed[done_id].closed_by) == ("done", COORDINATOR.name)
    assert (closed[cancel_id].status, closed[cancel_id].cancel_reason) == ("cancelled", "duplicate of GP referral")


async def test_filter_the_actions_with_slash_then_close_one_of_those_shown(demo_db, settings):
    app = make_app(demo_db, settings, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab", "down", "down", "down", "enter")  # This week › Open actions, by owner
        await settle(app, pilot)
        everyone = app.store.actions(by_owner=True)
        owner = everyone[-1].owner
        theirs = [a for a in everyone if owner.lower() in f"{a.owner} {a.description}".lower()]
        assert 0 < len(theirs) < len(everyone)
        await pilot.press("slash", *owner.lower(), "enter")  # enter: back to the list, still filtered
        table = app.screen.query_one(ListTable)
        assert table.row_count == len(theirs)
        assert f"showing {len(theirs)} of {len(everyone)}" in str(app.screen.query_one("#actions-title").content)
        done_id = highlighted_action(table)
        assert done_id in {a.id for a in theirs}
        await pilot.press("d")
        await settle(app, pilot)
        assert table.row_count == len(theirs) - 1  # still filtered after the reload
        await pilot.press("slash", "escape")  # escape clears the filter first…
        assert table.row_count == len(everyone) - 1 and isinstance(app.screen, ActionsScreen)
        await pilot.press("escape")  # …then goes back
        assert not isinstance(app.screen, ActionsScreen)
    assert {a.id: a for a in app.store.actions(open_only=False)}[done_id].status == "done"


async def test_reviews_trigger_and_step_down_by_keys(demo_db, settings):
    app = make_app(demo_db, settings, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await settle(app, pilot)
        assert isinstance(app.screen, ReviewsScreen)
        table = app.screen.query_one(DataTable)
        stages = [
            app.store.person(int(table.coordinate_to_cell_key((i, 0)).row_key.value)).stage
            for i in range(table.row_count)
        ]
        await pilot.press(*["down"] * stages.index(Stage.PLANNED))  # the first planned person overdue
        first = int(highlighted_key(table))
        assert app.store.person(first).stage is Stage.PLANNED
        await pilot.press("t", "1", "ctrl+s")
        await settle(app, pilot)
        assert app.store.person(first).stage is Stage.REVIEW_DUE
        assert app.store.history(first)[-1].details["trigger"] == "Hospital admission"
        keys = [table.coordinate_to_cell_key((i, 0)).row_key.value for i in range(table.row_count)]
        await pilot.press(*["up"] * table.cursor_row, *["down"] * keys.index(str(first)))  # back to them
        assert highlighted_key(table) == str(first)
        await pilot.press("4", *"Stable for six months", "enter")  # 4 steps down, as in the meeting
        await settle(app, pilot)
        stepped = app.store.person(first)
        assert stepped.stage is Stage.STEPPED_DOWN and Stage.STEPPED_DOWN in CASELOAD_STAGES
        assert app.store.history(first)[-1].details["reason"] == "Stable for six months"
