"""The demo's CGAs, problem lists, care plans (several versions for some) and actions, through the store's methods."""

from __future__ import annotations

import random
from datetime import date, timedelta

from mdt_tui.cga.bundle import ChecklistAnswer, Goal, Medicine
from mdt_tui.cga.self_harm import Outcome
from mdt_tui.models import TeamMember, User
from mdt_tui.plan.records import ProblemDraft
from mdt_tui.roles import Role

GOALS = (
    "stay in my own home",
    "fewer trips to hospital",
    "get to my granddaughter's wedding",
    "walk to the shops again",
    "not be a burden on my daughter",
    "keep going to church on Sundays",
)
MEDICINES = (
    ("Oxybutynin", "5 mg bd", "bladder"),
    ("Amitriptyline", "10 mg nocte", "pain"),
    ("Furosemide", "40 mg od", "heart failure"),
    ("Ramipril", "5 mg od", "blood pressure"),
)
FRAT_HIGH = {
    "recent_falls": "last_3m",
    "medications": "two",
    "psychological": "none",
    "cognitive_status": "mild",
    "auto_high_functional_change": False,
    "auto_high_dizziness": False,
}
HAND_PROBLEMS = (
    ("Heart failure: breathless on exertion", "physical", "Admission with fluid overload"),
    ("Isolated since bereavement", "social", "Low mood; not eating well"),
    ("Poorly controlled pain (osteoarthritis)", "physical", "Falls when getting up at night"),
)
SELF_HARM_PERSON = 14
CRISIS = "Call the care coordinator in hours; out of hours call 111 and say 'on the proactive care caseload'."


def demo_cga(store, actor: User, person_id: int, cfs: int | None, day: date) -> None:  # noqa: ANN001
    """A short CGA (CFS, PHQ-9, FRAT, MUST, medicines, goals, now and then carer strain) completed on ``day``."""
    rng = random.Random(person_id)
    store.save_cga_answer(actor, person_id, "cfs", "level", cfs or rng.randint(4, 7))
    mood = rng.choice((0, 1, 1, 2))
    for n in range(1, 10):
        store.save_cga_answer(actor, person_id, "phq9", f"q{n}", 0 if n == 9 else mood)
    if rng.random() < 0.6:
        for item, value in FRAT_HIGH.items():
            store.save_cga_answer(actor, person_id, "frat", item, value)
    must = {
        "bmi": rng.choice((17.5, 19.0, 23.0)),
        "weight_loss_percent": rng.choice((2.0, 6.0)),
        "acute_disease_effect": False,
    }
    for item, value in must.items():
        store.save_cga_answer(actor, person_id, "must", item, value)
    store.save_cga_list(
        actor, person_id, "medicines", [Medicine(name=n, dose=d, indication=i) for n, d, i in rng.sample(MEDICINES, 2)]
    )
    store.save_cga_list(actor, person_id, "goals", [Goal(text=g) for g in rng.sample(GOALS, 2)])
    if person_id % 11 == 3:  # a few strained carers for the home screen (not drawn from rng: the rest stays as it was)
        store.save_cga_checklist(
            actor,
            person_id,
            "social_checks",
            "carer_strain",
            ChecklistAnswer(answer="yes", note="Daughter finding caring hard"),
        )
    _revision_2(store, actor, person_id, day)


def _revision_2(store, actor: User, person_id: int, day: date) -> None:  # noqa: ANN001
    """What the safety review added, for a few people (no rng, so the rest stays as it was): the CFS given a few
    days before the CGA was completed, a self-harm answer actioned the same day, a GP confirming the frailty
    diagnosis at completion."""
    gp = next(m for m in store.team() if m.role is Role.GP)
    if person_id % 4 == 2:
        store.save_cga_administered(actor, person_id, "cfs", day - timedelta(days=person_id % 7 + 1))
    if person_id == SELF_HARM_PERSON:  # not on a demo meeting's agenda
        store.save_cga_answer(actor, person_id, "phq9", "q9", 1)
        store.record_self_harm_action(actor, person_id, gp.id, Outcome.SAFETY_PLAN)
    level = store.cga_draft(person_id).answers["cfs"]["level"]
    if person_id % 5 == 0 and 5 <= level <= 8:
        store.complete_cga(User(name=gp.name, role=Role.GP), person_id, on=day, confirm_frailty=True)
    else:
        store.complete_cga(actor, person_id, on=day)


def demo_review(
    store,
    actor: User,
    person_id: int,
    day: date,
    members: list[TeamMember],  # noqa: ANN001
    actions: list[tuple[str, int, date]],
    next_review: date | None,
) -> None:
    """Problems from the CGA's suggestions, a plan, actions, and the completed review (two versions for some)."""
    rng = random.Random(person_id * 7)
    cga = store.latest_completed_cga(person_id)
    goals = tuple(g.text for g in cga.goals) if cga else ()
    for suggestion in store.suggested_problems(person_id)[:3]:
        problem = store.accept_suggested_problem(actor, person_id, suggestion.rule)
        store.update_problem(actor, problem, _draft(store.problem(problem), goals[:1]))
    if not store.problems(person_id):
        title, domain, risks = rng.choice(HAND_PROBLEMS)
        store.add_problem(actor, person_id, ProblemDraft(title=title, domain=domain, key_risks=risks, goals=goals[:1]))
    lead = rng.choice([m for m in members if m.role in (Role.GP, Role.NURSE, Role.GERIATRICIAN)])
    coordinator = rng.choice([m for m in members if m.role is Role.CARE_COORDINATOR])
    two_versions = person_id % 3 == 0 and cga is not None and cga.assessment_date < day - timedelta(days=1)
    store.save_plan(
        actor,
        person_id,
        lead_member_id=lead.id,
        care_coordinator_id=coordinator.id,
        consent_to_share=True,
        share_with="GP practice, community nursing, adult social care",
        crisis_plan=CRISIS,
        acp_status=rng.choice(("respect", "in_discussion", "none")),
        medication_plan="Structured medication review requested",
        monitoring_level=rng.choice((0, 1, 2)),
        key_contacts=f"{coordinator.name} {coordinator.contact}".strip(),
    )
    for description, member_index, due in actions:
        store.add_action(actor, person_id, description=description, owner_id=members[member_index].id, due=due)
    quiet = "" if actions else "Plan in place with the GP; review only"
    if two_versions:
        first = cga.assessment_date + timedelta(days=1)
        store.save_plan(actor, person_id, next_review=day, next_review_reason="Review date", no_actions_reason=quiet)
        store.complete_mdt_review(actor, person_id, on=first)
        store.trigger_review(actor, person_id, trigger="Review date reached", on=day)
        store.save_plan(
            actor,
            person_id,
            acp_status="respect",
            acp_date=day,
            acp_held_where="At home, in the red folder",
            crisis_plan=CRISIS + " Hospital at Home before admission where possible.",
        )
    review = next_review or day + timedelta(weeks=8)
    store.save_plan(
        actor, person_id, next_review=review, next_review_reason="Set at MDT review", no_actions_reason=quiet
    )
    store.complete_mdt_review(actor, person_id, on=day)


def _draft(problem, goals: tuple[str, ...]) -> ProblemDraft:  # noqa: ANN001
    return ProblemDraft(
        title=problem.title,
        domain=problem.domain,
        status=problem.status,
        key_risks=problem.key_risks,
        goals=goals,
        management_plan="Agreed at MDT; see actions",
        source=problem.source,
        suggestion_key=problem.suggestion_key,
    )
