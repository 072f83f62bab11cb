"""Meetings in a real store: undoing a wrong outcome, one review code per review, a held meeting closed."""

from datetime import datetime, timedelta, timezone

import pytest

from mdt_tui.codes import ASSESSMENT_NOT_APPROPRIATE, MDT_REVIEW_COMPLETED
from mdt_tui.errors import IllegalTransition, MissingRequirement
from mdt_tui.meeting.agenda import AgendaItem, Outcome, Source
from mdt_tui.meeting.minutes import minutes_document
from mdt_tui.pathway import Stage
from mdt_tui.store.demo.meetings import ready_plan
from mdt_tui.store.store import Store
from tests.conftest import COORDINATOR, TODAY


@pytest.fixture
def demo(demo_db):
    with Store.open(demo_db) as store:
        yield store


def _meeting(store, people, source=Source.NEW):
    return store.create_meeting(
        COORDINATOR,
        held_on=TODAY,
        session_minutes=60,
        agenda=[AgendaItem(person_id=p, source=source, minutes=15, new_case=source is Source.NEW) for p in people],
    )


def _codes(store, person, code):
    return [e.event_id for e in store.coded_events(person_id=person) if e.snomed_code == code]


def _ready(store, meeting, person):
    team = store.team()
    ready_plan(store, COORDINATOR, person, lead_id=team[2].id, problem="Falls")
    store.record_action(
        COORDINATOR, meeting, person, description="Falls referral", owner_id=team[2].id, due=TODAY + timedelta(weeks=2)
    )
    store.record_review_date(COORDINATOR, meeting, person, TODAY + timedelta(weeks=8), reason="8 weeks")


def test_a_wrong_not_appropriate_is_undone_and_the_minutes_show_both(demo):
    person = demo.people([Stage.ASSESSED])[0].id
    meeting = _meeting(demo, [person])
    demo.start_meeting(COORDINATOR, meeting)
    [event] = demo.record_outcome(COORDINATOR, meeting, person, Outcome.NOT_APPROPRIATE, reason="Known to CMHT")
    assert demo.person(person).stage is Stage.NOT_APPROPRIATE
    with pytest.raises(MissingRequirement):
        demo.withdraw_outcome(COORDINATOR, meeting, person, reason=" ")
    demo.withdraw_outcome(COORDINATOR, meeting, person, reason="Wrong person: meant the next case")
    assert demo.person(person).stage is Stage.ASSESSED
    assert not demo.coded_event(event).stands and _codes(demo, person, ASSESSMENT_NOT_APPROPRIATE.code) == []
    case = demo.meeting(meeting).case_of(person)
    assert case.outcome is None and [d.kind for d in case.decisions] == ["outcome", "correction"]
    with pytest.raises(IllegalTransition, match="no outcome to undo"):
        demo.withdraw_outcome(COORDINATOR, meeting, person, reason="again")
    demo.record_outcome(COORDINATOR, meeting, person, Outcome.DEFERRED, reason="GP to see first")
    demo.close_meeting(COORDINATOR, meeting)
    minutes = minutes_document(demo, meeting).render("html")
    assert "Not appropriate: Known to CMHT" in minutes and "entered in error: Wrong person" in minutes
    assert f"{ASSESSMENT_NOT_APPROPRIATE.code} {ASSESSMENT_NOT_APPROPRIATE.term} (entered in error" in minutes


def test_undoing_plan_agreed_at_a_planned_review_reverses_both_of_its_steps(demo):
    person = demo.people([Stage.PLANNED])[0].id
    meeting = _meeting(demo, [person], Source.DUE)
    _ready(demo, meeting, person)
    [event] = demo.record_outcome(COORDINATOR, meeting, person, Outcome.PLAN_AGREED)
    assert [s.step for s in demo.history(person)[-2:]] == ["mark_review_due", "complete_mdt_review"]
    demo.withdraw_outcome(COORDINATOR, meeting, person, reason="Plan not yet discussed with the family")
    assert demo.person(person).stage is Stage.PLANNED  # where they were before the meeting
    assert not demo.coded_event(event).stands
    assert [s.step for s in demo.history(person)[-2:]] == ["correction", "correction"]


def test_plan_agreed_on_the_plan_screen_then_at_the_meeting_codes_one_review(demo):
    person = demo.people([Stage.ASSESSED])[0].id
    meeting = _meeting(demo, [person])
    _ready(demo, meeting, person)
    demo.complete_mdt_review(COORDINATOR, person, on=TODAY)  # C on the plan screen
    [first] = _codes(demo, person, MDT_REVIEW_COMPLETED.code)
    assert demo.record_outcome(COORDINATOR, meeting, person, Outcome.PLAN_AGREED) == [first]  # then 1
    assert _codes(demo, person, MDT_REVIEW_COMPLETED.code) == [first]
    assert [v.number for v in demo.plan_versions(person)] == [1] and demo.person(person).stage is Stage.PLANNED
    assert demo.meeting_event_ids(meeting) == [first]
    demo.withdraw_outcome(COORDINATOR, meeting, person, reason="x")  # the plan screen's review stands
    assert demo.coded_event(first).stands and demo.person(person).stage is Stage.PLANNED


def test_a_held_meeting_refuses_every_change_and_takes_addenda(demo):
    held = next(m.meeting_id for m in demo.meetings() if m.status == "held")
    before = demo.meeting(held)
    done = next(c for c in before.cases if c.outcome is Outcome.PLAN_AGREED).person_id
    waiting = next(c for c in before.cases if c.outcome is None).person_id
    member = demo.team()[0].id
    for change in (
        lambda: demo.set_attendance(COORDINATOR, held, member, "remote"),
        lambda: demo.save_case_notes(COORDINATOR, held, done, know="k", dont_know="", assume=""),
        lambda: demo.record_decision(COORDINATOR, held, done, "changed our mind"),
        lambda: demo.record_action(COORDINATOR, held, done, description="x", owner_id=None, due=TODAY),
        lambda: demo.record_review_date(COORDINATOR, held, done, TODAY + timedelta(weeks=4), reason="x"),
        lambda: demo.record_outcome(COORDINATOR, held, waiting, Outcome.DEFERRED, reason="x"),
        lambda: demo.withdraw_outcome(COORDINATOR, held, done, reason="x"),
        lambda: demo.update_meeting(
            COORDINATOR, held, held_on=TODAY, starts_at="09:00", chair_id=None, minute_taker_id=None, guests=""
        ),
        lambda: demo.remove_from_agenda(COORDINATOR, held, waiting),
    ):
        with pytest.raises(IllegalTransition, match="held and closed: its minutes cannot change"):
            change()
    assert demo.meeting(held) == before
    with pytest.raises(MissingRequirement):
        demo.add_addendum(COORDINATOR, held, "  ")
    with pytest.raises(IllegalTransition, match="already held"):
        demo.add_addendum(COORDINATOR, demo.next_meeting_id(), "too early")
    demo.add_addendum(COORDINATOR, held, "Bloods came back normal; no change to the plan")
    [addendum] = demo.meeting(held).addenda
    assert (addendum.by_name, addendum.text) == (COORDINATOR.name, "Bloods came back normal; no change to the plan")
    minutes = minutes_document(demo, held).render("md")
    assert minutes.index("Addenda") > minutes.index("Carried over") and "Bloods came back normal" in minutes
    with pytest.raises(Exception, match="append-only"):
        demo.db.execute("UPDATE meeting_addenda SET text = 'rewritten'")


def test_a_code_corrected_after_the_meeting_leaves_its_minutes_and_adds_an_addendum(demo_db):
    ticks = iter(range(10_000))
    demo = Store.open(
        demo_db, clock=lambda: datetime(2026, 11, 23, 9, tzinfo=timezone.utc) + timedelta(minutes=next(ticks))
    )  # every write a minute after the last
    person = demo.people([Stage.ASSESSED])[0].id
    meeting = _meeting(demo, [person])
    [event] = demo.record_outcome(COORDINATOR, meeting, person, Outcome.NOT_APPROPRIATE, reason="Known to CMHT")
    demo.close_meeting(COORDINATOR, meeting)
    as_held = minutes_document(demo, meeting).render("md")
    demo.mark_entered_in_error(COORDINATOR, event, reason="Wrong person")
    assert demo.person(person).stage is Stage.ASSESSED
    [addendum] = demo.meeting(meeting).addenda
    assert f"event {event}" in addendum.text and addendum.text.endswith("entered in error: Wrong person")
    after = minutes_document(demo, meeting).render("md")
    assert after.startswith(as_held.rstrip("\n")) and "Addenda" in after[len(as_held.rstrip()) :]
    demo.close()
