"""A draft agenda rebuilt as people become due, keeping hand edits (issue 14): the rule, the store, the screen."""

from datetime import date

from mdt_tui.meeting.agenda import Candidate, OnAgenda, Source, added_by_hand, place_new, rebuild_agenda
from mdt_tui.pathway import Stage
from mdt_tui.screens.meeting.agenda import AgendaScreen
from mdt_tui.store.demo.meetings import ready_plan
from mdt_tui.store.store import Store
from mdt_tui.team_policy import TeamPolicy
from tests.conftest import COORDINATOR, TODAY
from tests.pilot_helpers import app_for, notification_texts, settle

POLICY = TeamPolicy(new_cases_per_meeting=2, reviews_per_meeting=2)
DAY = date(2026, 11, 1)


def _due(pid: int, source: Source = Source.OVERDUE, new: bool = False) -> Candidate:
    return Candidate(person_id=pid, source=source, since=DAY, new_case=new)


# -- the rule (core) -------------------------------------------------------------------------------------
def test_people_now_due_fill_the_places_left_and_those_no_longer_due_go():
    current = [
        OnAgenda(person_id=1, source=Source.OVERDUE),  # still due: stays
        OnAgenda(person_id=2, source=Source.DUE),  # reviewed since: goes
        OnAgenda(person_id=3, source=Source.ADDED),  # added by hand: stays though not due
        OnAgenda(person_id=4, source=Source.CARRIED_OVER),  # carried over: stays
        OnAgenda(person_id=5, source=Source.DUE, recorded=True),  # already discussed: stays
    ]
    candidates = [_due(1), _due(6, Source.TRIGGERED), _due(7), _due(8, Source.NEW, new=True)]
    change = rebuild_agenda(current, candidates, [], POLICY)
    assert change.drop == (2,)
    # reviews: 1 kept and 5 (recorded, still counted as automatic) fill both places; the new case has its own
    assert [i.person_id for i in change.add] == [8]


def test_someone_taken_off_by_hand_is_not_put_back_nor_is_their_place_filled():
    current = [OnAgenda(person_id=1, source=Source.OVERDUE)]
    candidates = [_due(1), _due(2), _due(3)]
    assert [i.person_id for i in rebuild_agenda(current, candidates, [2], POLICY).add] == []
    assert [i.person_id for i in rebuild_agenda(current, candidates, [], POLICY).add] == [2]


def test_a_case_now_due_goes_before_the_first_case_of_a_later_kind():
    order = [Source.CARRIED_OVER, Source.TRIGGERED, Source.NEW, Source.ADDED]
    assert place_new(order, Source.TRIGGERED) == 2
    assert place_new(order, Source.OVERDUE) == 2
    assert place_new(order, Source.NEW) == 3
    assert place_new([], Source.DUE) == 0


# -- the store and the screen ----------------------------------------------------------------------------
def _hand_edits(store: Store) -> tuple[int, int, int, int]:
    """On the demo's upcoming agenda: one new case taken off by hand, someone added by hand, the last case moved
    up one; and one triggered review completed elsewhere (no longer due). Returns (meeting, taken off, added,
    reviewed)."""
    meeting_id = store.next_meeting_id()
    policy = store.team_policy()
    assert not store.agenda_rebuild(meeting_id, policy, TODAY).changed  # the demo's agenda is up to date
    cases = store.meeting(meeting_id).cases
    taken_off = next(c.person_id for c in cases if c.source is Source.NEW)
    store.remove_from_agenda(COORDINATOR, meeting_id, taken_off)
    on = {c.person_id for c in cases}
    added = next(p.id for p in store.people([Stage.PLANNED]) if p.id not in on and p.id not in store.booked_people())
    store.add_to_agenda(COORDINATOR, meeting_id, added_by_hand(added, new_case=False, settings=policy))
    store.move_on_agenda(COORDINATOR, meeting_id, added, -1)
    reviewed = next(c.person_id for c in cases if c.source is Source.TRIGGERED)
    ready_plan(store, COORDINATOR, reviewed, lead_id=store.team()[0].id, problem="Falls")
    store.save_plan(COORDINATOR, reviewed, next_review=date(2027, 1, 18), next_review_reason="8 weeks")
    store.complete_mdt_review(COORDINATOR, reviewed, on=TODAY)
    return meeting_id, taken_off, added, reviewed


def test_the_store_rebuilds_once_keeping_every_hand_edit(demo_db):
    with Store.open(demo_db) as store:
        meeting_id, taken_off, added, reviewed = _hand_edits(store)
        before = [c.person_id for c in store.meeting(meeting_id).cases]
        change = store.rebuild_agenda(COORDINATOR, meeting_id, store.team_policy(), TODAY)
        assert change.drop == (reviewed,) and len(change.add) == 1  # the review's place: the next review due
        [now_due] = change.add
        after = store.meeting(meeting_id).cases
        people = [c.person_id for c in after]
        assert taken_off not in people and added in people and reviewed not in people
        kept = [p for p in before if p != reviewed]
        assert [p for p in people if p in kept] == kept  # the hand-made order stands
        sources = [c.source for c in after if c.person_id != added]
        assert sources == sorted(sources, key=list(Source).index)  # the new one placed among its kind
        assert now_due.source in (Source.TRIGGERED, Source.OVERDUE, Source.DUE)
        assert not store.rebuild_agenda(COORDINATOR, meeting_id, store.team_policy(), TODAY).changed  # once only


async def test_opening_the_agenda_brings_it_up_to_date_and_says_so(demo_db, settings):
    with Store.open(demo_db) as store:
        meeting_id, taken_off, added, reviewed = _hand_edits(store)
    app = app_for(demo_db, settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("m")
        await settle(app, pilot)
        assert isinstance(app.screen, AgendaScreen) and app.screen.meeting_id == meeting_id
        await settle(app, pilot)
        said = "Agenda brought up to date: 1 now due added, 1 no longer due taken off"
        assert any(said in t for t in notification_texts(app))
    people = [c.person_id for c in app.store.meeting(meeting_id).cases]
    assert reviewed not in people and taken_off not in people and added in people


def test_a_started_meeting_is_never_rebuilt_nor_one_on_its_day(demo_db):
    with Store.open(demo_db) as store:
        meeting_id, *_ = _hand_edits(store)
        on_the_day = store.meeting(meeting_id).held_on
        assert not store.rebuild_agenda(COORDINATOR, meeting_id, store.team_policy(), on_the_day).changed
        store.start_meeting(COORDINATOR, meeting_id)
        assert not store.rebuild_agenda(COORDINATOR, meeting_id, store.team_policy(), TODAY).changed
