"""The privacy banner is always true (issue 14): toggling `p` on several screens, inside dialogs and after
switching screens, every screen's banner — shown, or behind a dialog, or further down the stack — says exactly
what the app's privacy state is, and the room sees the banner exactly while identifiers are hidden."""

import html

from textual.binding import Binding

from mdt_tui.pathway import Stage
from mdt_tui.screens.kit.base import MdtScreen
from mdt_tui.screens.kit.privacy_banner import PrivacyBanner
from mdt_tui.screens.meeting.dialogs import ActionDialog
from mdt_tui.screens.people.finder import FinderScreen
from tests.pilot_helpers import SIZE, app_for, open_plan, settle


def key_of(screen, action: str) -> str:
    """The key a screen binds to one of its actions (keys are kept in one registry and may move)."""
    return next(b.key for b in type(screen).BINDINGS if isinstance(b, Binding) and b.action == action)


def banner_is_true(app) -> None:
    private = app.privacy
    assert all(s.query(PrivacyBanner) for s in app.screen_stack if isinstance(s, MdtScreen))
    for screen in app.screen_stack:  # every banner: on top, on a dialog, behind it, or lower in the stack
        for banner in screen.query(PrivacyBanner):
            assert banner.state_shown is private, (type(screen).__name__, private)
    seen = html.unescape(app.export_screenshot()).replace("\xa0", " ")
    assert ("PRIVACY MODE" in seen) is private, (type(app.screen).__name__, private)


async def test_banner_follows_privacy_across_screens_and_dialogs(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        banner_is_true(app)  # off at start: no banner
        await pilot.press("p")
        await settle(app, pilot)
        assert app.privacy
        banner_is_true(app)
        await pilot.press("c")  # a screen opened while on shows the banner from its first frame
        await settle(app, pilot)
        banner_is_true(app)
        await pilot.press("p")  # off on the cohort review: home below it turns off too
        await settle(app, pilot)
        assert not app.privacy
        banner_is_true(app)
        await pilot.press("escape")
        await settle(app, pilot)
        banner_is_true(app)
        person = app.store.people([Stage.ASSESSED])[0]
        await open_plan(app, pilot, person.id)
        await pilot.press(
            key_of(app.screen, "add_action")
        )  # a dialog over the plan (its first field a number choice, not a text box)
        await settle(app, pilot)
        assert isinstance(app.screen, ActionDialog)
        for expected in (True, False, True):
            await pilot.press("p")  # toggled from inside the dialog: the plan's banner behind it follows
            await settle(app, pilot)
            assert app.privacy is expected
            banner_is_true(app)
        await pilot.press("escape")
        await settle(app, pilot)
        banner_is_true(app)
        await pilot.press("ctrl+f", "p")  # typed into the finder's search box: a letter, not the toggle
        await settle(app, pilot)
        assert isinstance(app.screen, FinderScreen) and app.privacy
        banner_is_true(app)
        await pilot.press("escape", "h", "p")
        await settle(app, pilot)
        assert not app.privacy and len(app.screen_stack) >= 1
        banner_is_true(app)


async def test_p_in_a_dialog_that_shows_names_redraws_them_or_is_refused(demo_db, settings):
    """The theograph redraws its title with initials on p; a dialog that drew a name as it opened (consent, its
    title naming the person) refuses p with one sentence instead of showing the name under the banner."""
    from mdt_tui.screens.impact.theograph import TheographDialog
    from mdt_tui.screens.kit.privacy_banner import privacy_follows
    from tests.pilot_helpers import notification_texts, open_cohort, open_consent

    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_cohort(app, pilot)
        person = app.screen.current
        await pilot.press(key_of(app.screen, "theograph"))
        await settle(app, pilot)
        assert isinstance(app.screen, TheographDialog)
        name = f"{person.family_name}, {person.given_name}"
        assert name in html.unescape(app.export_screenshot()).replace("\xa0", " ")
        await pilot.press("p")
        await settle(app, pilot)
        seen = html.unescape(app.export_screenshot()).replace("\xa0", " ")
        assert app.privacy and name not in seen and f"{person.given_name[0]}.{person.family_name[0]}." in seen
        banner_is_true(app)
        await pilot.press("escape", "p", "h")
        await settle(app, pilot)
        assert not app.privacy
        await open_consent(app, pilot)
        await pilot.press(key_of(app.screen, "consent"))
        await settle(app, pilot)
        assert not privacy_follows(app.screen)
        await pilot.press("p")
        await settle(app, pilot)
        assert not app.privacy and "Close this dialog first (escape), then press p." in notification_texts(app)
        banner_is_true(app)


def screen_lines(app) -> list[str]:
    """The terminal's rows as the user sees them (the top screen over those behind it)."""
    strips = app.screen._compositor.render_strips()
    return ["".join(segment.text for segment in strip) for strip in strips]


async def test_a_small_dialog_shows_the_banner_once_and_leaves_the_title_line(demo_db, settings):
    """Issue 14 (H12 D2): with privacy on, help at 80×24 showed the banner twice, the dialog's covering the title
    line. The dialog's banner now lies over the screen's: once, under the title bar."""
    from mdt_tui.screens.kit.help import HelpScreen
    from mdt_tui.screens.kit.privacy_banner import BANNER_ON

    app = app_for(demo_db, settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p")
        await settle(app, pilot)
        await pilot.press("question_mark")
        await settle(app, pilot)
        assert isinstance(app.screen, HelpScreen) and app.privacy
        rows = screen_lines(app)
        assert "mdt-tui" in rows[0] and BANNER_ON not in rows[0]
        assert BANNER_ON in rows[1] and sum(BANNER_ON in row for row in rows) == 1
        banner_is_true(app)
