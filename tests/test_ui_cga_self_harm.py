"""PHQ-9 item 9 by keys: the CGA cannot be left until the same-day action is recorded; home shows it until then."""

from textual.widgets import OptionList

from mdt_tui.cga.self_harm import Outcome
from mdt_tui.screens.cga.assessment import CgaScreen
from mdt_tui.screens.cga.self_harm import SelfHarmDialog, SelfHarmPeopleScreen
from mdt_tui.screens.home import HomeScreen
from tests.helpers.cga_screen import NEXT_TAB, SIZE, app_for, caseload_person, open_cga, text_of
from tests.pilot_helpers import settle


async def test_item_9_above_0_stops_the_cga_until_the_action_is_recorded_and_heads_home_until_then(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        person = caseload_person(app)
        await open_cga(app, pilot, person.id)
        await pilot.press(NEXT_TAB, "enter")  # Mental: PHQ-9
        await pilot.press(*"11111111", "2")  # items 1-8 "not at all", item 9 "several days" (1)
        await settle(app, pilot)
        assert isinstance(app.screen, SelfHarmDialog)
        for key in ("escape", "escape", "h", "ctrl+f"):  # none of these clear it or leave
            await pilot.press(key)
            await settle(app, pilot)
            assert isinstance(app.screen, SelfHarmDialog)
        assert "cannot be skipped" in text_of(app.screen.query_one("#self-harm-why"))
        assert [p.person_id for p in app.store.self_harm_pending()] == [person.id]
        assert app.store.cga_draft(person.id).answers["phq9"]["q9"] == 1  # the answer itself was saved
        assert app.store.latest_self_harm_action(person.id) is None

    # The app was closed with the action still due: home heads with it, and enter leads to the CGA.
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        alerts = home.query_one("#alerts", OptionList)
        assert alerts.display and app.focused is alerts
        assert "self-harm answer not yet actioned — 1" in str(alerts.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SelfHarmPeopleScreen)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SelfHarmDialog)  # the CGA asks again at once
        await pilot.press("escape")  # still cannot leave the CGA without it
        await settle(app, pilot)
        assert isinstance(app.screen, SelfHarmDialog)
        clinician = app.screen.clinicians[1]
        await pilot.press("down", "enter", "2")  # the second clinician; 2 = referred to crisis team or GP today
        await settle(app, pilot)
        assert isinstance(app.screen, CgaScreen)
        action = app.store.latest_self_harm_action(person.id)
        assert (action.clinician_id, action.outcome, action.recorded_by) == (
            clinician.id,
            Outcome.REFERRED,
            settings.user.name,
        )
        await pilot.press("escape")  # the form's sections
        await pilot.press("escape")  # now the CGA can be left
        await settle(app, pilot)
        assert isinstance(app.screen, SelfHarmPeopleScreen)
        await pilot.press("h")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen) and not app.screen.query_one("#alerts").display
    assert app.store.self_harm_pending() == []


async def test_other_takes_words_and_escape_in_its_box_goes_back_to_choosing_not_out(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        person = caseload_person(app)
        await open_cga(app, pilot, person.id)
        await pilot.press(NEXT_TAB, "enter", *"11111111", "4")  # item 9 "nearly every day" (3)
        await settle(app, pilot)
        await pilot.press("4", "enter")  # other, with no words: refused
        assert isinstance(app.screen, SelfHarmDialog) and "needs a few words" in text_of(
            app.screen.query_one("#self-harm-why")
        )
        await pilot.press("escape")
        assert isinstance(app.screen, SelfHarmDialog) and isinstance(app.focused, OptionList)
        await pilot.press("4", *"home visit with her", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, CgaScreen)
    action = app.store.latest_self_harm_action(person.id)
    assert (action.answer, action.outcome, action.detail) == (3, Outcome.OTHER, "home visit with her")
