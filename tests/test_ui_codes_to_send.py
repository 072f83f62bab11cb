"""The codes-to-send screen by keys: a clinician signs off one code, marked codes, or a practice's codes
(asked first); an administrator is refused with nothing stored; deliveries unconfirmed after 4 weeks show."""

from __future__ import annotations

from datetime import date, timedelta

from textual.command import CommandPalette

from mdt_tui.models import User
from mdt_tui.roles import Role
from mdt_tui.screens.app import make_app
from mdt_tui.screens.exports.codes_to_send import CodesToSendScreen
from mdt_tui.screens.home import HomeScreen
from mdt_tui.screens.kit.confirm import ConfirmDialog
from mdt_tui.settings import Settings
from tests.pilot_helpers import SIZE, app_for, notification_texts, settle, text_of


def _signed(app) -> set[int]:
    return {r[0] for r in app.store.db.execute("SELECT event_id FROM code_signoffs")}


async def _open(app, pilot) -> CodesToSendScreen:
    await settle(app, pilot)
    assert isinstance(app.screen, HomeScreen)
    await pilot.press("s")
    await settle(app, pilot)
    assert isinstance(app.screen, CodesToSendScreen)
    return app.screen


async def test_a_clinician_signs_off_one_marked_and_then_a_practice(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot)
        before, waiting = _signed(app), [r.event.event_id for r in screen.rows]
        assert waiting and not set(waiting) & before
        await pilot.press("s")  # the highlighted code
        await settle(app, pilot)
        assert _signed(app) - before == {waiting[0]}
        assert [r.event.event_id for r in screen.rows] == waiting[1:]
        await pilot.press("space", "space", "s")  # two marked codes
        await settle(app, pilot)
        assert _signed(app) - before == set(waiting[:3])
        practice = screen.rows[0].event.practice_code
        same = {r.event.event_id for r in screen.rows if r.event.practice_code == practice}
        await pilot.press("a")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(app, pilot)
        assert _signed(app) - before == set(waiting[:3]) | same
        assert practice not in {r.event.practice_code for r in screen.rows}
        by = app.store.db.execute(
            "SELECT DISTINCT by_name, by_role FROM code_signoffs WHERE event_id = ?", [waiting[0]]
        ).fetchall()
        assert by == [(settings.user.name, settings.user.role.value)]


async def test_an_administrator_is_refused_and_nothing_is_stored(demo_db):
    app = app_for(demo_db, Settings(user=User(name="Sam Clarke", role=Role.ADMIN)))
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot)
        before = _signed(app)
        await pilot.press("s", "a")
        await settle(app, pilot)
        assert isinstance(app.screen, CodesToSendScreen) and _signed(app) == before
        assert any("cannot sign off codes" in t for t in notification_texts(app))


async def test_from_the_palette_and_a_delivery_unconfirmed_after_four_weeks_is_named(demo_db, settings, tmp_path):
    from mdt_tui.cli import main

    assert main(["export", "codes", "--db", str(demo_db), "--practice", "X99003", "--out", str(tmp_path / "a")]) == 0
    soon = make_app(demo_db, settings, today=date.today() + timedelta(weeks=3))
    async with soon.run_test(size=SIZE) as pilot:
        screen = await _open(soon, pilot)
        assert not screen.query_one("#codes-unconfirmed").display  # not yet four weeks
    app = make_app(demo_db, settings, today=date.today() + timedelta(weeks=5))  # the delivery was made today
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Codes to send")
        await pilot.pause(0.3)  # the palette searches its commands as you type
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, CodesToSendScreen)
        note = text_of(app.screen.query_one("#codes-unconfirmed"))
        assert "Delivery 1 to X99003" in note and "not yet seen in the GP record" in note


async def test_privacy_mode_hides_names_and_nhs_numbers_on_the_list(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot)
        first = screen.rows[0]
        table = screen.query_one("#codes")
        shown = [str(c) for c in table.get_row_at(0)]
        assert f"{first.family_name}, {first.given_name}" in shown
        await pilot.press("p")
        await settle(app, pilot)
        hidden = [str(c) for c in table.get_row_at(0)]
        assert f"{first.given_name[0]}.{first.family_name[0]}." in hidden and "••• ••• ••••" in hidden
        assert not any(first.family_name in cell for cell in hidden)
