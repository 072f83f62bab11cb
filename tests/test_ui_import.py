"""Importing a cohort search from the app by keys: choose the file, read the check, import with a progress bar."""

import shutil
import stat
from pathlib import Path

from textual.widgets import ProgressBar

from mdt_tui import codes
from mdt_tui.pathway import Stage
from mdt_tui.screens.app import make_app
from mdt_tui.screens.cohort.importing import ImportScreen
from mdt_tui.screens.home import HomeScreen
from mdt_tui.screens.kit.confirm import ConfirmDialog
from tests.conftest import TODAY
from tests.helpers.import_screen import downloads, people, report  # noqa: F401 — downloads is a fixture
from tests.pilot_helpers import notification_texts, settle

FIXTURES = Path(__file__).parent / "fixtures" / "cohort"
SIZE = (80, 24)


def messages(app) -> list[str]:
    return notification_texts(app)


async def choose_by_path(app, pilot, path: Path) -> None:
    await pilot.click("#import-path")
    await pilot.press(*str(path), "enter")
    await settle(app, pilot)


async def type_run_date(app, pilot, text: str) -> None:
    await pilot.click("#run-date")
    await pilot.press("end", "ctrl+u", *text)
    await settle(app, pilot)


async def test_from_home_choose_a_file_in_downloads_see_what_it_will_do_and_import_it(demo_db, settings, downloads):
    app = make_app(demo_db, settings, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("i")
        await settle(app, pilot)
        assert isinstance(app.screen, ImportScreen)
        await pilot.press("enter", "down", "enter")  # enter in the empty File field: the list; emis_export.csv
        await settle(app, pilot)
        shown = report(app)
        assert "3 valid row(s): 3 new, 0 already held." in shown
        # The file's own run date fills 'Run on': a run older than the demo's latest moves nobody.
        assert "Run on 21 Nov 2025, as the file says." in shown
        assert app.screen.query_one("#run-date").value == "21/11/2025"
        assert "This run is older than the search's latest" in shown and "Leaving the search" not in shown
        assert "Recognised columns: NHS Number → nhs_number" in shown
        await type_run_date(app, pilot, "23/11/2026")  # retyped: it is the latest run, and people leave
        shown = report(app)
        assert "! 180 found by an earlier run of 'INT Proactive Care Cohort' are not in this file" in shown
        assert "Joining the search (3): Fakeham, Doreen; Samplesby, Arthur; Testwood, Margaret" in shown
        assert "Leaving the search (180): " in shown and "… and 160 more" in shown

        await pilot.press("ctrl+s")  # people would drop out of the search: asked first
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(app, pilot)
        done = report(app)
        assert (
            "✔ Imported 'INT Proactive Care Cohort' run on 23 Nov 2026: 3 new, 0 updated, 0 unchanged, "
            "180 no longer in search" in done
        )
        assert "Joined the search (3): Fakeham, Doreen; Samplesby, Arthur; Testwood, Margaret" in done
        assert "Left the search (180): " in done
        bar = app.screen.query_one(ProgressBar)
        assert bar.display and bar.progress == bar.total > 0

        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "183" in str(app.screen.query_one("#pipeline").get_option_at_index(0).prompt)  # the counts redrawn

    assert people(app) == 183
    listed = app.store.db.execute("SELECT count(*) FROM patients WHERE in_latest_search = 1").fetchone()[0]
    assert listed == 3
    identified = [
        e
        for e in app.store.coded_events()
        if e.snomed_code == codes.AT_RISK_OF_EMERGENCY_ADMISSION.code and e.effective_date == TODAY
    ]
    assert len(identified) == 3


async def test_saying_no_to_people_dropping_out_of_the_search_imports_nothing(demo_db, settings, downloads):
    app = make_app(demo_db, settings, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        app.action_import_cohort()
        await settle(app, pilot)
        await choose_by_path(app, pilot, downloads / "emis_export.csv")
        await type_run_date(app, pilot, "23/11/2026")
        await pilot.press("ctrl+s", "n")
        await settle(app, pilot)
        assert isinstance(app.screen, ImportScreen) and "ctrl+s imports them." in report(app)
        # Another search's name: nobody it found before is left out, so nothing is asked.
        await pilot.click("#search-name")
        await pilot.press("end", "ctrl+u", *"Housebound search", "enter")
        await settle(app, pilot)
        assert "earlier run" not in report(app)
        assert "✔ Imported 'Housebound search' run on 23 Nov 2026: 3 new" in report(app)
    assert people(app) == 183
    assert app.store.db.execute("SELECT count(*) FROM patients WHERE in_latest_search = 1").fetchone()[0] == 183


async def test_a_file_with_invalid_rows_is_refused_until_told_to_skip_them(tmp_path, settings, downloads):
    app = make_app(tmp_path / "team.db", settings, today=TODAY)
    source = downloads / "row_errors.csv"
    async with app.run_test(size=SIZE) as pilot:
        app.action_import_cohort()
        await settle(app, pilot)
        await choose_by_path(app, pilot, source)
        shown = report(app)
        assert "! Nothing imported: 18 problem(s) in 13 row(s). Fix them, or pick 2 under 'Invalid rows'" in shown
        assert "row 5, column NHS Number: value '999 000 0019'" in shown  # the row a spreadsheet shows

        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert any(m.startswith("Nothing imported: 18 problem(s)") for m in messages(app))
        assert people(app) == 0

        await pilot.click("#import-tree")
        await pilot.press("p")  # privacy mode: the values, and reasons that quote them, are hidden
        await pilot.click("#skip-invalid")
        await pilot.press("2")
        await settle(app, pilot)
        assert "999" not in report(app) and "row 5, column NHS Number (hidden: privacy mode)" in report(app)
        assert "ctrl+s imports them." in report(app)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        done = report(app)
        assert "✔ Imported 'INT Proactive Care Cohort' run on 21 Nov 2025: 1 new" in done and "13 rejected" in done
        assert "Joined the search (1): names hidden (privacy mode)" in done

    rejects = source.with_name("row_errors.rejects.csv")
    assert f"are in {rejects}" in done
    assert stat.S_IMODE(rejects.stat().st_mode) == 0o600
    assert people(app) == 1
    assert app.store.person(1).stage is Stage.IDENTIFIED


async def test_move_up_a_folder_or_type_one_to_find_the_file(tmp_path, settings, downloads):
    elsewhere = downloads.parent / "Documents" / "Searches"
    elsewhere.mkdir(parents=True)
    shutil.copy(FIXTURES / "systmone_export.txt", elsewhere / "systmone_export.txt")
    app = make_app(tmp_path / "team.db", settings, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        app.action_import_cohort()
        await settle(app, pilot)
        tree = app.screen.query_one("#import-tree")
        assert app.focused is app.screen.query_one("#import-path")  # the screen opens on the File field
        await pilot.press("enter", "backspace")  # to the list; from Downloads up to the home folder
        await settle(app, pilot)
        assert Path(tree.path) == downloads.parent
        await pilot.click("#import-path")
        await pilot.press(*str(elsewhere), "enter")  # a folder: the tree shows it
        await settle(app, pilot)
        assert Path(tree.path) == elsewhere and tree.has_focus
        await pilot.press("down", "enter", "ctrl+s")
        await settle(app, pilot)
        assert "✔ Imported 'INT Proactive Care Cohort'" in report(app)
    assert people(app) > 0


async def test_a_missing_or_unreadable_file_is_explained(tmp_path, settings, downloads):
    app = make_app(tmp_path / "team.db", settings, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        app.action_import_cohort()
        await settle(app, pilot)
        await choose_by_path(app, pilot, downloads / "nowhere.csv")
        assert "There is no file at" in report(app) and "Nothing can be imported from it." in report(app)
        await pilot.press("ctrl+s")
        assert "Choose a file first" in messages(app)[-1]
    assert people(app) == 0
