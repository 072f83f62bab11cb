"""Cohort review driven by keys: filter, sort, desktop review, bulk first contact, a 10,000-person cohort."""

import random
from datetime import date

from mdt_tui.cohort import CohortRow
from mdt_tui.cohort.filter import parse_filter
from mdt_tui.consent.records import FirstContact
from mdt_tui.finder import fold
from mdt_tui.nhs_number import check_digit
from mdt_tui.pathway import Stage
from mdt_tui.screens.cohort.review import CohortReviewScreen
from mdt_tui.screens.cohort.table import PAGE, CohortTable
from mdt_tui.screens.consent.dialogs import FirstContactDialog, ReasonDialog
from mdt_tui.screens.kit.help import key_rows
from mdt_tui.screens.people.person import PersonScreen
from mdt_tui.store.store import Store
from tests.conftest import COORDINATOR
from tests.pilot_helpers import SIZE, app_for, ids_in, notification_texts, open_cohort, settle, text_of

NOT_APPROPRIATE = "1239441000000103"


def column(table: CohortTable, index: int) -> list[str]:
    """One column of the first page, as shown."""
    return [table.cells(row)[index] for row in table.pages[0]]


def status_line(app) -> str:
    return text_of(app.screen.query_one("#cohort-status")).strip()


async def test_filter_by_typing_words_and_status(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_cohort(app, pilot)
        assert table.total == 180 and status_line(app).startswith("showing 180 of 180 in cohort · row 1")
        await pilot.press("slash", *"wilson")
        await settle(app, pilot)
        wilsons = [p.id for p in app.store.people() if "wilson" in fold(p.display_name)]
        assert 2 <= len(wilsons) < 180 and sorted(ids_in(table)) == sorted(wilsons)
        assert status_line(app).startswith(f"showing {len(wilsons)} of 180 in cohort")
        await pilot.press("escape")  # clears the filter
        await settle(app, pilot)
        await pilot.press("slash", *"status:awaiting")
        await settle(app, pilot)
        awaiting = app.store.people([Stage.IDENTIFIED, Stage.AWAITING_CONTACT])
        assert sorted(ids_in(table)) == sorted(p.id for p in awaiting) and len(awaiting) == 52
        assert "showing 52 of 180 in cohort" in status_line(app)
        await pilot.press(*" x:y")
        await settle(app, pilot)
        assert "! ignored x:y" in status_line(app) and table.total == 52
        await pilot.press("enter", "enter")  # back to the table, then open the person
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen) and app.screen.person_id == ids_in(table)[0]
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, CohortReviewScreen) and table.total == 52


async def test_sort_by_key_and_by_clicking_a_header(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_cohort(app, pilot)
        await pilot.press("o")  # name → age
        await settle(app, pilot)
        ages = [int(age) for age in column(table, 2)]
        assert ages == sorted(ages) and ages[0] < ages[-1] and "sort: age ▲" in status_line(app)
        await pilot.press("O")
        await settle(app, pilot)
        ages = [int(age) for age in column(table, 2)]
        assert ages == sorted(ages, reverse=True) and "sort: age ▼" in status_line(app)
        x = sum(width + 2 for _, _, width, _ in table.columns[:4]) + 2  # the Risk header
        await pilot.click("#cohort", offset=(x, 0))
        await settle(app, pilot)
        risks = column(table, 4)
        order = {"High": 0, "Medium": 1, "Low": 2, "—": 3}
        assert "sort: risk ▲" in status_line(app) and risks == sorted(risks, key=order.get) and risks[0] == "High"


async def test_desktop_review_not_appropriate_and_suitable_by_keys(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_cohort(app, pilot, "status:desktop")
        first, second = ids_in(table)[:2]
        await pilot.press("n")
        assert isinstance(app.screen, ReasonDialog)
        await pilot.press("enter")  # no reason yet: refused, the dialog stays
        await pilot.pause()
        assert isinstance(app.screen, ReasonDialog)
        assert "give a reason" in text_of(app.screen.query_one("#form-error")).lower()
        await pilot.press(*"Under hospice", "tab", *"GP agrees", "enter")
        await settle(app, pilot)
        assert app.store.person(first).stage is Stage.NOT_APPROPRIATE
        assert NOT_APPROPRIATE in [e.snomed_code for e in app.store.coded_events(person_id=first)]
        assert app.store.history(first)[-1].details == {"reason": "Under hospice", "note": "GP agrees"}
        assert "saved" in app.screen.sub_title
        # The filter shows only people awaiting review, so the next one is now under the cursor.
        assert ids_in(table)[0] == second
        await pilot.press("s")
        await settle(app, pilot)
        assert app.store.person(second).stage is Stage.AWAITING_CONTACT
        assert first not in ids_in(table) and second not in ids_in(table)


async def test_bulk_select_then_suitable_and_first_contact(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_cohort(app, pilot, "status:desktop")
        chosen = ids_in(table)[:5]
        await pilot.press(*["space"] * 5)
        assert "5 selected" in status_line(app)
        assert column(table, 0)[:6] == ["✔"] * 5 + [""]
        await pilot.press("s")
        await settle(app, pilot)
        assert all(app.store.person(i).stage is Stage.AWAITING_CONTACT for i in chosen)
        assert "5 selected" in status_line(app)  # kept, so first contact can follow for the same people
        await pilot.press("c")
        assert isinstance(app.screen, FirstContactDialog)
        nurse = next(m for m in app.store.team() if m.role.label == "Community nurse")
        number = next(n for n, m in enumerate(app.screen.team, 1) if m.id == nurse.id)
        await pilot.press(str(number), "2", "enter")  # who, how (visit), then Save
        await settle(app, pilot)
        assert all(app.store.first_contact(i) == FirstContact(nurse.id, nurse.name, "visit") for i in chosen)
        await pilot.press("escape", "escape")  # clears the filter, then the selection
        await settle(app, pilot)
        assert "selected" not in status_line(app) and isinstance(app.screen, CohortReviewScreen)


async def test_privacy_mode_masks_the_cohort_table(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_cohort(app, pilot)
        person = app.store.person(ids_in(table)[0])
        await pilot.press("p")
        await pilot.pause()
        name, nhs = column(table, 1)[0], column(table, 5)[0]
        assert name == f"{person.given_name[0]}.{person.family_name[0]}." and nhs == "••• ••• ••••"
        assert person.family_name not in text_of(app.screen.query_one("#details-who"))


def test_help_lists_the_review_keys():
    described = {(where, key) for where, key, _ in key_rows()}
    for key in ("s", "n", "c", "space", "o", "O", "/", "escape"):
        assert ("Cohort review", key) in described


def cohort_rows(count: int) -> list[CohortRow]:
    """A synthetic search of ``count`` people with valid 999-range NHS numbers."""
    rng, rows, serial = random.Random(7), [], 0
    while len(rows) < count:
        nine, serial = f"999{serial:06d}", serial + 1
        digit = check_digit(nine)
        if digit is not None:
            n = len(rows)
            rows.append(
                CohortRow(
                    n + 1,
                    nine + str(digit),
                    f"Family{n:05d}",
                    f"Given{n % 97}",
                    date(1925, 1, 1) + (date(1960, 1, 1) - date(1925, 1, 1)) * rng.random(),
                    practice_code=f"X9900{n % 3 + 1}",
                    segment="Lower complexity",
                    risk_grade=rng.choice(("High", "Medium", "Low")),
                    efi=round(rng.random(), 2),
                )
            )
    return rows


async def test_ten_thousand_people_stay_reachable(tmp_path, settings):
    path = tmp_path / "big.db"
    with Store.open(path, create=True) as store:
        store.import_cohort(
            COORDINATOR, cohort_rows(10_000), search_name="INT Proactive Care Cohort", run_date=date(2026, 11, 1)
        )
    app = app_for(path, settings)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_cohort(app, pilot)
        assert table.total == 10_000 and list(table.pages) == [0]  # one page read, the rest on demand
        assert status_line(app).startswith("showing 10,000 of 10,000 in cohort")
        await pilot.press(*["pagedown"] * 20)  # past the first page: the next is read as it comes into view
        await settle(app, pilot)
        assert table.cursor >= PAGE and app.screen.current.family_name == f"Family{table.cursor:05d}"
        await pilot.press("end")
        await settle(app, pilot)
        last = app.store.cohort_page(parse_filter(""), offset=9_999, limit=1)[0][0]
        assert app.screen.current.id == last.id and last.family_name == "Family09999"
        assert "row 10,000" in status_line(app) and last.family_name in text_of(app.screen.query_one("#details-who"))
        await pilot.press("home")
        await settle(app, pilot)
        assert app.screen.current.family_name == "Family00000"
        await pilot.press("slash", *"family0999")
        await settle(app, pilot)
        assert [table.row(i).family_name for i in range(table.total)] == [f"Family0999{n}" for n in range(10)]
        assert "showing 10 of 10,000 in cohort" in status_line(app)


async def test_bulk_suitable_refused_when_one_is_not_awaiting_review(demo_db, settings):
    """Issue 18: the precondition is the store's (one query in the writer), not a read per person on the UI
    thread; the screen names who, as privacy mode shows names, and nothing changes."""
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_cohort(app, pilot, "status:desktop")
        first, second = ids_in(table)[:2]
        await pilot.press("space", "space")
        app.store.mark_suitable(COORDINATOR, second)  # someone else reviewed them meanwhile
        moved = app.store.person(second)
        await pilot.press("s")
        await settle(app, pilot)
        assert app.store.person(first).stage is Stage.IDENTIFIED
        name = f"{moved.family_name}, {moved.given_name}"
        said = f"1 of the 2 selected are not awaiting desktop review ({name}); nothing was changed."
        assert notification_texts(app)[-1] == said
        await pilot.press("p", "s")
        await settle(app, pilot)
        initials = f"{moved.given_name[0]}.{moved.family_name[0]}."
        assert notification_texts(app)[-1] == said.replace(name, initials)
        assert app.store.person(first).stage is Stage.IDENTIFIED
