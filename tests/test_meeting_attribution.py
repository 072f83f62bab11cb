"""The minute-taker records for the MDT (issue 14): the rule in the core, and what the store records of both people."""

import json

import pytest

from mdt_tui.errors import NotPermitted
from mdt_tui.meeting.agenda import Outcome
from mdt_tui.models import User
from mdt_tui.pathway import MeetingChair, Stage, transition
from mdt_tui.roles import Role
from mdt_tui.store.store import Store
from tests.conftest import COORDINATOR
from tests.helpers.meeting_records import three_case_meeting

MINUTE_TAKER = User(name="Sam Clarke", role=Role.ADMIN)
NOT_APPROPRIATE = transition("mark_not_appropriate")
CHAIR = MeetingChair(meeting_id=7, name="Dr Amara Okafor", role=Role.GP, present=True, quorate=True)
WHY = {"reason": "will not benefit"}


# -- the rule (core) -------------------------------------------------------------------------------------
def test_a_minute_taker_alone_may_not_mark_not_appropriate():
    with pytest.raises(NotPermitted, match="cannot mark not appropriate"):
        NOT_APPROPRIATE.check(Stage.ASSESSED, Role.ADMIN, WHY)


def test_a_minute_taker_records_it_for_a_quorate_meeting_with_its_chair_present():
    NOT_APPROPRIATE.check(Stage.ASSESSED, Role.ADMIN, WHY, CHAIR)
    assert NOT_APPROPRIATE.for_the_meeting(Role.ADMIN, CHAIR)


@pytest.mark.parametrize(
    ("chair", "words"),
    [
        (MeetingChair(7, "Dr Amara Okafor", Role.GP, present=False, quorate=True), "not marked present"),
        (MeetingChair(7, "Dr Amara Okafor", Role.GP, present=True, quorate=False), "not quorate"),
        (MeetingChair(7, "", None, present=False, quorate=True), "no chair named"),
        (MeetingChair(7, "Pat Lee", Role.VOLUNTARY_SECTOR, present=True, quorate=True), "may not either"),
    ],
)
def test_without_a_quorate_chair_present_it_is_refused_saying_why(chair, words):
    with pytest.raises(NotPermitted, match=words):
        NOT_APPROPRIATE.check(Stage.ASSESSED, Role.ADMIN, WHY, chair)


def test_a_clinician_keys_their_own_decisions_even_in_a_meeting():
    NOT_APPROPRIATE.check(Stage.ASSESSED, Role.NURSE, WHY, CHAIR)
    assert not NOT_APPROPRIATE.for_the_meeting(Role.NURSE, CHAIR)


# -- what the store records ------------------------------------------------------------------------------
def _history_step(store: Store, person: int, name: str):
    return [h for h in store.history(person) if h.step == name][-1]


def test_not_appropriate_keyed_by_the_minute_taker_is_the_chairs_decision_and_both_are_audited(demo_db):
    with Store.open(demo_db) as store:
        meeting_id, (person, *_) = three_case_meeting(store)
        chair = store.team()[0]
        store.start_meeting(MINUTE_TAKER, meeting_id)
        [event_id] = store.record_outcome(
            MINUTE_TAKER, meeting_id, person, Outcome.NOT_APPROPRIATE, reason="will not benefit"
        )
        assert store.person(person).stage is Stage.NOT_APPROPRIATE
        step = _history_step(store, person, "mark_not_appropriate")
        assert (step.by_name, step.by_role) == (chair.name, chair.role.value)  # the decision: the chair's
        assert step.details["meeting_id"] == meeting_id
        assert (step.details["keyed_by"], step.details["keyed_by_role"]) == ("Sam Clarke", "admin")
        assert store.coded_event(event_id).recorded_by == "Sam Clarke"  # the keying: the minute-taker's
        [said] = [d.text for d in store.meeting(meeting_id).case_of(person).decisions if d.kind == "outcome"]
        assert said == f"Not appropriate: will not benefit (the chair's decision: {chair.name})"  # in the minutes
        audit = store.db.execute(
            "SELECT user_name, user_role, after FROM audit WHERE action = 'record_outcome' ORDER BY id DESC LIMIT 1"
        ).fetchone()
        after = json.loads(audit[2])
        assert audit[:2] == ("Sam Clarke", "admin")
        assert (after["decided_by"], after["decided_by_role"], after["meeting_id"]) == (chair.name, "gp", meeting_id)
        stage_audit = json.loads(
            store.db.execute(
                "SELECT after FROM audit WHERE action = 'mark_not_appropriate' ORDER BY id DESC LIMIT 1"
            ).fetchone()[0]
        )
        assert stage_audit["decided_by"] == chair.name and stage_audit["keyed_by"] == "Sam Clarke"
        # Entered in error: the minute-taker may undo what they keyed for the meeting.
        store.withdraw_outcome(MINUTE_TAKER, meeting_id, person, reason="wrong person")
        assert store.person(person).stage is Stage.ASSESSED


def test_without_the_chair_present_the_minute_taker_is_refused_and_nothing_changes(demo_db):
    with Store.open(demo_db) as store:
        meeting_id, (person, *_) = three_case_meeting(store)
        store.set_attendance(COORDINATOR, meeting_id, store.team()[0].id, "apologies")
        steps = len(store.history(person))
        with pytest.raises(NotPermitted, match="is not marked present"):
            store.record_outcome(MINUTE_TAKER, meeting_id, person, Outcome.NOT_APPROPRIATE, reason="will not benefit")
        assert store.person(person).stage is Stage.ASSESSED and len(store.history(person)) == steps
        assert store.meeting(meeting_id).case_of(person).outcome is None


def test_a_clinician_keying_an_outcome_is_recorded_as_theirs(demo_db):
    with Store.open(demo_db) as store:
        meeting_id, (person, *_) = three_case_meeting(store)
        store.record_outcome(COORDINATOR, meeting_id, person, Outcome.NOT_APPROPRIATE, reason="will not benefit")
        step = _history_step(store, person, "mark_not_appropriate")
        assert step.by_name == COORDINATOR.name and "decided_by" not in step.details
