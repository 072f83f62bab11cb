"""Leavers and joiners after a re-import: named in the summary, filtered in cohort review, flagged on home and
on the person screen for the MDT to decide, and never dropped."""

from __future__ import annotations

from pathlib import Path

from mdt_tui.cohort import read_cohort_file
from mdt_tui.cohort.filter import parse_filter
from mdt_tui.cohort.rows import LeftSearch
from mdt_tui.pathway import CASELOAD_STAGES
from mdt_tui.screens.cohort.review import CohortReviewScreen
from mdt_tui.screens.cohort.table import CohortTable
from mdt_tui.screens.home import HomeScreen
from mdt_tui.screens.people.listing import PeopleScreen
from mdt_tui.screens.people.person import PersonScreen
from mdt_tui.store.store import Store
from tests.conftest import COORDINATOR, TODAY
from tests.pilot_helpers import SIZE, app_for, settle, text_of

FIXTURES = Path(__file__).parent / "fixtures" / "cohort"
SEARCH = "INT Proactive Care Cohort"


def reimport(db: Path):
    """The demo's search run again today, finding only the EMIS fixture's three people."""
    with Store.open(db) as store:
        file = read_cohort_file(FIXTURES / "emis_export.csv", today=TODAY, practices=store.practices())
        before = {p.id for p in store.people() if p.stage in CASELOAD_STAGES}
        summary = store.import_cohort(COORDINATOR, file.rows, search_name=SEARCH, run_date=TODAY)
    return summary, before


def new_person(store: Store) -> int:
    return next(p.id for p in store.people() if p.in_latest_search)


def test_the_summary_names_who_joined_and_who_left(demo_db):
    summary, caseload = reimport(demo_db)
    assert summary.joined == ("Fakeham, Doreen", "Samplesby, Arthur", "Testwood, Margaret")
    assert len(summary.left) == summary.no_longer_in_search == 180 and list(summary.left) == sorted(summary.left)
    with Store.open(demo_db) as store:
        assert store.cohort_size() == 183  # nobody dropped
        left = store.caseload_left_search_people()
        assert {p.id for p in left} == caseload and store.caseload_left_search() == len(caseload) > 0
        assert store.left_search(left[0].id) == LeftSearch(SEARCH, TODAY)
        assert store.left_search(new_person(store)) is None
        assert {p.id for p in store.cohort_page(parse_filter("search:left"))[0]} == {
            p.id for p in store.people() if not p.in_latest_search
        }
        new, total = store.cohort_page(parse_filter("search:new"))
        assert total == 3 and {p.family_name for p in new} == {"Fakeham", "Samplesby", "Testwood"}
        audit = store.db.execute("SELECT after FROM audit WHERE action = 'import_cohort' ORDER BY id DESC").fetchone()
        assert "Testwood" not in audit[0]  # the audit keeps counts; names stay in the patients table


def test_new_is_against_the_run_before(store):
    rows = read_cohort_file(FIXTURES / "emis_export.csv", today=TODAY).rows
    store.import_cohort(COORDINATOR, rows[:2], search_name=SEARCH, run_date=TODAY.replace(month=8))
    assert store.cohort_page(parse_filter("search:new"))[1] == 2  # a search's first run: everyone is new
    summary = store.import_cohort(COORDINATOR, rows, search_name=SEARCH, run_date=TODAY)
    assert summary.joined == ("Fakeham, Doreen",) and summary.left == ()
    assert [p.family_name for p in store.cohort_page(parse_filter("search:new"))[0]] == ["Fakeham"]
    summary = store.import_cohort(COORDINATOR, rows[1:], search_name=SEARCH, run_date=TODAY.replace(day=30))
    assert (summary.joined, summary.left) == ((), ("Testwood, Margaret",))
    assert store.cohort_page(parse_filter("search:new"))[1] == 0
    assert [p.family_name for p in store.cohort_page(parse_filter("search:left"))[0]] == ["Testwood"]


async def test_home_and_person_screen_flag_caseload_leavers_and_review_filters_them(demo_db, settings):
    _, caseload = reimport(demo_db)
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        week = app.screen.query_one("#week")
        prompts = [" ".join(str(week.get_option_at_index(i).prompt).split()) for i in range(week.option_count)]
        assert f"! {len(caseload)} on the caseload left the latest search" in prompts
        week.focus()
        week.highlighted = prompts.index(f"! {len(caseload)} on the caseload left the latest search")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, PeopleScreen)
        await pilot.press("enter")  # the first of them
        await settle(app, pilot)
        assert isinstance(app.screen, PersonScreen) and app.screen.person_id in caseload
        flag = text_of(app.screen.query_one("#left-search"))
        assert f"! Left the search: '{SEARCH}' run 23 Nov 2026 no longer finds them" in " ".join(flag.split())
        assert "still on the caseload, for the MDT to decide" in " ".join(flag.split())

        await pilot.press("h")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("c")
        await settle(app, pilot)
        assert isinstance(app.screen, CohortReviewScreen)
        await pilot.press("slash", *"search:new", "enter")
        await settle(app, pilot)
        table = app.screen.query_one("#cohort", CohortTable)
        assert table.total == 3 and {r.family_name for r in table.pages[0]} == {"Fakeham", "Samplesby", "Testwood"}
        await pilot.press("slash", "ctrl+u", *"search:left status:caseload", "enter")
        await settle(app, pilot)
        assert table.total > 0 and {r.id for r in table.pages[0]} <= caseload
