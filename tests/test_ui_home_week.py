"""Home's "This week" panel: the next meeting (or what m does without one) and carers with strain flagged."""

from datetime import timedelta

import pytest
from textual.widgets import DataTable, OptionList

from mdt_tui.cga.bundle import ChecklistAnswer
from mdt_tui.pathway import CASELOAD_STAGES, Stage
from mdt_tui.screens.home import HomeScreen
from mdt_tui.screens.meeting.agenda import AgendaScreen
from mdt_tui.store.store import Store
from tests.cga_helpers import excuse_domains
from tests.conftest import COORDINATOR, TODAY
from tests.pilot_helpers import SIZE, app_for, settle

DEMO_MEETING_DAY = TODAY + timedelta(days=3)  # the demo plans its next meeting for Thursday


@pytest.fixture
def demo(demo_db):
    with Store.open(demo_db) as store:
        yield store


def assess(store, person_id, strain, on):
    """A completed CGA (a CFS and the social checklist's carer strain line) on ``on``."""
    store.save_cga_answer(COORDINATOR, person_id, "cfs", "level", 5)
    store.save_cga_checklist(
        COORDINATOR,
        person_id,
        "social_checks",
        "carer_strain",
        ChecklistAnswer(answer=strain, note="daughter, caring alone"),
    )
    excuse_domains(store, COORDINATOR, person_id, "mental", "medication")  # a CFS alone is not a CGA
    store.complete_cga(COORDINATOR, person_id, on=on)


def flag_strain(store) -> set[int]:
    """Every way a CGA can leave carer strain; returns who should be counted (the demo flags some already)."""
    before = strained_by_bundle(store)
    waiting = [p.id for p in store.people([Stage.ON_CASELOAD])]
    planned = [p.id for p in store.people([Stage.PLANNED])]
    flagged, moved_to_gsf, draft_only = waiting[:3]
    assess(store, flagged, "yes", TODAY)
    assess(store, moved_to_gsf, "yes", TODAY)
    store.transfer_to_gsf(COORDINATOR, moved_to_gsf, reason="Last months of life", on=TODAY)
    store.save_cga_checklist(COORDINATOR, draft_only, "social_checks", "carer_strain", ChecklistAnswer(answer="yes"))
    eased, worsened = planned[:2]
    assess(store, eased, "yes", TODAY - timedelta(days=30))
    assess(store, eased, "no", TODAY)
    assess(store, worsened, "no", TODAY - timedelta(days=30))
    assess(store, worsened, "yes", TODAY)
    return (before - {moved_to_gsf, eased}) | {flagged, worsened}


def strained_by_bundle(store) -> set[int]:
    """The same question answered through the CGA bundle the app loads, and its suggested problem."""
    out = set()
    for person in store.people(CASELOAD_STAGES):
        cga = store.latest_completed_cga(person.id)
        if cga and cga.checklist_answer("social_checks", "carer_strain").answer == "yes":
            assert "carer_strain" in {s.rule for s in cga.suggested_problems}
            out.add(person.id)
    return out


def week_lines(app) -> dict[str, str]:
    week = app.screen.query_one("#week", OptionList)
    return {week.get_option_at_index(i).id: str(week.get_option_at_index(i).prompt) for i in range(week.option_count)}


async def choose(app, pilot, option_id: str) -> None:
    """Tab to "This week", arrow down to the line, press enter."""
    await pilot.press("tab")
    week = app.screen.query_one("#week", OptionList)
    assert week.has_focus
    await pilot.press(*["down"] * week.get_option_index(option_id), "enter")
    await settle(app, pilot)


# -- the store ----------------------------------------------------------------------------------


def test_next_meeting_is_the_demo_agenda_with_its_cases_and_minutes(demo):
    upcoming = [m for m in demo.meetings() if m.status == "upcoming"]
    assert [m.date for m in upcoming] == [DEMO_MEETING_DAY]
    meeting = demo.meeting(upcoming[0].meeting_id)
    summary = demo.next_planned_meeting(TODAY)
    assert (summary.id, summary.held_on, summary.starts_at) == (meeting.id, DEMO_MEETING_DAY, "13:00")
    assert summary.cases == len(meeting.cases) == upcoming[0].cases
    assert summary.minutes == sum(c.minutes for c in meeting.cases)
    assert summary.over_by == max(0, summary.minutes - meeting.session_minutes)
    assert demo.next_planned_meeting(DEMO_MEETING_DAY) == summary  # held today still counts
    assert demo.next_planned_meeting(DEMO_MEETING_DAY + timedelta(days=1)) is None


def test_a_meeting_in_progress_is_not_the_next_one_but_is_the_one_m_runs(demo):
    meeting_id = demo.next_planned_meeting(TODAY).id
    demo.start_meeting(COORDINATOR, meeting_id)
    counts = demo.pipeline(TODAY, 150)
    assert counts.next_meeting is None
    assert (counts.meeting_to_run.id, counts.meeting_to_run.status) == (meeting_id, "in_progress")
    demo.close_meeting(COORDINATOR, meeting_id)
    counts = demo.pipeline(TODAY, 150)
    assert counts.next_meeting is None and counts.meeting_to_run is None


def test_an_empty_store_has_no_meeting_and_no_strain(store):
    counts = store.pipeline(TODAY, 150)
    assert (counts.next_meeting, counts.meeting_to_run, counts.carers_with_strain) == (None, None, 0)
    assert store.carer_strain_people() == []


def test_carer_strain_comes_from_the_latest_completed_cga_of_people_on_the_caseload(demo):
    demo_flagged = strained_by_bundle(demo)
    assert demo.carer_strain_count() == len(demo_flagged) == 7  # the demo answers "yes" for a few
    expected = flag_strain(demo)
    assert {p.id for p in demo.carer_strain_people()} == expected == strained_by_bundle(demo) != demo_flagged
    assert demo.pipeline(TODAY, 150).carers_with_strain == demo.carer_strain_count() == len(expected)


# -- the screen ----------------------------------------------------------------------------------


async def test_this_week_shows_the_next_meeting_and_enter_opens_its_agenda(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        upcoming = app.store.next_planned_meeting(TODAY)
        lines = week_lines(app)
        assert lines["next_meeting"] == (
            f"  Next meeting  Thu 26 Nov 13:00\n    {upcoming.cases} cases (2h25m)"
            f" ! over by {upcoming.minutes - 120} min"
        )
        # Jane Hughes (Mr and Mrs C's daughter, one carer of two people) and the 7 CGA flags with no carer recorded
        assert lines["carer_strain"].split() == ["!", "Carers", "under", "strain", "8"]
        week = app.screen.query_one("#week", OptionList)
        assert week.max_scroll_y == 0  # every line is visible at 80×24
        await choose(app, pilot, "next_meeting")
        assert isinstance(app.screen, AgendaScreen) and app.screen.meeting_id == upcoming.id
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_enter_opens_the_line_s_meeting_even_with_another_in_progress(demo_db, settings):
    with Store.open(demo_db) as store:
        running = store.next_planned_meeting(TODAY).id
        store.start_meeting(COORDINATOR, running)
        later = store.plan_meeting(
            COORDINATOR, held_on=TODAY + timedelta(days=10), starts_at="09:30", session_minutes=120, agenda=[]
        )
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert week_lines(app)["next_meeting"] == "  Next meeting  Thu 03 Dec 09:30\n    0 cases (0h00m) ✔ fits"
        await choose(app, pilot, "next_meeting")
        assert isinstance(app.screen, AgendaScreen) and app.screen.meeting_id == later
        await pilot.press("escape", "m")
        await settle(app, pilot)
        assert isinstance(app.screen, AgendaScreen) and app.screen.meeting_id == running


async def test_with_a_meeting_in_progress_and_none_ahead_the_line_says_m_opens_it(demo_db, settings):
    with Store.open(demo_db) as store:
        running = store.next_planned_meeting(TODAY).id
        store.start_meeting(COORDINATOR, running)
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert week_lines(app)["meeting_key"] == "! No meeting ahead\n    m opens Thu 26 Nov (in progress)"
        await choose(app, pilot, "meeting_key")
        assert isinstance(app.screen, AgendaScreen) and app.screen.meeting_id == running


async def test_with_no_meeting_planned_enter_plans_one_for_today_as_m_does(demo_db, settings):
    with Store.open(demo_db) as store:
        ended = store.next_planned_meeting(TODAY).id
        store.start_meeting(COORDINATOR, ended)
        store.close_meeting(COORDINATOR, ended)
        before = len(store.meetings())
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert week_lines(app)["meeting_key"] == "! No meeting planned\n    m plans one for today"
        await choose(app, pilot, "meeting_key")
        assert isinstance(app.screen, AgendaScreen)
        made = app.store.meeting(app.screen.meeting_id)
        assert (made.held_on, made.status, len(app.store.meetings())) == (TODAY, "upcoming", before + 1)
        await pilot.press("escape")
        await settle(app, pilot)
        assert week_lines(app)["next_meeting"].startswith("  Next meeting  Mon 23 Nov 13:00\n")


async def test_carer_strain_line_counts_and_opens_the_people_flagged(demo_db, settings):
    """Carers under strain (households.py): recorded carers, and every CGA flag, with or without a carer."""
    from mdt_tui.households.records import count_carers
    from mdt_tui.screens.households.carers import CarersScreen

    with Store.open(demo_db) as store:
        expected = flag_strain(store)
        count = count_carers(store.carer_strain_list())
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert week_lines(app)["carer_strain"].split() == ["!", "Carers", "under", "strain", str(count)]
        await choose(app, pilot, "carer_strain")
        assert isinstance(app.screen, CarersScreen)
        table = app.screen.query_one(DataTable)
        assert expected <= {int(str(key.value).split(":")[1]) for key in table.rows}
