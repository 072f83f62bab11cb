"""The command palette offers every action of the screen it is opened on, by name, and runs it."""

import inspect

from mdt_tui.pathway import Stage
from mdt_tui.screens.meeting.roster import RosterScreen
from mdt_tui.screens.plan.care_plan import PlanScreen
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


async def run(command) -> None:
    """What the palette does with a chosen command: call it, and await it when it is a coroutine."""
    if inspect.isawaitable(result := command.callback()):
        await result


async def test_the_palette_offers_every_registry_action_by_name_from_any_screen(demo_db, settings):
    """Issue 14: every action of the key registry is in the palette by its name, exports, roster and minutes too;
    one that needs its own screen says where it is, and on that screen it runs."""
    from mdt_tui.screens.kit.keys import ACTIONS
    from tests.pilot_helpers import notification_texts

    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        wanted = {a.palette_title for a in ACTIONS.values() if a.run or a.where}
        assert wanted <= set(commands), wanted - set(commands)
        assert {"Team roster", "Export the care plan", "Write the meeting minutes", "Open: CGA assessment"} <= wanted
        await run(commands["Export the care plan"])
        await settle(app, pilot)
        assert any("on a person's plan (l), press X" in text for text in notification_texts(app))
        assert not list((demo_db.parent / "exports").glob("care-plan-*.html"))  # nothing written from home
        await run(commands["Team roster"])
        await settle(app, pilot)
        assert isinstance(app.screen, RosterScreen)
        person = app.store.people([Stage.PLANNED])[0]
        await pilot.press("h")
        await open_plan(app, pilot, person.id)
        export = next(c for c in app.get_system_commands(app.screen) if c.title == "Export the care plan")
        await run(export)
        await settle(app, pilot)
        assert list((demo_db.parent / "exports").glob("care-plan-*.html"))
