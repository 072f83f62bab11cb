"""Correcting a coded entry made in error, in a real store: the step reversed, both kept, both audited."""

from datetime import date

import pytest

from mdt_tui.codes import ASSESSMENT_NOT_APPROPRIATE, CGA_RECORDED, ON_PATHWAY
from mdt_tui.errors import IllegalTransition, MissingRequirement, NotFound, NotPermitted
from mdt_tui.models import User
from mdt_tui.pathway import Stage
from mdt_tui.roles import Role
from tests.conftest import make_entry, make_patient

MINUTE_TAKER = User(name="Sam Minutes", role=Role.ADMIN)


@pytest.fixture
def assessed(store, user):
    """Someone whose CGA was recorded on 20 Nov 2026: MDT due (the step taken directly, no instruments)."""
    person_id = store.add_person(user, make_patient(), make_entry())
    store.mark_suitable(user, person_id)
    store.record_consent(user, person_id, consent_by="patient", share_records=True)
    store.take_step(user, person_id, "complete_cga", on=date(2026, 11, 20))
    return person_id


def _event(store, person_id, code):
    return next(e for e in store.coded_events(person_id=person_id) if e.snomed_code == code)


def test_correcting_not_appropriate_puts_the_person_back_and_history_shows_both(store, user, assessed):
    before = store.person(assessed)
    store.mark_not_appropriate(user, assessed, reason="Known to the heart failure team")
    wrong = _event(store, assessed, ASSESSMENT_NOT_APPROPRIATE.code)
    correction = store.mark_entered_in_error(user, wrong.event_id, reason="Wrong person")
    person = store.person(assessed)
    assert person.stage is Stage.ASSESSED and before.stage is Stage.ASSESSED
    stage_since = store.db.execute("SELECT stage_since FROM patients WHERE id = ?", [assessed]).fetchone()[0]
    assert stage_since == "2026-11-20"  # since the CGA, as before the mistake: waiting times stay true
    assert wrong.event_id not in [e.event_id for e in store.coded_events(person_id=assessed)]
    event = store.coded_event(wrong.event_id)
    assert not event.stands and event.corrected_by_event == correction and event.reason == "Wrong person"
    steps = store.history(assessed)
    assert [s.step for s in steps[-2:]] == ["mark_not_appropriate", "correction"]
    assert steps[-2].corrected_reason == "Wrong person" and steps[-2].event_id == wrong.event_id
    assert (steps[-1].from_stage, steps[-1].to_stage) == (Stage.NOT_APPROPRIATE, Stage.ASSESSED)
    assert steps[-1].details["reason"] == "Wrong person"
    audited = [r[0] for r in store.db.execute("SELECT action FROM audit ORDER BY id DESC LIMIT 2")]
    assert set(audited) == {"mark_entered_in_error", "correction"}


def test_unknown_already_corrected_blank_reason_and_a_correction_itself_are_refused(store, user, assessed):
    store.mark_not_appropriate(user, assessed, reason="x")
    wrong = _event(store, assessed, ASSESSMENT_NOT_APPROPRIATE.code)
    with pytest.raises(NotFound, match="no coded event 999"):
        store.mark_entered_in_error(user, 999, reason="typo")
    with pytest.raises(MissingRequirement):
        store.mark_entered_in_error(user, wrong.event_id, reason="  ")
    correction = store.mark_entered_in_error(user, wrong.event_id, reason="typo")
    with pytest.raises(IllegalTransition, match="already marked"):
        store.mark_entered_in_error(user, wrong.event_id, reason="again")
    with pytest.raises(IllegalTransition, match="itself a correction"):
        store.mark_entered_in_error(user, correction, reason="again")
    assert store.person(assessed).stage is Stage.ASSESSED


def test_only_the_latest_step_is_reversed_so_later_steps_are_corrected_first(store, user, assessed):
    consent = _event(store, assessed, ON_PATHWAY.code)
    with pytest.raises(IllegalTransition, match="not the person's latest step"):
        store.mark_entered_in_error(user, consent.event_id, reason="consent was for someone else")
    assert store.person(assessed).stage is Stage.ASSESSED
    store.mark_entered_in_error(user, _event(store, assessed, CGA_RECORDED.code).event_id, reason="wrong person")
    assert store.person(assessed).stage is Stage.ON_CASELOAD
    store.mark_entered_in_error(user, consent.event_id, reason="consent was for someone else")
    assert store.person(assessed).stage is Stage.AWAITING_CONTACT
    suitable = store.history(assessed)[1]
    assert suitable.step == "mark_suitable" and suitable.event_id is None
    assert store.correct_step(user, suitable.transition_id, reason="not reviewed yet") is None  # no code: step only
    assert store.person(assessed).stage is Stage.IDENTIFIED
    identify = store.history(assessed)[0]
    with pytest.raises(IllegalTransition, match="no stage before it"):
        store.mark_entered_in_error(user, identify.event_id, reason="x")


def test_a_role_that_may_not_take_the_step_may_not_correct_it(store, user, assessed):
    store.mark_not_appropriate(user, assessed, reason="x")
    wrong = _event(store, assessed, ASSESSMENT_NOT_APPROPRIATE.code)
    with pytest.raises(NotPermitted, match="cannot correct"):
        store.mark_entered_in_error(MINUTE_TAKER, wrong.event_id, reason="wrong person")
    assert store.person(assessed).stage is Stage.NOT_APPROPRIATE
    assert store.coded_event(wrong.event_id).stands


def test_a_person_added_in_error_cannot_have_the_identification_reversed(store, user):
    person_id = store.add_person(user, make_patient(), make_entry(), on=date(2026, 11, 1))
    first = store.history(person_id)[0]
    with pytest.raises(IllegalTransition, match="Mark them not appropriate"):
        store.mark_entered_in_error(user, first.event_id, reason="x")


def test_a_cga_score_code_is_withdrawn_without_moving_the_person(demo_db):
    from mdt_tui.store.store import Store
    from tests.conftest import COORDINATOR

    with Store.open(demo_db) as store:
        score = next(
            store.coded_event(e.event_id)
            for e in store.coded_events()
            if store.coded_event(e.event_id).transition_id is None
        )
        stage = store.person(score.person_id).stage
        with pytest.raises(NotPermitted):  # a minute-taker may not complete a CGA, so may not correct its scores
            store.mark_entered_in_error(MINUTE_TAKER, score.id, reason="answers were for the carer")
        store.mark_entered_in_error(COORDINATOR, score.id, reason="answers were for the carer")
        assert store.person(score.person_id).stage is stage and not store.coded_event(score.id).stands
        assert score.id not in [e.event_id for e in store.coded_events(person_id=score.person_id)]
