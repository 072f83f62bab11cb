"""Long lists stay quick: the people list adds rows a page at a time as the cursor nears the end, and its
filter searches everyone, not only the rows added; the actions list draws only the rows on screen."""

from __future__ import annotations

from datetime import date

from textual.widgets import DataTable

from mdt_tui.models import User
from mdt_tui.nhs_number import check_digit
from mdt_tui.roles import Role
from mdt_tui.screens.people.listing import PAGE, PeopleScreen
from mdt_tui.store.store import Store
from tests.conftest import make_entry, make_patient
from tests.pilot_helpers import SIZE, app_for, settle

COORDINATOR = User(name="Sam Clarke", role=Role.CARE_COORDINATOR)


def numbers(count: int) -> list[str]:
    out, n = [], 500_000
    while len(out) < count:
        n += 1
        digit = check_digit(f"999{n:06d}")
        if digit is not None:
            out.append(f"999{n:06d}{digit}")
    return out


def crowd(path, count: int) -> None:
    with Store.open(path, create=True) as store, store.transaction():
        for i, nhs in enumerate(numbers(count)):
            store.add_person(
                COORDINATOR,
                make_patient(nhs, family_name=f"Family{i:04d}", given_name="Pat"),
                make_entry(),
                on=date(2026, 11, 1),
            )


async def test_the_people_list_adds_pages_as_the_cursor_goes_down_and_filters_everyone(tmp_path, settings):
    crowd(tmp_path / "many.db", PAGE * 2 + 50)
    app = app_for(tmp_path / "many.db", settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")  # everyone identified
        await settle(app, pilot)
        assert isinstance(app.screen, PeopleScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == PAGE and len(app.screen.people) == PAGE * 2 + 50
        assert f"showing {PAGE * 2 + 50} of {PAGE * 2 + 50}" in str(app.screen.query_one("#list-title").content)
        table.move_cursor(row=PAGE - 1)
        await pilot.press("down")
        await settle(app, pilot)
        assert table.row_count == PAGE * 2 and table.cursor_row == PAGE
        await pilot.press("slash", *"family0440", "enter")  # beyond the rows added so far
        await settle(app, pilot)
        assert table.row_count == 1 and table.get_row_at(0)[0].startswith("Family0440")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen.person_id == app.store.person_by_nhs_number(numbers(441)[-1]).id
