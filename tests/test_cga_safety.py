"""CGA clinical safety in the store: the same-day self-harm action, administration dates, minimum content, coding."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from mdt_tui.cga.bundle import DomainReason, Medicine
from mdt_tui.cga.self_harm import Outcome, SelfHarmAction
from mdt_tui.errors import IllegalTransition, MissingRequirement, NotPermitted
from mdt_tui.models import User
from mdt_tui.roles import Role
from mdt_tui.store.store import Store
from tests.cga_helpers import clinician, elsewhere, excuse_domains
from tests.conftest import make_entry, make_patient

GP = User(name="Dr Asha Patel", role=Role.GP)


@pytest.fixture
def person(store, user):
    person_id = store.add_person(user, make_patient(), make_entry())
    store.mark_suitable(user, person_id)
    store.record_consent(user, person_id, consent_by="patient", share_records=True)
    return person_id


def answer(store, user, person_id, instrument, **answers):
    for item, value in answers.items():
        store.save_cga_answer(user, person_id, instrument, item, value)


def phq9(store, user, person_id, item9: int) -> None:
    answer(store, user, person_id, "phq9", **{f"q{n}": 0 for n in range(1, 9)}, q9=item9)


def codes(store, person_id) -> list[tuple[str, str | None, date]]:
    earlier = {"788921000000108", "818241000000105"}
    return [
        (e.snomed_code, e.value, e.effective_date)
        for e in store.coded_events(person_id=person_id)
        if e.snomed_code not in earlier
    ]


# -- same-day self-harm action -------------------------------------------------------------------
def test_a_positive_item_9_is_pending_until_a_named_clinician_and_outcome_are_recorded(store, user, person):
    phq9(store, user, person, 1)
    pending = store.self_harm_pending()
    assert [(p.person_id, p.route, p.answer) for p in pending] == [(person, "phq9", 1)]
    assert [p.id for p in store.self_harm_people()] == [person]
    excuse_domains(store, user, person, "functional", "medication")
    with pytest.raises(MissingRequirement, match="self-harm answer"):
        store.complete_cga(user, person)

    gp = clinician(store, user)
    action = store.record_self_harm_action(user, person, gp, Outcome.REFERRED)
    assert store.self_harm_pending() == []
    assert (action.clinician_name, action.outcome, action.recorded_by) == ("Dr Asha Patel", Outcome.REFERRED, user.name)
    assert store.cga_draft(person).self_harm == action
    audit = store.db.execute("SELECT after FROM audit WHERE action = 'record_self_harm_action'").fetchall()
    assert len(audit) == 1 and '"outcome":"referred"' in audit[0][0] and "Dr Asha Patel" in audit[0][0]
    store.complete_cga(user, person)
    assert store.latest_self_harm_action(person) == action


def test_item_9_is_asked_on_the_phq2_route_too_scored_separately(store, user, person):
    answer(store, user, person, "phq2", q1=0, q2=1, q9=2)
    draft = store.cga_draft(person)
    assert draft.answers["phq2"] == {"q1": 0, "q2": 1, "q9": 2}
    assert [(p.route, p.answer) for p in store.self_harm_pending(person)] == [("phq2", 2)]
    with pytest.raises(ValueError):
        store.save_cga_answer(user, person, "phq2", "q9", 4)  # same options as PHQ-9 item 9
    store.record_self_harm_action(user, person, clinician(store, user), Outcome.SAFETY_PLAN)
    excuse_domains(store, user, person, "functional", "medication")
    bundle = store.complete_cga(user, person)
    assert bundle.results["phq2"].total == 1  # item 9 is not part of the PHQ-2 score


def test_the_action_names_a_clinician_and_other_needs_words(store, user, person):
    phq9(store, user, person, 3)
    admin = clinician(store, user, Role.ADMIN, "Pat Minutes")
    prescriber = clinician(store, user, Role.SOCIAL_PRESCRIBER, "Sam Link")
    for member in (admin, prescriber):
        with pytest.raises(MissingRequirement, match="cannot do the same-day risk assessment"):
            store.record_self_harm_action(user, person, member, Outcome.SAFETY_PLAN)
    gp = clinician(store, user)
    with pytest.raises(MissingRequirement, match="'other' needs a few words"):
        store.record_self_harm_action(user, person, gp, Outcome.OTHER, "  ")
    assert len(store.self_harm_pending()) == 1  # nothing recorded by a refusal
    action = store.record_self_harm_action(user, person, gp, Outcome.OTHER, "stayed with daughter, GP visit 4pm")
    assert "Other: stayed with daughter" in action.line() and "Dr Asha Patel" in action.line()
    assert "Dr Asha Patel" not in action.line(private=True)


def test_no_action_can_be_recorded_without_a_positive_answer(store, user, person):
    phq9(store, user, person, 0)
    assert store.self_harm_pending() == []
    with pytest.raises(IllegalTransition, match="no self-harm answer"):
        store.record_self_harm_action(user, person, clinician(store, user), Outcome.SAFETY_PLAN)


def test_a_recorded_action_and_a_domain_reason_read_back_field_by_field(store, user, person):
    phq9(store, user, person, 2)
    gp = clinician(store, user)
    with pytest.raises(MissingRequirement, match="Choose the outcome"):
        store.record_self_harm_action(user, person, gp, "hug")
    recorded = store.record_self_harm_action(user, person, gp, Outcome.OTHER, "  GP home visit at 4pm ")
    expected = {
        "person_id": person,
        "cga_id": store.cga_draft(person).id,
        "route": "phq9",
        "answer": 2,
        "clinician_id": gp,
        "clinician_name": "Dr Asha Patel",
        "clinician_role": Role.GP,
        "outcome": Outcome.OTHER,
        "detail": "GP home visit at 4pm",
        "recorded_at": datetime(2026, 11, 23, 10, 0, tzinfo=timezone.utc),
        "recorded_by": user.name,
    }
    for loaded in (recorded, store.latest_self_harm_action(person), store.cga_draft(person).self_harm):
        for name in SelfHarmAction.model_fields:  # a new field fails here until it is stored and read back
            assert getattr(loaded, name) == expected[name], name
    reason = elsewhere(date(2026, 10, 1))
    store.save_cga_domain_reason(user, person, "medication", reason)
    stored = store.cga_draft(person).domain_reasons["medication"]
    for name in type(reason).model_fields:
        assert getattr(stored, name) == getattr(reason, name), name
    store.save_cga_domain_reason(user, person, "medication", None)
    assert store.cga_draft(person).domain_reasons == {}


# -- administration dates --------------------------------------------------------------------------
def test_each_result_is_dated_the_day_it_was_given_and_codes_use_that_date(tmp_path, user):
    now = [datetime(2026, 11, 2, 10, 0, tzinfo=timezone.utc)]
    with Store.open(tmp_path / "d.db", create=True, clock=lambda: now[0]) as store:
        person = store.add_person(user, make_patient(), make_entry())
        store.mark_suitable(user, person)
        store.record_consent(user, person, consent_by="patient", share_records=True)
        answer(store, user, person, "cfs", level=6)  # 2 Nov
        now[0] = datetime(2026, 11, 9, 10, 0, tzinfo=timezone.utc)
        answer(store, user, person, "phq2", q1=0, q2=0)  # 9 Nov
        store.save_cga_list(user, person, "medicines", [Medicine(name="Amitriptyline 10mg tablets")])
        store.save_cga_administered(user, person, "phq2", date(2026, 11, 5))  # typed: given on 5 Nov
        with pytest.raises(MissingRequirement, match="in the future"):
            store.save_cga_administered(user, person, "cfs", date(2026, 11, 10))
        now[0] = datetime(2026, 11, 12, 10, 0, tzinfo=timezone.utc)
        bundle = store.complete_cga(user, person)  # completed 12 Nov

        dated = {code: on for code, _, on in codes(store, person)}
        assert dated["763264000"] == dated["1129381000000102"] == date(2026, 11, 2)  # CFS: its last answer
        assert dated["836541000000100"] == date(2026, 11, 5)  # PHQ-2: the date typed
        assert dated["836131000000104"] == date(2026, 11, 12)  # the CGA itself: completion
        assert bundle.results["cfs"].on == date(2026, 11, 2) and bundle.results["acb"].on == date(2026, 11, 9)


# -- minimum content --------------------------------------------------------------------------------
def test_a_frailty_score_alone_is_never_coded_as_a_cga(store, user, person):
    answer(store, user, person, "cfs", level=6)
    with pytest.raises(MissingRequirement, match="mental, medication has none"):
        store.complete_cga(user, person)
    store.save_cga_domain_reason(user, person, "mental", DomainReason(reason="not_appropriate"))
    with pytest.raises(MissingRequirement, match="medication has none"):
        store.complete_cga(user, person)
    with pytest.raises(MissingRequirement, match="give the date"):
        store.save_cga_domain_reason(user, person, "medication", DomainReason(reason="done_elsewhere"))
    assert all(code != "836131000000104" for code, _, _ in codes(store, person))
    store.save_cga_domain_reason(user, person, "medication", elsewhere(date(2026, 10, 1)))
    bundle = store.complete_cga(user, person)
    assert bundle.domain_reasons["medication"].describe() == "done elsewhere on 01 Oct 2026"
    assert "836131000000104" in {code for code, _, _ in codes(store, person)}


def test_an_efi_does_not_count_for_the_functional_domain_and_is_never_written(store, user, person):
    answer(store, user, person, "efi", deficits_present=13)
    answer(store, user, person, "phq2", q1=0, q2=0)
    store.save_cga_list(user, person, "medicines", [Medicine(name="ramipril")])
    with pytest.raises(MissingRequirement, match="functional has none"):
        store.complete_cga(user, person)
    answer(store, user, person, "cfs", level=5)
    store.complete_cga(user, person)
    assert "713636003" not in {code for code, _, _ in codes(store, person)}


# -- frailty diagnosis -----------------------------------------------------------------------------
def _frail(store, user, person, level: int) -> None:
    answer(store, user, person, "cfs", level=level)
    excuse_domains(store, user, person, "mental", "medication")


@pytest.mark.parametrize(
    ("level", "code"), [(5, "925791000000100"), (6, "925831000000107"), (7, "925861000000102"), (8, "925861000000102")]
)
def test_the_frailty_diagnosis_is_coded_only_when_a_clinician_confirms_it(store, user, person, level, code):
    _frail(store, user, person, level)
    store.complete_cga(GP, person, confirm_frailty=True)
    assert code in {c for c, _, _ in codes(store, person)}
    audit = store.db.execute(
        "SELECT after FROM audit WHERE action = 'complete_cga' AND entity = 'cga_bundle'"
    ).fetchone()[0]
    assert '"frailty_diagnosis_confirmed_by":"Dr Asha Patel"' in audit  # audit JSON is compact (issue 20)


def test_the_frailty_diagnosis_is_never_automatic_never_for_cfs_9_nor_by_a_non_clinician(store, user, person):
    diagnoses = {"925791000000100", "925831000000107", "925861000000102"}
    _frail(store, user, person, 7)
    with pytest.raises(NotPermitted, match="confirmed by a clinician"):
        store.complete_cga(user, person, confirm_frailty=True)  # a care coordinator
    store.complete_cga(user, person)
    assert not diagnoses & {c for c, _, _ in codes(store, person)}
    _frail(store, user, person, 9)
    with pytest.raises(NotPermitted, match="no frailty diagnosis to confirm for CFS 9"):
        store.complete_cga(GP, person, confirm_frailty=True)
    store.complete_cga(GP, person)
    found = {c for c, _, _ in codes(store, person)}
    assert not diagnoses & found and "1129411000000100" in found  # CFS 9 codes its level finding only
