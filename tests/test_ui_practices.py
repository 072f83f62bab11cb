"""The Practices screen by keys: add and correct ODS code / name pairs, from home (g) and the command palette;
what is stored is what a names-only cohort file is then matched with."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette

from mdt_tui.cohort import read_cohort_file
from mdt_tui.screens.cohort.practices import PracticeDialog, PracticesScreen
from mdt_tui.screens.home import HomeScreen
from tests.conftest import TODAY
from tests.pilot_helpers import SIZE, app_for, settle, text_of

FIXTURES = Path(__file__).parent / "fixtures" / "cohort"


def audit(app) -> list[tuple[str, str]]:
    return app.store.db.execute("SELECT action, after FROM audit WHERE entity = 'practice' ORDER BY id").fetchall()


async def test_add_then_correct_a_practice_by_keys_and_import_by_its_name(tmp_path, settings):
    app = app_for(tmp_path / "team.db", settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("g")
        await settle(app, pilot)
        assert isinstance(app.screen, PracticesScreen)

        await pilot.press("plus")
        await settle(app, pilot)
        assert isinstance(app.screen, PracticeDialog)
        await pilot.press(*"Y0000", "tab", *"Cafe Lane", "ctrl+s")  # five characters: not an ODS code
        await settle(app, pilot)
        assert isinstance(app.screen, PracticeDialog)
        assert "a letter then five digits" in text_of(app.screen.query_one("#form-error"))
        await pilot.press("shift+tab", "end", "1", "ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, PracticesScreen)
        assert app.store.practices() == {"Y00001": "Cafe Lane"}

        await pilot.press("e")  # correct the name: the code stays
        await settle(app, pilot)
        assert isinstance(app.screen, PracticeDialog)
        await pilot.press("end", "ctrl+u", *"Café Lane Surgery", "ctrl+s")
        await settle(app, pilot)
        assert app.store.practices() == {"Y00001": "Café Lane Surgery"}
        assert [action for action, _ in audit(app)] == ["save_practice", "save_practice"]

    # A names-only file (Windows-1252) now gets the code from the table.
    file = read_cohort_file(FIXTURES / "windows1252.csv", today=TODAY, practices=app.store.practices())
    assert file.problems == [] and {r.practice_code for r in file.rows} == {"Y00001"}


async def test_practices_from_the_command_palette(tmp_path, settings):
    app = app_for(tmp_path / "team.db", settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Practices")
        await pilot.pause(0.3)  # the palette searches its commands as you type
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, PracticesScreen)


def test_a_name_two_codes_share_or_a_bad_code_is_refused(store, user):
    import pytest

    from mdt_tui.errors import MdtError

    store.save_practice(user, "e82001", "Church Langley")
    with pytest.raises(MdtError, match="already has the name"):
        store.save_practice(user, "E82002", "CHURCH LANGLEY")
    with pytest.raises(MdtError, match="not a practice ODS code"):
        store.save_practice(user, "E8200", "Other")
    with pytest.raises(MdtError, match="control character"):
        store.save_practice(user, "E82002", "Bad\x1b[2J")
    assert store.practices() == {"E82001": "Church Langley"}


def test_people_held_with_a_code_and_name_teach_the_practice_table_the_table_wins(demo_db, user):
    from mdt_tui.store.store import Store

    with Store.open(demo_db) as store:
        practices = store.practices()
        assert practices["X99001"] == "Riverside Medical Centre (demo)"  # the demo's people, added without an import
        store.save_practice(user, "X99001", "Riverside MC")
        assert store.practices()["X99001"] == "Riverside MC"
