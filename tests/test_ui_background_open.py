"""The CLI's start-up: the home screen paints first and the store opens behind it in a worker."""

from textual.widgets import OptionList

from mdt_tui.screens.app import make_app
from mdt_tui.screens.home import HomeScreen
from tests.conftest import TODAY


async def test_home_fills_in_once_the_store_is_open(demo_db, settings):
    app = make_app(demo_db, settings, today=TODAY, open_in_background=True)
    assert app.opened_store is None and not app.is_ready
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_ready and app.title == "mdt-tui — Northgate INT (demo)"
        pipeline = app.screen.query_one("#pipeline", OptionList)
        assert "180" in str(pipeline.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert type(app.screen).__name__ == "PeopleScreen"


async def test_a_bad_database_ends_the_app_with_one_sentence(tmp_path, settings):
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database" * 50)
    app = make_app(garbage, settings, open_in_background=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code == 1
    assert app.open_error and "is not an SQLite database" in app.open_error
