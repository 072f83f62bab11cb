"""Undo for one-key changes: d in an actions list closes the action at once, the key bar offers
'u undo' for a few seconds, and u opens it again (audited); after the offer has gone u changes nothing."""

from mdt_tui.screens.app import make_app
from mdt_tui.screens.cohort.table import ListTable
from mdt_tui.screens.kit import undo
from mdt_tui.screens.kit.footer import KeyBar
from mdt_tui.screens.plan.actions import ActionsScreen
from tests.conftest import TODAY
from tests.pilot_helpers import settle


def highlighted_action(table) -> int:
    return table.current.id


def audited(app, action: str) -> list[int]:
    return [
        r[0]
        for r in app.store.db.execute("SELECT entity_id FROM audit WHERE action = ? ORDER BY id", [action]).fetchall()
    ]


async def test_d_closes_the_action_and_u_opens_it_again(demo_db, settings):
    app = make_app(demo_db, settings, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab", "down", "down", "down", "enter")  # This week › Open actions, by owner
        await settle(app, pilot)
        assert isinstance(app.screen, ActionsScreen)
        table = app.screen.query_one(ListTable)
        before = table.row_count
        done_id = highlighted_action(table)
        await pilot.press("d")
        await settle(app, pilot)
        assert done_id not in {a.id for a in app.store.actions()}
        assert "Action done — u undo" in str(app.screen.query_one(KeyBar).render())
        await pilot.press("u")
        await settle(app, pilot)
        assert table.row_count == before
        reopened = {a.id: a for a in app.store.actions()}[done_id]
        assert (reopened.status, reopened.closed_by) == ("open", None)
        assert audited(app, "action_reopened") == [done_id]
        assert "u undo" not in str(app.screen.query_one(KeyBar).render())
        await pilot.press("u")  # nothing left to undo: nothing changes
        await settle(app, pilot)
        assert audited(app, "action_reopened") == [done_id]


async def test_the_offer_goes_after_a_few_seconds(demo_db, settings, monkeypatch):
    monkeypatch.setattr(undo, "UNDO_SECONDS", 0.2)
    app = make_app(demo_db, settings, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab", "down", "down", "down", "enter")
        await settle(app, pilot)
        done_id = highlighted_action(app.screen.query_one(ListTable))
        await pilot.press("d")
        await settle(app, pilot)
        await pilot.pause(0.4)
        assert "u undo" not in str(app.screen.query_one(KeyBar).render())
        await pilot.press("u")
        await settle(app, pilot)
    assert done_id not in {a.id for a in app.store.actions()} and not audited(app, "action_reopened")


def test_the_store_reopens_only_a_closed_action(demo_db, user):
    import pytest

    from mdt_tui.errors import IllegalTransition
    from mdt_tui.store.store import Store

    with Store.open(demo_db) as store:
        action = store.actions()[0].id
        with pytest.raises(IllegalTransition):
            store.reopen_action(user, action)
        store.cancel_action(user, action, reason="duplicate")
        store.reopen_action(user, action)
        reopened = {a.id: a for a in store.actions()}[action]
    assert (reopened.status, reopened.cancel_reason, reopened.closed_at) == ("open", None, None)
