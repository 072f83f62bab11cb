"""Desktop review, first contact and consent through the store: codes, history and audit."""

from datetime import date

import pytest
from pydantic import ValidationError

from mdt_tui.consent.records import (
    AwaitingContact,
    Consent,
    ContactAttempt,
    Decline,
    FirstContact,
    NamedPerson,
    NotAwaitingReview,
)
from mdt_tui.errors import IllegalTransition, MissingRequirement, NotFound
from mdt_tui.models import TeamMember
from mdt_tui.pathway import Stage
from mdt_tui.roles import Role
from tests.conftest import make_entry, make_patient

DAY = date(2026, 11, 20)


@pytest.fixture
def person(store, user):
    return store.add_person(user, make_patient(), make_entry())


def codes_for(store, person_id):
    return [e.snomed_code for e in store.coded_events(person_id=person_id)]


def test_bulk_suitable_is_all_or_nothing(store, user, person):
    other = store.add_person(user, make_patient("9990000018", family_name="Second", given_name="Bo"), make_entry())
    store.mark_suitable(user, other)
    with pytest.raises(NotAwaitingReview) as refused:
        store.mark_suitable_many(user, [person, other])
    assert store.person(person).stage is Stage.IDENTIFIED  # nothing changed
    assert refused.value.people == (NamedPerson(other, "Second", "Bo"),)
    assert str(refused.value) == "1 of the 2 selected are not awaiting desktop review (B.S.); nothing was changed."
    with pytest.raises(IllegalTransition):  # one person: the step's own refusal
        store.mark_suitable_many(user, [other])
    assert store.mark_suitable_many(user, [person]) == 1
    assert store.person(person).stage is Stage.AWAITING_CONTACT


def test_assign_first_contact_for_a_selection(store, user, person):
    gp = store.add_team_member(user, TeamMember(name="Dr A Okafor", role=Role.GP))
    assert store.first_contact(person) == FirstContact(None, None, None)
    assert store.first_contact(person).who == "unassigned"
    store.assign_first_contact(user, [person], member_id=gp.id, method="visit")
    assert store.first_contact(person) == FirstContact(gp.id, "Dr A Okafor", "visit")
    with pytest.raises(MissingRequirement, match="how to make contact"):
        store.assign_first_contact(user, [person], member_id=None, method="carrier pigeon")
    with pytest.raises(NotFound):
        store.assign_first_contact(user, [person], member_id=999, method="phone")


def test_contact_attempts_then_consent_by_next_of_kin(store, user, person):
    store.mark_suitable(user, person)
    store.record_contact_attempt(user, person, ContactAttempt(on=DAY, method="phone", outcome="no_answer"))
    store.record_contact_attempt(user, person, ContactAttempt(on=DAY, method="phone", outcome="spoke", note="daughter"))
    consent = Consent(
        on=DAY,
        consent_by="next_of_kin",
        given_by_name="Ann Example",
        reason="lacks capacity",
        share_records=True,
        leaflet_given=True,
    )
    store.consent(user, person, consent)
    assert store.person(person).stage is Stage.ON_CASELOAD
    assert codes_for(store, person)[-1] == "818241000000105"
    assert [a.outcome for a in store.contact_attempts(person)] == ["no_answer", "spoke"]
    details = store.history(person)[-1].details
    assert details["consent_by"] == "next_of_kin" and details["given_by_name"] == "Ann Example"
    assert details["share_records"] is True


def test_consent_by_someone_else_needs_who_and_why():
    with pytest.raises(ValidationError, match="needs who gave it and why"):
        Consent(on=DAY, consent_by="best_interests", share_records=False)


def test_decline_then_reapproach_keeps_both_approaches(store, user, person):
    store.mark_suitable(user, person)
    store.decline(user, person, Decline(on=DAY, reason="managing with family", method="phone"))
    assert codes_for(store, person)[-1] == "877011000000107"
    store.reapproach(user, person, note="daughter asked us to call again")
    store.consent(user, person, Consent(on=date(2026, 11, 22), share_records=True))
    steps = [h.step for h in store.history(person)]
    assert steps == ["identify", "mark_suitable", "record_decline", "reapproach", "record_consent"]
    assert store.waiting_for_contact(date(2026, 11, 23)) == []


def test_waiting_for_contact_longest_first(store, user, person):
    other = store.add_person(user, make_patient("9990000018", family_name="Second"), make_entry())
    store.mark_suitable(user, person, on=date(2026, 11, 1))
    store.mark_suitable(user, other, on=date(2026, 11, 10))
    waiting = store.waiting_for_contact(date(2026, 11, 23))
    assert [(w.patient_id, w.days_waiting) for w in waiting] == [(person, 22), (other, 13)]


def test_waiting_for_contact_keeps_the_name_parts_and_who_by_id(store, user):
    """Issue 18: the name is not joined with ', ' in SQL (a family name may contain one), and the
    member is named by id, so two members with the same name are told apart."""
    person = store.add_person(user, make_patient(family_name="Smith, Jones", given_name="Ann"), make_entry())
    store.add_team_member(user, TeamMember(name="Alex Khan", role=Role.GP))
    nurse = store.add_team_member(user, TeamMember(name="Alex Khan", role=Role.NURSE))
    store.mark_suitable(user, person, on=date(2026, 11, 1))
    store.assign_first_contact(user, [person], member_id=nurse.id, method="phone")
    store.record_contact_attempt(user, person, ContactAttempt(on=DAY, method="phone", outcome="no_answer"))
    (waiting,) = store.waiting_for_contact(date(2026, 11, 23))
    assert waiting == AwaitingContact(
        patient_id=person,
        family_name="Smith, Jones",
        given_name="Ann",
        nhs_number=store.person(person).nhs_number,
        days_waiting=22,
        contact_member_id=nurse.id,
        contact_member_name="Alex Khan",
        method="phone",
        attempts=1,
    )
    assert waiting.first_contact == store.first_contact(person) == FirstContact(nurse.id, "Alex Khan", "phone")


def test_bulk_suitable_names_at_most_three_in_one_query(store, user):
    ids = [
        store.add_person(user, make_patient(nhs, family_name=f"Family{n}", given_name="Ann"), make_entry())
        for n, nhs in enumerate(["9990000018", "9990000026", "9990000034", "9990000042", "9990000050"])
    ]
    for person_id in ids[1:]:
        store.mark_suitable(user, person_id)
    seen: list[str] = []
    store.db.conn.set_trace_callback(seen.append)
    with pytest.raises(NotAwaitingReview) as refused:
        store.mark_suitable_many(user, ids)
    store.db.conn.set_trace_callback(None)
    assert len([s for s in seen if s.lstrip().startswith("SELECT")]) == 1  # not one read per person
    assert [p.id for p in refused.value.people] == ids[1:]
    said = refused.value.sentence(lambda p: p.family_name)
    assert (
        said == "4 of the 5 selected are not awaiting desktop review (Family1, Family2, Family3…); nothing was changed."
    )
    assert store.person(ids[0]).stage is Stage.IDENTIFIED
