"""Households and carers by keys, in a new database: Mr and Mrs C linked, their daughter as carer."""

from __future__ import annotations

from datetime import datetime, timezone

from textual.widgets import DataTable

from mdt_tui.households.records import StrainReport
from mdt_tui.screens.households.household import HouseholdScreen
from mdt_tui.screens.people.person import PersonScreen
from mdt_tui.store.store import Store
from tests.conftest import COORDINATOR, TODAY, make_entry, make_patient
from tests.helpers.nhs_numbers import nhs
from tests.pilot_helpers import SIZE, app_for, settle, text_of


def table_text(table: DataTable) -> str:
    return "\n".join(" | ".join(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count))


def carters(tmp_path) -> tuple:
    db = tmp_path / "new.db"
    with Store.open(db, create=True, clock=lambda: datetime(2026, 11, 23, 10, tzinfo=timezone.utc)) as store:
        albert = store.add_person(
            COORDINATOR,
            make_patient(nhs(110), family_name="Carter", given_name="Albert", postcode="CM20 1AA"),
            make_entry(),
        )
        edna = store.add_person(
            COORDINATOR,
            make_patient(nhs(220), family_name="Carter", given_name="Edna", postcode="CM20 1AA"),
            make_entry(),
        )
    return db, albert, edna


async def open_household(app, pilot, person_id: int) -> HouseholdScreen:
    app.open_person(person_id)
    await settle(app, pilot)
    assert isinstance(app.screen, PersonScreen)
    await pilot.press("H")
    await settle(app, pilot)
    assert isinstance(app.screen, HouseholdScreen)
    return app.screen


async def test_link_the_couple_from_the_suggestion_and_record_the_daughter_as_carer(tmp_path, settings):
    db, albert, edna = carters(tmp_path)
    app = app_for(db, settings)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_household(app, pilot, edna)
        assert "suggested" in table_text(screen.query_one(DataTable))  # offered, not linked
        assert app.store.household(edna) is None
        await pilot.press("K", "1", "1", "tab", *"husband", "tab", *"wife", "enter")  # couple, the suggestion
        await settle(app, pilot)
        household = app.store.household(edna)
        assert household is not None and household == app.store.household(albert)
        assert {(m.person_id, m.relationship) for m in household.members} == {(albert, "husband"), (edna, "wife")}
        await pilot.press("c", "0", *"Jane Hughes", "tab", *"daughter", "tab", "1", "1", *"07700 900461", "enter")
        await settle(app, pilot)
        [carer] = app.store.carers_of(edna)
        assert (carer.name, carer.relationship, carer.main_carer, carer.consent_to_hold, carer.contact) == (
            "Jane Hughes",
            "daughter",
            True,
            True,
            "07700 900461",
        )
        table = screen.query_one(DataTable)
        table.move_cursor(row=[str(k.value) for k in table.rows].index(f"carer:{carer.id}:"))
        await pilot.press("s", "3", *"at the end of my tether", "tab", "enter")
        await settle(app, pilot)
        assert app.store.carer(carer.id).strain == StrainReport(
            level="high", words="at the end of my tether", reported_on=TODAY
        )
        await pilot.press("A", "enter")
        await settle(app, pilot)
        assert app.store.carer(carer.id).assessment_offered_on == TODAY
        await pilot.press("U", *"Day centre twice a week", "enter")
        await settle(app, pilot)
        assert app.store.carer(carer.id).support == "Day centre twice a week"
        assert [c.id for c in app.store.carers_under_strain()] == [carer.id]
        assert "strain high" in table_text(table)
        await pilot.press("plus", *"Carer breakdown if reablement ends", "tab", "3", "tab", "0", "enter")
        await settle(app, pilot)
        for person in (albert, edna):
            assert [(p.title, p.domain) for p in app.store.problems(person)] == [
                ("Carer breakdown if reablement ends", "social")
            ]
            assert len(app.store.shared_problem_ids(person)) == 1
        await pilot.press("x", "0", "2", *"Carer's assessment for Jane", "enter")
        await settle(app, pilot)
        [action] = app.store.actions(person_id=edna)
        assert action.description == "Carer's assessment for Jane" and action.due_date is not None
        assert app.store.carer_actions(edna) == {action.id: "Jane Hughes"}


async def test_strain_without_words_is_refused_and_nothing_is_stored(tmp_path, settings):
    db, albert, edna = carters(tmp_path)
    app = app_for(db, settings)
    async with app.run_test(size=SIZE) as pilot:
        await open_household(app, pilot, edna)
        await pilot.press("c", *"Jane Hughes", "tab", "tab", "1", "2", "enter")
        await settle(app, pilot)
        [carer] = app.store.carers_of(edna)
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=[str(k.value) for k in table.rows].index(f"carer:{carer.id}:"))
        await pilot.press("s", "3", "tab", "enter")
        await pilot.pause()
        assert "own words" in text_of(app.screen.query_one("#form-error"))
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.store.carer(carer.id).strain is None


async def test_ctrl_o_opens_the_other_member_from_the_person_screen(tmp_path, settings):
    db, albert, edna = carters(tmp_path)
    with Store.open(db) as store:
        store.link_people(COORDINATOR, edna, albert, relationship="wife", other_relationship="husband")
    app = app_for(db, settings)
    async with app.run_test(size=SIZE) as pilot:
        app.open_person(edna)
        await settle(app, pilot)
        assert "husband Carter, Albert" in text_of(app.screen.query_one("#household"))
        await pilot.press("ctrl+o")
        await settle(app, pilot)
        assert isinstance(app.screen, PersonScreen) and app.screen.person_id == albert


async def test_home_counts_carers_under_strain_and_opens_the_carers_list(demo_db, settings):
    from textual.widgets import OptionList

    from mdt_tui.screens.households.carers import CarersScreen

    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        week = app.screen.query_one("#week", OptionList)
        week.focus()
        week.highlighted = [o.id for o in week._options].index("carer_strain")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, CarersScreen)
        rows = table_text(app.screen.query_one(DataTable))
        assert 'Jane Hughes | Carter, Albert | strain high "at the end of my tether"' in rows
        assert "carer not recorded" in rows  # a CGA flag with no carer recorded still counts
        await pilot.press("p")
        await settle(app, pilot)
        assert "Jane Hughes" not in table_text(app.screen.query_one(DataTable))
        assert "J.H. | A.C." in table_text(app.screen.query_one(DataTable))
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, HouseholdScreen)


async def test_mr_and_mrs_c_are_discussed_as_one_agenda_item(tmp_path, settings):
    """Adjacent on the agenda, joined with j, one timer across both cases, an outcome recorded for each."""
    from mdt_tui.meeting.agenda import AgendaItem, Outcome, Source
    from mdt_tui.screens.meeting.agenda import AgendaScreen
    from mdt_tui.screens.meeting.in_progress import MeetingScreen
    from tests.helpers.meeting_records import FakeClock

    db, albert, edna = carters(tmp_path)
    with Store.open(db) as store:
        eve = store.add_person(COORDINATOR, make_patient(nhs(330), family_name="Smith", given_name="Eve"), make_entry())
        store.link_people(COORDINATOR, edna, albert, relationship="wife", other_relationship="husband")
        meeting_id = store.create_meeting(
            COORDINATOR,
            held_on=TODAY,
            session_minutes=120,
            agenda=[AgendaItem(person_id=p, source=Source.ADDED, minutes=15) for p in (albert, eve, edna)],
        )
        assert [c.person_id for c in store.meeting(meeting_id).cases] == [albert, edna, eve]  # kept together
    app = app_for(db, settings)
    clock = app.meeting_clock = FakeClock()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("m")
        await settle(app, pilot)
        assert isinstance(app.screen, AgendaScreen)
        await pilot.press("down", "j")  # Edna's household as one item
        await settle(app, pilot)
        assert [c.person_id for c in app.store.meeting(meeting_id).cases] == [edna, albert, eve]
        await pilot.press("s")
        await settle(app, pilot)
        assert isinstance(app.screen, MeetingScreen)
        assert "husband Carter, Albert" in text_of(app.screen.query_one("#case-summary"))
        clock.now += 5 * 60
        await pilot.press("2", *"seen together: carer's assessment first", "enter")
        await settle(app, pilot)
        await pilot.press("n")
        clock.now += 3 * 60
        await settle(app, pilot)
        app.screen.show_clock()  # (redrawn each second: now, for the fake clock)
        assert "household item, 2 of 2" in text_of(app.screen.query_one("#meeting-bar"))
        assert "⏱ 8:00 / 30:00" in text_of(app.screen.query_one("#meeting-bar"))  # one timer for the item
        await pilot.press("2", *"seen together: carer's assessment first", "enter")
        await settle(app, pilot)
    cases = app.store.meeting(meeting_id).cases
    assert [(c.person_id, c.outcome) for c in cases[:2]] == [(edna, Outcome.DEFERRED), (albert, Outcome.DEFERRED)]
    assert (cases[0].seconds_spent, cases[1].seconds_spent) == (5 * 60, 8 * 60)


async def test_ctrl_o_with_two_others_asks_which_and_opens_the_one_picked(tmp_path, settings):
    """Never a guess: with more than one other member in the cohort, the user picks by name."""
    from mdt_tui.screens.households.dialogs import PickDialog

    db, albert, edna = carters(tmp_path)
    with Store.open(db) as store:
        rose = store.add_person(
            COORDINATOR, make_patient(nhs(440), family_name="Carter", given_name="Rose"), make_entry()
        )
        store.link_people(COORDINATOR, edna, albert, kind="family")
        store.link_people(COORDINATOR, edna, rose)
    app = app_for(db, settings)
    async with app.run_test(size=SIZE) as pilot:
        app.open_person(edna)
        await settle(app, pilot)
        await pilot.press("ctrl+o")
        await settle(app, pilot)
        assert isinstance(app.screen, PickDialog)
        assert [name for _, name in app.screen.people] == ["Carter, Albert", "Carter, Rose"]
        await pilot.press("2")
        await settle(app, pilot)
        assert isinstance(app.screen, PersonScreen) and app.screen.person_id == rose


async def test_cohort_review_pane_shows_the_household_and_ctrl_o_opens_the_other(demo_db, settings):
    from tests.pilot_helpers import ids_in, open_cohort

    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_cohort(app, pilot, "carter")
        [albert] = [p for p in ids_in(table) if app.store.person(p).given_name == "Albert"]
        edna = app.store.household(albert).other_people(albert)[0]
        for _ in range(ids_in(table).index(albert)):
            await pilot.press("down")
        await settle(app, pilot)
        assert app.screen.current.id == albert
        pane = text_of(app.screen.query_one("#details-who"))
        assert "Household (couple): wife Carter, Edna — in cohort" in pane and "daughter Jane Hughes" in pane
        await pilot.press("p")
        await settle(app, pilot)
        assert "Jane Hughes" not in text_of(app.screen.query_one("#details-who"))
        await pilot.press("ctrl+o")
        await settle(app, pilot)
        assert isinstance(app.screen, PersonScreen) and app.screen.person_id == edna


async def test_linking_by_nhs_number_refuses_a_stranger_and_someone_in_another_household(tmp_path, settings):
    """A number not in the cohort is one sentence in the dialog; linking two people who are each in a household
    is refused (one household each) and changes nothing."""
    db, albert, edna = carters(tmp_path)
    with Store.open(db) as store:
        eve, sam = (
            store.add_person(COORDINATOR, make_patient(nhs(n), family_name="Smith", given_name=given), make_entry())
            for n, given in ((330, "Eve"), (440, "Sam"))
        )
        store.link_people(COORDINATOR, edna, albert)
        store.link_people(COORDINATOR, eve, sam)
    app = app_for(db, settings)
    async with app.run_test(size=SIZE) as pilot:
        await open_household(app, pilot, eve)
        await pilot.press("K", "2", *"999 999 9999", "enter")  # shared address; a number not in the cohort
        await pilot.pause()
        assert "not the NHS number of anyone in the cohort" in text_of(app.screen.query_one("#form-error"))
        nhs_input = app.screen.query_one("#nhs")
        nhs_input.value = ""
        nhs_input.focus()
        await pilot.press(*nhs(110), "enter")  # Albert: already in the Carters' household
        await settle(app, pilot)
        assert isinstance(app.screen, HouseholdScreen)
        assert [m.person_id for m in app.store.household(eve).members] == [eve, sam]
        assert len(app.store.household(albert).members) == 2


async def test_ctrl_o_in_the_cga_opens_the_other_members_cga(tmp_path, settings):
    from mdt_tui.screens.cga.assessment import CgaScreen
    from tests.pilot_helpers import open_person_step

    db, albert, edna = carters(tmp_path)
    with Store.open(db) as store:
        store.link_people(COORDINATOR, edna, albert, relationship="wife", other_relationship="husband")
    app = app_for(db, settings)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_person_step(app, pilot, edna, "a", CgaScreen)
        assert "husband Carter, Albert" in text_of(screen.query_one("#cga-person"))
        await pilot.press("ctrl+o")
        await settle(app, pilot)
        assert isinstance(app.screen, CgaScreen) and app.screen.person_id == albert


async def test_whom_a_person_cares_for_is_recorded_and_codes_is_a_carer(tmp_path, settings):
    from mdt_tui.codes import IS_A_CARER

    db, albert, edna = carters(tmp_path)
    app = app_for(db, settings)
    async with app.run_test(size=SIZE) as pilot:
        await open_household(app, pilot, albert)
        await pilot.press("F", "tab", *"Tom Hughes", "tab", *"grandfather", "enter")  # someone outside the cohort
        await settle(app, pilot)
        await pilot.press("F", *nhs(220), "tab", "tab", *"husband", "enter")  # Edna, in the cohort
        await settle(app, pilot)
        assert [(c.cared_for_id, c.cared_for_name, c.relationship) for c in app.store.cared_for_by(albert)] == [
            (None, "Tom Hughes", "grandfather"),
            (edna, "Carter, Edna", "husband"),
        ]
        assert [c.name for c in app.store.carers_of(edna)] == ["Carter, Albert"]
        codes = [e.snomed_code for e in app.store.coded_events(person_id=albert)]
        assert codes.count(IS_A_CARER.code) == 1
        assert "as their grandfather" in table_text(app.screen.query_one(DataTable))


async def test_taking_a_member_out_asks_first(tmp_path, settings):
    db, albert, edna = carters(tmp_path)
    with Store.open(db) as store:
        store.link_people(COORDINATOR, edna, albert)
    app = app_for(db, settings)
    async with app.run_test(size=SIZE) as pilot:
        await open_household(app, pilot, edna)
        await pilot.press("delete", "n")  # a slip: nothing changes
        await settle(app, pilot)
        assert len(app.store.household(edna).members) == 2
        await pilot.press("delete", "y")
        await settle(app, pilot)
        assert app.store.household(edna).other_people(edna) == [] and app.store.household(albert) is None


async def test_the_plan_marks_the_problem_the_household_shares(demo_db, settings):
    from mdt_tui.screens.plan.care_plan import PlanScreen
    from tests.pilot_helpers import open_person_step

    with Store.open(demo_db) as store:
        albert = store.db.execute(
            "SELECT id FROM patients WHERE family_name = 'Carter' AND given_name = 'Albert'"
        ).fetchone()[0]
    app = app_for(demo_db, settings)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_person_step(app, pilot, albert, "l", PlanScreen)
        rows = table_text(screen.query_one("#problems", DataTable))
        assert "Carer breakdown if reablement ends | social | shared by the household" in rows
        assert "daughter Jane Hughes" in text_of(screen.query_one("#plan-person"))
