"""Stored text that looks like markup or holds escape sequences is shown as typed, on every screen that lists
people, and never ends the app (a name like '[/b]' used to be read as Rich markup by tables)."""

from __future__ import annotations

import io
import sqlite3

from rich.console import Console
from textual.widgets import DataTable

from mdt_tui.screens.cohort.table import ListTable
from mdt_tui.screens.people.listing import PeopleScreen
from mdt_tui.screens.people.person import PersonScreen
from tests.pilot_helpers import SIZE, app_for, notifications, settle

FAMILY = "[/b]Evil\x1b[2J"
GIVEN = "[b]Bold[/]"
SHOWN = "[/b]Evil\ufffd[2J, [b]Bold[/]"


def poison_everyone(db) -> None:
    con = sqlite3.connect(db)
    with con:
        con.execute("UPDATE patients SET family_name = ?, given_name = ?", (FAMILY, GIVEN))
        con.execute("UPDATE team_members SET name = '[/i]' || name || '\x1b[0m'")
        con.execute("UPDATE actions SET description = '[/red]' || description || '\x07'")
        con.execute("UPDATE meta SET value = '[b]North\x1b[5m' WHERE key = 'neighbourhood'")
        con.execute("UPDATE problems SET title = '[/b]' || title || '\x1b[1m', key_risks = '\x1b]8;;http://x\x07'")
    con.close()


def rendered(table: DataTable, row: int, column: int) -> str:
    console = Console(width=200, file=io.StringIO(), record=True)
    console.print(table._get_row_renderables(row).cells[column])
    return console.export_text().rstrip("\n")


def assert_painted_safely(app) -> None:
    """Nothing the screen paints carries a control character from the stored text."""
    svg = app.export_screenshot()
    assert app.is_running
    bad = [svg[max(0, i - 80) : i + 20] for i, ch in enumerate(svg) if ch in "\x1b\x07"]
    assert app.is_running and not bad and "&#27;" not in svg, (app.screen, bad[:3])


async def test_markup_and_escapes_in_names_are_shown_as_typed(demo_db, settings):
    poison_everyone(demo_db)
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # everyone identified
        await settle(app, pilot)
        assert isinstance(app.screen, PeopleScreen)
        table = app.screen.query_one(DataTable)
        assert rendered(table, 0, 0) == SHOWN
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, PersonScreen)
        assert_painted_safely(app)
        for key in ("l", "escape", "c", "escape", "n", "escape", "r", "escape", "m", "s", "escape", "escape"):
            await pilot.press(key)
            await settle(app, pilot)
            assert_painted_safely(app)
        await pilot.press("h", "tab", "down", "down", "down", "enter")  # open actions, by owner
        await settle(app, pilot)
        actions = app.screen.query_one(ListTable)
        shown = actions.get_row_at(0)
        assert any(cell.startswith("[/red]") and "\x07" not in cell for cell in shown), shown
        assert shown[0].startswith("[/i]") and "\x1b" not in shown[0]
        assert_painted_safely(app)
        await pilot.press("ctrl+f", *"evil")
        await settle(app, pilot)
        assert_painted_safely(app)


async def test_notices_quoting_stored_text_are_not_read_as_markup(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.screen.notify("Saved for [/b]Evil[b]")  # a name in a notice: would stop the app as markup
        app.notify("Written to /tmp/[red]/x.md")
        await pilot.pause()
        assert app.is_running
        assert [n.markup for n in notifications(app)] == [False, False]


async def test_the_self_harm_dialog_opens_for_a_person_whose_name_looks_like_markup(demo_db, settings):
    from mdt_tui.screens.cga.self_harm import SelfHarmDialog
    from tests.helpers.cga_screen import NEXT_TAB, caseload_person, open_cga

    poison_everyone(demo_db)
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        person = caseload_person(app)
        await open_cga(app, pilot, person.id)
        await pilot.press(NEXT_TAB, "enter", *"11111111", "2")  # PHQ-9 item 9 above 0
        await settle(app, pilot)
        assert isinstance(app.screen, SelfHarmDialog)
        assert_painted_safely(app)


async def test_a_plan_with_hostile_problems_and_actions_is_shown_safely(demo_db, settings):
    from mdt_tui.pathway import Stage
    from tests.pilot_helpers import open_plan

    poison_everyone(demo_db)
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        person = app.store.people([Stage.PLANNED])[0]
        await open_plan(app, pilot, person.id)
        assert_painted_safely(app)
        await pilot.press("v")  # changes since the last review
        await settle(app, pilot)
        assert_painted_safely(app)


async def test_dialogs_titled_with_a_hostile_name_open_and_close(demo_db, settings):
    from tests.pilot_helpers import open_cohort

    poison_everyone(demo_db)
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_cohort(app, pilot, "status:desktop")
        for key in ("n", "c"):  # not appropriate — NAME; first contact — NAME
            await pilot.press(key)
            await settle(app, pilot)
            assert_painted_safely(app)
            await pilot.press("escape")
            await settle(app, pilot)
        await pilot.press("h", "n")  # consent: contact attempt — NAME
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        assert_painted_safely(app)
