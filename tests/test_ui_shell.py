"""The app shell driven by keys with Textual's Pilot, on a real demo database."""

import json

from textual.widgets import DataTable, OptionList

from mdt_tui.pathway import Stage
from mdt_tui.roles import Role
from mdt_tui.screens.first_run import FirstRunScreen
from mdt_tui.screens.home import HomeScreen
from mdt_tui.screens.kit.help import HelpScreen, key_rows
from mdt_tui.screens.people.finder import FinderScreen
from mdt_tui.screens.people.listing import PeopleScreen
from mdt_tui.screens.people.person import PersonScreen
from mdt_tui.settings import Settings
from tests.pilot_helpers import SIZE, app_for, settle, text_of


async def test_pipeline_count_opens_the_people_behind_it(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, HomeScreen)
        pipeline = app.screen.query_one("#pipeline", OptionList)
        assert "180" in str(pipeline.get_option_at_index(0).prompt)
        await pilot.press("down", "down", "enter")  # "Waiting contact"
        await settle(app, pilot)
        assert isinstance(app.screen, PeopleScreen)
        table = app.screen.query_one(DataTable)
        expected = app.store.people([Stage.AWAITING_CONTACT])
        assert table.row_count == len(expected) == 14
        assert table.get_row_at(0)[0] == expected[0].display_name
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen) and app.screen.person_id == expected[0].id
        history = app.screen.query_one("#history", DataTable)
        assert history.row_count == len(app.store.history(expected[0].id))
        await pilot.press("escape")
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_filter_a_list_with_slash(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("slash", *"wilson")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        wilsons = [p for p in app.store.people() if p.family_name == "Wilson"]
        assert 2 <= table.row_count == len(wilsons) < 180
        await pilot.press("escape")
        assert table.row_count == 180


async def test_finder_from_anywhere_opens_the_person(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("ctrl+f")
        assert isinstance(app.screen, FinderScreen)
        await pilot.press(*"wilson mo", "enter")
        await pilot.pause()
        mohammed = [p for p in app.store.people() if p.display_name == "Wilson, Mohammed"][0]
        assert isinstance(app.screen, PersonScreen) and app.screen.person_id == mohammed.id
        household = text_of(app.screen.query_one("#household"))
        assert "lives with Irene Wilson" in household or "Wilson, Irene" in household
        await pilot.press("h")
        assert isinstance(app.screen, HomeScreen)


async def test_help_lists_every_key(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        described = {(row[0], row[1]) for row in key_rows()}
        for key in ("?", "ctrl+f", "h", "p", "ctrl+q", "ctrl+p"):
            assert ("Everywhere", key) in described
        for key in ("c", "n", "a", "l", "r", "m"):
            assert ("Home", key) in described
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_privacy_mode_hides_identifiers_everywhere(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        first = app.store.people()[0]
        await pilot.press("p")
        await pilot.pause()
        assert app.screen.query_one("#privacy-banner").display
        name, _, nhs = table.get_row_at(0)[:3]
        assert name == f"{first.given_name[0]}.{first.family_name[0]}." and nhs == "••• ••• ••••"
        await pilot.press("enter")
        await pilot.pause()
        identity = text_of(app.screen.query_one("#identity"))
        assert first.family_name not in identity and first.nhs_number[:3] + " " not in identity
        await pilot.press("p")
        await pilot.pause()
        assert not app.screen.query_one("#privacy-banner").display
        assert first.family_name in text_of(app.screen.query_one("#identity"))


async def test_first_start_asks_name_and_role_and_stores_them(demo_db, isolated_config):
    app = app_for(demo_db, Settings(), isolated_config)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, FirstRunScreen)
        await pilot.press("enter")  # no name yet: roles get focus, but choosing one is refused
        await pilot.press("enter")
        assert isinstance(app.screen, FirstRunScreen)
        await pilot.click("#name")
        await pilot.press(*"Priya Raman", "enter", "down", "enter")  # second role: GP
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "Priya Raman (GP)" in app.sub_title
    stored = json.loads(isolated_config.read_text())
    assert stored["user"] == {"name": "Priya Raman", "role": Role.GP.value}
    assert (isolated_config.stat().st_mode & 0o777) == 0o600


async def test_m_opens_the_next_meeting_escape_returns_and_ctrl_q_quits(demo_db, settings):
    from mdt_tui.screens.meeting.agenda import AgendaScreen

    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        assert isinstance(app.screen, AgendaScreen) and app.screen.meeting_id == app.store.next_meeting_id()
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
