"""The command palette offers every action of the screen it is opened on, by name, and runs it."""

from mdt_tui.pathway import Stage
from mdt_tui.screens.plan import PlanScreen
from mdt_tui.screens.roster import RosterScreen
from tests.pilot_helpers import SIZE, app_for, open_plan, settle


async def test_the_palette_names_the_plan_export_and_the_agenda_minutes_and_runs_them(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        person = app.store.people([Stage.PLANNED])[0]
        await open_plan(app, pilot, person.id)
        assert isinstance(app.screen, PlanScreen)
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        export = next(title for title in commands if title.startswith("Export"))
        await commands[export].callback()
        await pilot.pause()
        assert list((demo_db.parent / "exports").glob("care-plan-*.html"))
        await pilot.press("escape", "m")
        await settle(app, pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert any(t.startswith("Write doc") for t in titles) and any(t.startswith("Team") for t in titles)
        team = next(c for c in app.get_system_commands(app.screen) if c.title.startswith("Team ("))
        await team.callback()
        await settle(app, pilot)
        assert isinstance(app.screen, RosterScreen)
