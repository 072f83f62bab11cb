"""The team first: a new database's first run opens the roster; the roster is one key from home and in
the palette; enter on a member edits them."""

from mdt_tui.roles import Role
from mdt_tui.screens.first_run import FirstRunScreen
from mdt_tui.screens.home import HomeScreen
from mdt_tui.screens.meeting.roster import MemberDialog, RosterScreen
from mdt_tui.settings import Settings
from tests.pilot_helpers import app_for, settle


async def test_a_new_database_asks_for_the_team_after_sign_in(tmp_path):
    app = app_for(tmp_path / "new.db", Settings(), tmp_path / "settings.json")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, FirstRunScreen)
        await pilot.press(*"Jo Bennett", "enter", "enter")  # name; the first role
        await settle(app, pilot)
        assert isinstance(app.screen, RosterScreen)
        await pilot.press("plus", *"Dr Amara Okafor", "tab", "1", *"Riverside", "enter")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
    # 1 starts 10 and 11 too: typing on takes 1, and the letters land in Organisation, none lost
    assert [(m.name, m.role, m.organisation) for m in app.store.team()] == [("Dr Amara Okafor", Role.GP, "Riverside")]


async def test_t_on_home_opens_the_roster_and_enter_edits_a_member(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        assert isinstance(app.screen, RosterScreen)
        first = app.store.team()[0]
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, MemberDialog)
        await pilot.press("tab", "tab", "end", *" (Tues)", "ctrl+s")
        await settle(app, pilot)
    assert app.store.team_member(first.id).organisation == first.organisation + " (Tues)"


async def test_the_palette_offers_the_roster(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Team roster" in titles


async def test_a_member_has_the_same_number_in_every_team_picker(demo_db, settings):
    from mdt_tui.screens.kit.forms import Choice
    from tests.helpers.cga_screen import caseload_person

    app = app_for(demo_db, settings)
    roster = [m.id for m in app.store.team()]
    seen = {}

    def picked_order(where: str) -> None:
        choices = [c for c in app.screen.query(Choice) if any(isinstance(k, int) for k, _ in c.options)]
        seen[where] = [k for k, _ in choices[0].options if k is not None]

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.open_step("plan", caseload_person(app).id)
        await settle(app, pilot)
        await pilot.press("x")  # add an action: x here as in the meeting
        await settle(app, pilot)
        picked_order("plan action owner")
        await pilot.press("escape", "escape", "n")  # consent: c changes who makes first contact
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        picked_order("first contact")
        await pilot.press("escape", "escape", "m")
        await settle(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
        await pilot.press("x")
        await settle(app, pilot)
        picked_order("meeting action owner")
    assert len(seen) == 3 and all(order == roster for order in seen.values()), seen
