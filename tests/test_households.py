"""Households and carers: the rules (core) and the store (real SQLite files)."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from mdt_tui.codes import IS_A_CARER
from mdt_tui.errors import MissingRequirement
from mdt_tui.households.records import (
    Carer,
    CarerDetails,
    HouseholdMember,
    Resident,
    StrainReport,
    household_line,
    suggest_households,
)
from mdt_tui.store.household_adoption import adopt_carer_links
from tests.conftest import make_entry, make_patient
from tests.helpers.nhs_numbers import nhs


def add(store, user, n: int, family: str, given: str, postcode: str = "CM20 1AA") -> int:
    return store.add_person(
        user, make_patient(nhs(n * 10), family_name=family, given_name=given, postcode=postcode), make_entry()
    )


# -- rules ----------------------------------------------------------------------------------------
def test_suggestions_share_a_postcode_and_skip_people_already_linked():
    people = [
        Resident(1, "CM20 1AA", family_name="Carter"),
        Resident(2, "cm201aa", family_name="carter"),
        Resident(3, "CM20 1AA", household_id=9, family_name="Carter"),
        Resident(4, "CM20 2BB"),
        Resident(5, ""),
        Resident(6, ""),
        Resident(7, "CM20 1AA", family_name="Smith"),
    ]
    assert suggest_households(people) == [[1, 2]]
    lines = [
        Resident(1, "CM20 1AA", "1 High St"),
        Resident(2, "CM20 1AA", "3 High St"),
        Resident(3, "CM20 1AA", "1 high st"),
    ]
    assert suggest_households(lines) == [[1, 3]]


def test_strain_needs_the_carers_words_and_contact_needs_consent():
    with pytest.raises(ValidationError, match="own words"):
        StrainReport(level="high", words="", reported_on=date(2026, 11, 1))
    assert StrainReport(level="none", reported_on=date(2026, 11, 1)).words == ""
    with pytest.raises(ValidationError, match="consent"):
        CarerDetails(name="Jane Carter", contact="07700 900123")
    assert CarerDetails(name="Jane Carter", contact="07700 900123", consent_to_hold=True).contact


def test_a_later_cga_yes_counts_as_strain_until_the_carer_reports_again():
    base = dict(id=1, cared_for_id=1, cared_for_name="Carter, Ada", carer_person_id=None, name="Jane Carter")
    assert not Carer(**base).under_strain
    cga = ("yes", date(2026, 10, 1))
    assert Carer(**base, cga_strain=cga).under_strain
    calm = StrainReport(level="none", reported_on=date(2026, 11, 1))
    assert not Carer(**base, cga_strain=cga, strain=calm).under_strain
    assert Carer(**base, strain=StrainReport(level="some", words="tired", reported_on=date(2026, 9, 1))).under_strain


def test_household_line_uses_initials_in_privacy_mode():
    from mdt_tui.households.records import Household

    household = Household(
        id=1,
        kind="couple",
        members=(
            HouseholdMember(person_id=1, name="Carter, Albert", relationship="husband"),
            HouseholdMember(person_id=2, name="Carter, Ada", relationship="wife"),
        ),
    )
    carer = Carer(
        id=1,
        cared_for_id=1,
        cared_for_name="Carter, Albert",
        carer_person_id=None,
        name="Jane Carter",
        relationship="daughter",
        main_carer=True,
        strain=StrainReport(level="high", words="at the end of her tether", reported_on=date(2026, 11, 2)),
    )
    shown = household_line(1, household, [carer], private=False)
    assert "wife Carter, Ada — in cohort" in shown and "daughter Jane Carter" in shown
    assert "strain high" in shown and "not offered" in shown
    private = household_line(1, household, [carer], private=True)
    assert "Carter" not in private and "A.C." in private and "J.C." in private


# -- store ----------------------------------------------------------------------------------------
def test_link_a_couple_one_household_each(store, user):
    albert, ada, other = (
        add(store, user, 1, "Carter", "Albert"),
        add(store, user, 2, "Carter", "Ada"),
        add(store, user, 3, "Smith", "Eve", "CM20 9ZZ"),
    )
    assert store.household_suggestions() == [[albert, ada]]
    assert store.household_suggestions_for(ada) == [albert] and store.household_suggestions_for(other) == []
    household_id = store.link_household(user, "couple", [(albert, "husband"), (ada, "wife")])
    assert store.household(albert) == store.household(ada)
    assert store.household(ada).other_people(ada) == [albert]
    assert store.household_suggestions() == []
    with pytest.raises(MissingRequirement, match="already in a household"):
        store.link_household(user, "couple", [(ada, "wife"), (other, "partner")])
    assert store.household(other) is None
    daughter = store.add_household_member(
        user,
        household_id,
        HouseholdMember(name="Jane Carter", relationship="daughter", contact="07700 900123", lives_with=False),
    )
    members = {m.id: m for m in store.household(albert).members}
    assert members[daughter].lives_with is False and members[daughter].person_id is None
    store.remove_household_member(user, daughter)
    assert len(store.household(albert).members) == 2
    assert store.first_problem() is None


def test_carer_record_round_trips_every_field(store, user):
    ada = add(store, user, 2, "Carter", "Ada")
    details = CarerDetails(
        name="Jane Carter", relationship="daughter", main_carer=True, contact="07700 900123", consent_to_hold=True
    )
    carer_id = store.add_carer(user, details, cared_for_id=ada)
    stored = store.carer(carer_id)
    for field in CarerDetails.model_fields:
        assert getattr(stored, field) == getattr(details, field), field
    report = StrainReport(level="high", words="at the end of her tether", reported_on=date(2026, 11, 20))
    store.record_carer_strain(user, carer_id, report)
    store.record_carer_assessment_offered(user, carer_id, date(2026, 11, 21))
    store.set_carer_support(user, carer_id, "Day centre twice a week")
    stored = store.carer(carer_id)
    assert stored.strain == report and stored.assessment_offered_on == date(2026, 11, 21)
    assert stored.support == "Day centre twice a week"
    assert [c.id for c in store.carers_under_strain()] == [carer_id]
    store.record_carer_strain(user, carer_id, StrainReport(level="none", reported_on=date(2026, 11, 22)))
    assert store.carers_under_strain() == [] and store.carers_of(ada)[0].strain.level == "none"
    with pytest.raises(MissingRequirement, match="future"):
        store.record_carer_assessment_offered(user, carer_id, date(2027, 1, 1))
    assert store.carer(carer_id).assessment_offered_on == date(2026, 11, 21)
    assert store.first_problem() is None


def test_a_carer_in_the_cohort_is_coded_once(store, user):
    albert, ada = add(store, user, 1, "Carter", "Albert"), add(store, user, 2, "Carter", "Ada")
    store.add_carer(user, CarerDetails(name="x", relationship="husband", carer_person_id=albert), cared_for_id=ada)
    store.add_carer(
        user, CarerDetails(name="x", carer_person_id=albert), cared_for_id=None, cared_for_name="Rose Carter (sister)"
    )
    codes = [e.snomed_code for e in store.coded_events(person_id=albert)]
    assert codes.count(IS_A_CARER.code) == 1
    assert [c.cared_for_name for c in store.cared_for_by(albert)] == ["Carter, Ada", "Rose Carter (sister)"]
    assert store.carers_of(ada)[0].name == "Carter, Albert"


def test_old_carer_links_are_adopted_once(store, user):
    albert, ada = add(store, user, 1, "Carter", "Albert"), add(store, user, 2, "Carter", "Ada")
    with store.transaction() as db:
        for person, kind, name, rel, other in (
            (albert, "lives_with", "Ada Carter", "wife", nhs(20)),
            (ada, "lives_with", "Albert Carter", "husband", nhs(10)),
            (albert, "cares_for", "Ada Carter", "wife", nhs(20)),
            (ada, "cared_for_by", "Albert Carter", "husband", nhs(10)),
            (albert, "cared_for_by", "Jane Carter", "daughter", None),
        ):
            db.execute(
                "INSERT INTO carer_links (patient_id, kind, name, relationship, related_nhs_number)"
                " VALUES (?, ?, ?, ?, ?)",
                (person, kind, name, rel, other),
            )
        adopt_carer_links(db, "test", "2026-11-23T10:00:00")
        adopt_carer_links(db, "test", "2026-11-23T10:00:00")  # a second pass changes nothing
    household = store.household(albert)
    assert household.kind == "couple" and household == store.household(ada)
    assert {(m.person_id, m.relationship) for m in household.members} == {(albert, "husband"), (ada, "wife")}
    assert [(c.name, c.carer_person_id, c.relationship) for c in store.carers_of(ada)] == [
        ("Carter, Albert", albert, "husband")
    ]
    assert [(c.name, c.relationship) for c in store.carers_of(albert)] == [("Jane Carter", "daughter")]


def test_a_shared_problem_is_on_each_members_list_and_an_action_can_be_for_the_carer(store, user):
    from mdt_tui.plan.records import ProblemDraft

    albert, ada = add(store, user, 1, "Carter", "Albert"), add(store, user, 2, "Carter", "Ada")
    household_id = store.link_household(user, "couple", [(albert, "husband"), (ada, "wife")])
    ids = store.add_shared_problem(
        user, household_id, ProblemDraft(title="Carer breakdown if reablement ends", domain="social")
    )
    for person, problem_id in zip((albert, ada), ids, strict=True):
        assert [p.title for p in store.problems(person)] == ["Carer breakdown if reablement ends"]
        assert store.shared_problem_ids(person) == {problem_id}
    carer_id = store.add_carer(user, CarerDetails(name="Jane Hughes", relationship="daughter"), cared_for_id=ada)
    action_id = store.add_carer_action(
        user, carer_id, description="Carer's assessment referral", owner_id=None, due=date(2026, 12, 1)
    )
    assert store.carer_actions(ada) == {action_id: "Jane Hughes"}
    assert [a.id for a in store.actions(person_id=ada)] == [action_id]


def test_the_agenda_keeps_a_household_together_and_can_make_it_one_item(store, user):
    from mdt_tui.households.records import keep_households_together
    from mdt_tui.meeting.agenda import AgendaItem, Source

    assert keep_households_together([1, 2, 3, 4, 5], {2: 7, 4: 7, 5: 8}, lambda p: p) == [1, 2, 4, 3, 5]
    albert, eve, ada = (
        add(store, user, 1, "Carter", "Albert"),
        add(store, user, 3, "Smith", "Eve"),
        add(store, user, 2, "Carter", "Ada"),
    )
    store.link_household(user, "couple", [(albert, "husband"), (ada, "wife")])
    items = [AgendaItem(person_id=p, source=Source.ADDED, minutes=15) for p in (albert, eve, ada)]
    meeting = store.create_meeting(user, held_on=date(2026, 11, 26), session_minutes=120, agenda=items)
    assert [c.person_id for c in store.meeting(meeting).cases] == [albert, ada, eve]
    with pytest.raises(MissingRequirement, match="No other member"):
        store.discuss_together(user, meeting, eve)
    assert store.discuss_together(user, meeting, ada) == [ada, albert]
    cases = store.meeting(meeting).cases
    assert [c.person_id for c in cases] == [ada, albert, eve]
    assert store.joint_cases(meeting) == {cases[0].id: cases[0].id, cases[1].id: cases[0].id}
    assert store.first_problem() is None


def test_opening_a_database_from_before_0012_adopts_its_carer_links(tmp_path):
    """Migration 0012: the old links of a file made earlier become a household and a carer; `mdt check` passes."""
    from mdt_tui.store import connection, migrations
    from mdt_tui.store.store import Store

    path = tmp_path / "old.db"
    connection.create_private_file(path)
    db = connection.connect(path)
    migrations.MIGRATIONS.apply(db, stop_before="0012_households_and_carers")
    for n, given in ((1, "Albert"), (2, "Ada")):
        db.execute(
            "INSERT INTO patients (nhs_number, family_name, given_name, date_of_birth, sex, practice_code,"
            " stage, stage_since, identified_on) VALUES (?, 'Carter', ?, '1938-01-01', 'unknown', 'X99001',"
            " 'on_caseload', '2026-11-01', '2026-11-01')",
            (nhs(n * 10), given),
        )
    for person, kind, name, rel, other in (
        (1, "lives_with", "Ada Carter", "wife", nhs(20)),
        (2, "lives_with", "Albert Carter", "husband", nhs(10)),
        (2, "cared_for_by", "Jane Hughes", "daughter", None),
    ):
        db.execute(
            "INSERT INTO carer_links (patient_id, kind, name, relationship, related_nhs_number) VALUES (?, ?, ?, ?, ?)",
            (person, kind, name, rel, other),
        )
    db.close()
    with Store.open(path) as store:
        household = store.household(1)
        assert household == store.household(2) and household.kind == "couple"
        assert [(c.name, c.relationship, c.main_carer) for c in store.carers_of(2)] == [
            ("Jane Hughes", "daughter", True)
        ]
        assert store.db.execute("SELECT count(*) FROM carer_links").fetchone()[0] == 3  # kept
        assert store.first_problem() is None
