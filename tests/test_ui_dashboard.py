"""The dashboard from home (d) and the palette: numbers from the store, a number opens its people, the practice
steps with [ ], and the maturity self-assessment answered by keys is stored as dated entries with notes."""

from __future__ import annotations

from textual.command import CommandPalette
from textual.widgets import DataTable

from mdt_tui.impact.dashboard import ALL, period_of
from mdt_tui.impact.maturity import current_answers, level
from mdt_tui.screens.impact.dashboard import FIRST_MONTH_COLUMN, DashboardScreen
from mdt_tui.screens.impact.maturity import MaturityDialog, MaturityScreen
from mdt_tui.screens.people.listing import PeopleScreen
from tests.conftest import TODAY
from tests.pilot_helpers import SIZE, app_for, settle


async def _open_dashboard(app, pilot) -> DashboardScreen:
    await settle(app, pilot)
    await pilot.press("d")
    await settle(app, pilot)
    assert isinstance(app.screen, DashboardScreen)
    return app.screen


async def test_a_number_on_the_dashboard_opens_the_people_it_counts(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_dashboard(app, pilot)
        table = screen.query_one(DataTable)
        month = period_of(TODAY)
        expected = app.store.dashboard(month, month, TODAY).value(month, ALL, "on_caseload")
        row = table.get_row_index("on_caseload")
        column = FIRST_MONTH_COLUMN + screen.board.periods.index(month)
        assert table.get_cell_at((row, column)) == str(expected) and expected > 0
        table.move_cursor(row=row, column=column)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, PeopleScreen)
        assert len(app.screen.people) == expected
        assert all(
            p.stage.value in {"on_caseload", "assessed", "planned", "review_due", "stepped_down"}
            for p in app.screen.people
        )
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        practice = screen.board.practices[0]
        assert screen.place == practice
        assert table.get_cell_at((table.get_row_index("on_caseload"), column)) == str(
            screen.board.value(month, practice, "on_caseload")
        )


async def test_maturity_answered_by_keys_is_stored_dated_with_its_note(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        await _open_dashboard(app, pilot)
        await pilot.press("v")
        await settle(app, pilot)
        assert isinstance(app.screen, MaturityScreen)
        await pilot.press("enter")  # the first item: a defined population and purpose
        await settle(app, pilot)
        assert isinstance(app.screen, MaturityDialog)
        await pilot.press("1", "ctrl+s")  # no note: refused
        await settle(app, pilot)
        assert isinstance(app.screen, MaturityDialog)
        await pilot.press(*"Frailty cohort agreed", "ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, MaturityScreen)
        await pilot.press("down", "enter", "2")
        await pilot.press(*"GP and nursing only", "enter")
        await settle(app, pilot)
        entries = app.store.maturity_entries()
        assert [(e.item, e.answer, e.note, e.assessed_on) for e in entries] == [
            ("defined_population", "yes", "Frailty cohort agreed", TODAY),
            ("core_partners", "partly", "GP and nursing only", TODAY),
        ]
        assert level(current_answers(entries)) == ("Emerging", "1 of 9 Emerging items in place")
        assert app.store.db.execute("SELECT count(*) FROM audit WHERE action = 'record_maturity'").fetchone()[0] == 2


async def test_dashboard_from_the_command_palette(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Dashboard")
        await pilot.pause(0.3)  # the palette searches its commands as you type
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)


async def test_the_evaluation_panel_never_shows_the_caseloads_own_fall(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_dashboard(app, pilot)
        await settle(app, pilot)
        line = str(screen.query_one("#dashboard-evaluation").content)
    assert line.startswith("Evaluation (emergency admissions") and "no estimate yet" in line  # no activity


def test_evaluation_line_gives_the_ratio_of_rate_ratios_with_its_interval():
    from mdt_tui.screens.impact.dashboard import evaluation_line

    line = evaluation_line(
        {"insufficient": False, "ratio_of_rate_ratios": 0.912, "ci95": [0.7, 1.18], "warnings": ["rtm", "cannot show"]}
    )
    assert "ratio of rate ratios 0.91 (95% 0.70–1.18)" in line and "regression to the mean" in line
