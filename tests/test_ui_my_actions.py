"""My actions: y on home lists the signed-in person's own open actions across everyone, soonest due first."""

from mdt_tui.models import User
from mdt_tui.roles import Role
from mdt_tui.screens.home import HomeScreen
from mdt_tui.screens.plan.actions import ActionsScreen
from mdt_tui.settings import Settings
from tests.pilot_helpers import app_for, notification_texts, settle


async def test_y_lists_only_my_open_actions_soonest_first(demo_db):
    app = app_for(demo_db, Settings(user=User(name="Jo Bennett", role=Role.CARE_COORDINATOR)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        me = next(m for m in app.store.team() if m.name == "Jo Bennett")
        mine = app.store.actions(owner_id=me.id)
        assert mine and len(mine) < len(app.store.actions())  # the demo has hers and others': this can fail
        await pilot.press("y")
        await settle(app, pilot)
        assert isinstance(app.screen, ActionsScreen)
        assert [i.id for i in app.screen.items] == [a.id for a in mine]
        dues = [i.due_date for i in app.screen.items if i.due_date]
        assert dues == sorted(dues)


async def test_someone_not_on_the_roster_is_told_how_to_have_actions(demo_db):
    app = app_for(demo_db, Settings(user=User(name="Visiting Locum", role=Role.GP)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert any("not on the team roster" in t for t in notification_texts(app))
