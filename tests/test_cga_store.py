"""CGA store methods: drafts saved answer by answer, completion with coded scores, refusals, audit rows."""

import sqlite3
from datetime import date

import pytest

from mdt_tui.cga.bundle import ChecklistAnswer, Goal, Medicine
from mdt_tui.errors import IllegalTransition, MissingRequirement
from mdt_tui.models import NextOfKin, User
from mdt_tui.pathway import Stage
from mdt_tui.roles import Role
from tests.cga_helpers import excuse_domains
from tests.conftest import make_entry, make_patient
from tests.helpers.cga_records import answer_all, audit_actions, complete_phq9_cfs_must_frat, person  # noqa: F401

ASSESSED_ON = date(2026, 11, 20)


def test_a_draft_is_saved_answer_by_answer_and_reloads_as_it_was(store, user, person):
    assert store.cga_draft(person) is None
    store.save_cga_answer(user, person, "phq9", "q1", 2)
    store.save_cga_checklist(
        user,
        person,
        "physical_checks",
        "influenza_vaccine",
        ChecklistAnswer(answer="up_to_date", on="01/10/2026", note="at the pharmacy"),
    )
    store.save_cga_list(
        user, person, "medicines", [Medicine(name="Oxybutynin", dose="5 mg bd"), {"name": "furosemide"}]
    )
    store.save_cga_list(user, person, "goals", [Goal(text="stay at home with Irene"), {"text": "walk to church"}])
    store.save_cga_pending(user, person, "elsewhere", "what", "Memory clinic")
    store.save_cga_answer(user, person, "cfs", "level", 6)

    draft = store.cga_draft(person)
    assert draft.status == "draft" and draft.started_on == date(2026, 11, 23)
    assert draft.answers == {"phq9": {"q1": 2}, "cfs": {"level": 6}}
    assert draft.checklist_answer("physical_checks", "influenza_vaccine").note == "at the pharmacy"
    assert [m.name for m in draft.medicines] == ["Oxybutynin", "furosemide"]
    assert [g.text for g in draft.goals] == ["stay at home with Irene", "walk to church"]
    assert draft.pending == {"elsewhere": {"what": "Memory clinic"}}
    assert draft.last_section == "cfs"  # where to continue
    assert audit_actions(store) == [
        "start_cga",
        "save_cga_answer",
        "save_cga_checklist",
        "save_cga_list",
        "save_cga_list",
        "save_cga_pending",
        "save_cga_answer",
    ]


def test_changing_an_answer_is_audited_before_and_after_and_clearing_removes_it(store, user, person):
    store.save_cga_answer(user, person, "phq9", "q1", 2)
    store.save_cga_answer(user, person, "phq9", "q1", 2)  # unchanged: no write, no audit row
    store.save_cga_answer(user, person, "phq9", "q1", 3)
    store.save_cga_answer(user, person, "phq9", "q1", None)
    rows = store.db.execute("SELECT before, after FROM audit WHERE action = 'save_cga_answer' ORDER BY id").fetchall()
    assert len(rows) == 3
    assert '"value":2' in rows[1][0] and '"value":3' in rows[1][1]  # audit JSON is compact (issue 20)
    assert store.cga_draft(person).answers == {"phq9": {}}


def test_an_answer_outside_its_options_is_refused_naming_the_item(store, user, person):
    with pytest.raises(ValueError, match="q1"):
        store.save_cga_answer(user, person, "phq9", "q1", 4)
    with pytest.raises(ValueError, match="Influenza vaccination"):
        store.save_cga_checklist(user, person, "physical_checks", "influenza_vaccine", ChecklistAnswer(answer="maybe"))
    with pytest.raises(ValueError):
        store.save_cga_list(user, person, "medicines", [{"name": "  "}])
    assert store.cga_draft(person) is None  # nothing was started


def test_completion_codes_the_cga_and_each_result_on_its_administration_date(store, user, person):
    complete_phq9_cfs_must_frat(store, user, person)  # answered "today", 23 Nov: after the assessment date
    bundle = store.complete_cga(user, person, on=ASSESSED_ON)

    earlier = {"788921000000108", "818241000000105"}  # identified, consented
    events = [
        (e.snomed_code, e.value, e.effective_date)
        for e in store.coded_events(person_id=person)
        if e.snomed_code not in earlier
    ]
    assert events == [
        ("836131000000104", None, ASSESSED_ON),  # the pathway step
        ("720433000", "9", ASSESSED_ON),  # PHQ-9 (given no later than the assessment)
        ("763264000", "7", ASSESSED_ON),  # CFS with its value
        ("1129391000000100", None, ASSESSED_ON),  # and its level finding (CFS 7)
        ("414191008", None, ASSESSED_ON),  # a falls screen was done
        ("444297006", "2", ASSESSED_ON),  # MUST
    ]  # ACB has no score code; no frailty diagnosis unless a clinician confirms it
    assert bundle.status == "completed" and bundle.assessment_date == ASSESSED_ON
    assert {i: r.total for i, r in bundle.results.items()} == {"phq9": 9, "cfs": 7, "frat": 12, "must": 2, "acb": 3}
    assert [p.rule for p in bundle.suggested_problems] == [
        "self_harm_risk",
        "frailty",
        "falls",
        "nutrition",
        "anticholinergic_burden",
        "no_advance_care_plan",
    ]
    assert store.person(person).stage is Stage.ASSESSED
    assert store.history(person)[-1].step == "complete_cga"
    assert store.cga_draft(person) is None and store.latest_completed_cga(person).id == bundle.id
    assert audit_actions(store)[-1] == "complete_cga"


def test_a_completed_cga_cannot_be_changed_and_the_next_one_is_a_new_draft(store, user, person):
    complete_phq9_cfs_must_frat(store, user, person)
    first = store.complete_cga(user, person)
    with pytest.raises(sqlite3.DatabaseError, match="completed CGA"):
        store.db.execute("UPDATE cga_entries SET value = '3' WHERE bundle_id = ?", [first.id])
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.db.execute("DELETE FROM cga_results")
    store.save_cga_answer(user, person, "cfs", "level", 5)
    assert store.cga_draft(person).id != first.id
    assert store.previous_cga_results(person)["cfs"].total == 7


def test_previous_results_are_each_instruments_latest(store, user, person):
    answer_all(store, user, person, "cfs", {"level": 5})
    answer_all(store, user, person, "phq2", {"q1": 0, "q2": 1})
    excuse_domains(store, user, person, "medication")
    store.complete_cga(user, person, on=date(2026, 5, 12))
    answer_all(store, user, person, "cfs", {"level": 6})
    excuse_domains(store, user, person, "mental", "medication")
    store.complete_cga(user, person, on=date(2026, 11, 20))
    previous = store.previous_cga_results(person)
    assert (previous["cfs"].total, previous["cfs"].on) == (6, date(2026, 11, 20))
    assert (previous["phq2"].total, previous["phq2"].on) == (1, date(2026, 5, 12))


def test_completion_is_refused_from_a_stage_that_does_not_allow_it(store, user, person):
    answer_all(store, user, person, "cfs", {"level": 8})
    excuse_domains(store, user, person, "mental", "medication")
    store.complete_cga(user, person)
    answer_all(store, user, person, "cfs", {"level": 9})
    excuse_domains(store, user, person, "mental", "medication")
    store.take_step(user, person, "transfer_to_gsf", details={"reason": "last months of life"})
    with pytest.raises(IllegalTransition):
        store.complete_cga(user, person)
    assert store.cga_draft(person).status == "draft"


def test_a_cga_cannot_start_before_the_caseload_or_by_a_role_that_does_not_assess(store, user):
    waiting = store.add_person(user, make_patient(), make_entry())
    store.mark_suitable(user, waiting)
    with pytest.raises(IllegalTransition, match="only for people on the caseload"):
        store.save_cga_answer(user, waiting, "cfs", "level", 5)
    store.record_consent(user, waiting, consent_by="patient", share_records=True)
    with pytest.raises(IllegalTransition, match="cannot record a CGA"):
        store.save_cga_answer(User(name="Minute taker", role=Role.ADMIN), waiting, "cfs", "level", 5)
    assert store.cga_draft(waiting) is None


def test_unfinished_instruments_block_completion_unless_allowed_and_are_not_recorded(store, user, person):
    answer_all(store, user, person, "cfs", {"level": 4})
    answer_all(store, user, person, "gad7", {"q1": 1, "q2": 1})
    excuse_domains(store, user, person, "mental", "medication")
    with pytest.raises(MissingRequirement, match=r"GAD-7 \(2 of 7 answered\)"):
        store.complete_cga(user, person)
    bundle = store.complete_cga(user, person, allow_unfinished=True)
    assert set(bundle.results) == {"cfs"} and bundle.answers["gad7"] == {"q1": 1, "q2": 1}


def test_completion_needs_something_finished_and_real_dates(store, user, person):
    with pytest.raises(IllegalTransition, match="no CGA in progress"):
        store.complete_cga(user, person)
    answer_all(store, user, person, "phq9", {"q1": 1})
    with pytest.raises(MissingRequirement, match="Nothing in this CGA is finished"):
        store.complete_cga(user, person, allow_unfinished=True)
    store.save_cga_checklist(
        user, person, "advance_care_plan", "plan", ChecklistAnswer(answer="respect", on="31/02/2026")
    )
    with pytest.raises(MissingRequirement, match="'31/02/2026' is not a date"):
        store.complete_cga(user, person, allow_unfinished=True)
    assert store.person(person).stage is Stage.ON_CASELOAD


def test_a_changed_next_of_kin_updates_the_persons_record(store, user, person):
    store.save_cga_checklist(user, person, "next_of_kin", "status", ChecklistAnswer(answer="changed"))
    for question, text in (("name", "Irene Wilson"), ("relationship", "wife"), ("phone", "01632 960001")):
        store.save_cga_checklist(user, person, "next_of_kin", question, ChecklistAnswer(note=text))
    excuse_domains(store, user, person)
    store.complete_cga(user, person)
    assert store.patient(person).next_of_kin == NextOfKin(
        name="Irene Wilson", relationship="wife", phone="01632 960001"
    )
    assert store.db.execute("SELECT count(*) FROM audit WHERE action = 'update_next_of_kin'").fetchone()[0] == 1
