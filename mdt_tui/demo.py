"""A deterministic, synthetic demo neighbourhood: people at every stage, a team, households.

Everything here is invented. NHS numbers come from the 999 range, which the NHS never issues
to patients; practice codes start with X. Dates are relative to ``today`` so the demo always
looks current, and the same ``today`` always gives the same neighbourhood.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from mdt_tui.models import CarerLink, CohortEntry, NextOfKin, Patient, TeamMember
from mdt_tui.nhs_number import check_digit
from mdt_tui.pathway import Stage
from mdt_tui.roles import Role

NEIGHBOURHOOD = "Northgate INT (demo)"
SEARCH_NAME = "INT Proactive Care Cohort"
PRACTICES = (
    ("X99001", "Riverside Medical Centre (demo)"),
    ("X99002", "Northgate Surgery (demo)"),
    ("X99003", "Old Mill Health Centre (demo)"),
)
SEGMENTS = (
    ("Living with illness", 0.15),
    ("Lower complexity", 0.15),
    ("Advanced disease & complexity", 0.35),
    ("End of life, frailty & dementia", 0.35),
)
# How many people end the demo at each stage (sums to 180).
STAGE_MIX: tuple[tuple[Stage, int], ...] = (
    (Stage.IDENTIFIED, 38),
    (Stage.NOT_APPROPRIATE, 12),
    (Stage.AWAITING_CONTACT, 14),
    (Stage.DECLINED, 10),
    (Stage.ON_CASELOAD, 22),
    (Stage.ASSESSED, 20),
    (Stage.PLANNED, 42),
    (Stage.REVIEW_DUE, 12),
    (Stage.STEPPED_DOWN, 6),
    (Stage.PALLIATIVE_GSF, 4),
)
# The steps that lead to each stage, in order (after 'identify').
PATHS: dict[Stage, tuple[str, ...]] = {
    Stage.IDENTIFIED: (),
    Stage.NOT_APPROPRIATE: ("mark_not_appropriate",),
    Stage.AWAITING_CONTACT: ("mark_suitable",),
    Stage.DECLINED: ("mark_suitable", "record_decline"),
    Stage.ON_CASELOAD: ("mark_suitable", "record_consent"),
    Stage.ASSESSED: ("mark_suitable", "record_consent", "complete_cga"),
    Stage.PLANNED: ("mark_suitable", "record_consent", "complete_cga", "complete_mdt_review"),
    Stage.REVIEW_DUE: ("mark_suitable", "record_consent", "complete_cga", "complete_mdt_review", "mark_review_due"),
    Stage.STEPPED_DOWN: ("mark_suitable", "record_consent", "complete_cga", "complete_mdt_review", "step_down"),
    Stage.PALLIATIVE_GSF: ("mark_suitable", "record_consent", "complete_cga", "complete_mdt_review", "transfer_to_gsf"),
}
STEP_DETAILS: dict[str, tuple[dict, ...]] = {
    "mark_not_appropriate": (
        {"reason": "Already under the community matron's caseload"},
        {"reason": "Lives out of area; registered temporarily"},
        {"reason": "Recent admission was a one-off; otherwise independent"},
    ),
    "record_decline": (
        {"reason": "Prefers to manage with family support", "method": "phone"},
        {"reason": "Does not want more appointments", "method": "visit"},
    ),
    "record_consent": ({"consent_by": "patient", "share_records": True, "leaflet_given": True},),
    "mark_review_due": (
        {"trigger": "Hospital admission"},
        {"trigger": "Carer crisis"},
        {"trigger": "Deterioration reported by district nurse"},
        {"trigger": "Review date reached"},
    ),
    "step_down": ({"reason": "Stable for 6 months; goals met"},),
    "transfer_to_gsf": ({"reason": "Prognosis in the last months of life; GSF meeting to lead"},),
}
TEAM: tuple[tuple[str, Role, str, bool], ...] = (
    ("Dr Amara Okafor", Role.GP, "Riverside Medical Centre", True),
    ("Dr Tom Hargreaves", Role.GP, "Northgate Surgery", True),
    ("Jo Bennett", Role.CARE_COORDINATOR, "Northgate INT", True),
    ("Priya Raman", Role.CARE_COORDINATOR, "Northgate INT", True),
    ("Sam Clarke", Role.ADMIN, "Northgate INT", True),
    ("Helen Price", Role.NURSE, "Integrated community team", True),
    ("Kwame Mensah", Role.PHARMACIST, "Northgate PCN", True),
    ("Lucy Evans", Role.SOCIAL_PRESCRIBER, "Northgate PCN", True),
    ("Mark Doyle", Role.SOCIAL_CARE, "County adult social care", False),
    ("Dr Fiona Grant", Role.GERIATRICIAN, "Community frailty team", False),
    ("Ruth Adeyemi", Role.MENTAL_HEALTH, "Older-age mental health", False),
    ("Claire Watts", Role.PALLIATIVE_CARE, "St Clare's hospice", False),
    ("Ben Turner", Role.VOLUNTARY_SECTOR, "Age-friendly Northgate (VCFSE)", False),
)
GIVEN_F = (
    "Irene",
    "Margaret",
    "Siân",
    "Patricia",
    "Joan",
    "Sunita",
    "Barbara",
    "Dorothy",
    "Aisha",
    "Eileen",
    "Grace",
    "Hilda",
    "Nkechi",
    "Maureen",
    "Zoë",
    "Rosa",
    "Brenda",
    "Kathleen",
    "Mei",
    "Agnes",
)
GIVEN_M = (
    "Mohammed",
    "Arthur",
    "Dennis",
    "Ramesh",
    "Kenneth",
    "Gareth",
    "Tadeusz",
    "Colin",
    "Winston",
    "Brian",
    "Harold",
    "Desmond",
    "Raymond",
    "Joseph",
    "Ali",
    "Trevor",
    "Stanley",
    "Sean",
    "Kofi",
    "Alan",
)
FAMILY = (
    "Wilson",
    "Patel",
    "Lee",
    "Smith",
    "Jones",
    "Khan",
    "Taylor",
    "Brown",
    "O'Neill",
    "Evans",
    "Nowak",
    "Thomas",
    "Roberts",
    "Ahmed",
    "Walker",
    "Wright",
    "Hughes",
    "Green",
    "Okoro",
    "Hall",
    "Clarke",
    "Chen",
    "Lewis",
    "Murphy",
    "Begum",
    "Harris",
    "Kaur",
    "Martin",
    "Jackson",
    "Davies",
)
STREETS = ("CM17 0AA", "CM17 0AB", "CM17 0BD", "CM18 6AE", "CM18 6AF", "CM19 4AQ", "CM19 4AR")


@dataclass
class DemoPerson:
    patient: Patient
    entry: CohortEntry
    identified_on: date
    steps: list[tuple[str, date, dict]] = field(default_factory=list)
    next_review: date | None = None
    actions: list[tuple[str, int, date]] = field(default_factory=list)  # description, team index, due
    earlier: list[CohortEntry] = field(default_factory=list)  # earlier quarterly runs that found them, oldest first


@dataclass
class DemoNeighbourhood:
    name: str
    team: list[TeamMember]
    people: list[DemoPerson]


def demo_nhs_numbers() -> list[str]:
    """Valid NHS numbers from the 999 test range, in a fixed order."""
    out = []
    for n in range(10_007, 1_000_000, 3_761):
        nine = f"999{n:06d}"
        digit = check_digit(nine)
        if digit is not None:
            out.append(nine + str(digit))
    return out


def build_demo(today: date, seed: int = 20261101) -> DemoNeighbourhood:
    rng = random.Random(seed)
    numbers = iter(demo_nhs_numbers())
    team = [
        TeamMember(name=n, role=r, organisation=o, core=c, contact=f"0{1000 + i} 555 0{100 + i}")
        for i, (n, r, o, c) in enumerate(TEAM)
    ]
    run_date = today - timedelta(days=22)
    stages = [stage for stage, count in STAGE_MIX for _ in range(count)]
    rng.shuffle(stages)
    people = [_person(rng, next(numbers), stage, today, run_date) for stage in stages]
    _make_households(people, today)
    return DemoNeighbourhood(NEIGHBOURHOOD, team, people)


def _person(rng: random.Random, nhs: str, stage: Stage, today: date, run_date: date) -> DemoPerson:
    female = rng.random() < 0.55
    practice_code, practice_name = rng.choice(PRACTICES)
    segment = rng.choices([s for s, _ in SEGMENTS], [w for _, w in SEGMENTS])[0]
    frail = segment.startswith("End of life")
    age = rng.randint(68, 97) if frail else rng.randint(62, 92)
    dob = today - timedelta(days=age * 365 + rng.randint(0, 364))
    patient = Patient(
        nhs_number=nhs,
        family_name=rng.choice(FAMILY),
        given_name=rng.choice(GIVEN_F if female else GIVEN_M),
        date_of_birth=dob,
        sex="female" if female else "male",
        practice_code=practice_code,
        practice_name=practice_name,
        neighbourhood=NEIGHBOURHOOD,
        postcode=rng.choice(STREETS),
        usual_gp=rng.choice(TEAM[:2])[0],
        next_of_kin=NextOfKin(
            name=f"{rng.choice(GIVEN_F + GIVEN_M)} (relative)",
            relationship="child",
            phone="07700 900" + f"{rng.randint(0, 999):03d}",
        ),
    )
    efi = round(rng.uniform(0.19, 0.55 if frail else 0.4), 2)
    entry = CohortEntry(
        search_name=SEARCH_NAME,
        run_date=run_date,
        segment=segment,
        risk_grade=rng.choices(["High", "Medium", "Low"], [0.5, 0.35, 0.15])[0],
        risk_score=round(rng.uniform(0.2, 0.9), 2),
        efi=efi,
        cfs=rng.randint(5, 8) if frail else rng.randint(3, 6),
        ae_attendances_12m=rng.randint(0, 7),
        emergency_admissions_12m=rng.randint(0, 4),
        housebound=rng.random() < 0.3,
        care_home_resident=rng.random() < 0.05,
        end_of_life_register=frail and rng.random() < 0.15,
    )
    identified_on = run_date - timedelta(days=rng.choice((0, 0, 0, 91, 182, 273)))
    if stage in (Stage.IDENTIFIED, Stage.AWAITING_CONTACT):
        identified_on = run_date  # still being worked through: found by this month's search
    person = DemoPerson(patient, entry, identified_on, earlier=_earlier_runs(nhs, entry, identified_on))
    day = identified_on
    for step in PATHS[stage]:
        day = min(today, day + timedelta(days=rng.randint(3, 21)))
        person.steps.append((step, day, dict(rng.choice(STEP_DETAILS.get(step, ({},))))))
    if stage in (Stage.PLANNED, Stage.REVIEW_DUE):
        person.next_review = today + timedelta(
            days=rng.randint(-12, 84) if stage is Stage.PLANNED else rng.randint(-20, 3)
        )
        for _ in range(rng.randint(1, 3)):
            description = rng.choice(ACTIONS)
            person.actions.append((description, rng.randrange(len(TEAM)), today + timedelta(days=rng.randint(-15, 40))))
    return person


def _earlier_runs(nhs: str, latest: CohortEntry, identified_on: date) -> list[CohortEntry]:
    """The quarterly runs since the person was first found, service use drifting towards the latest.

    A generator of its own (seeded by the NHS number), so the rest of the demo is as it was.
    """
    rng, runs = random.Random(nhs), list[CohortEntry]()
    when, admissions, attendances = (
        latest.run_date - timedelta(days=91),
        latest.emergency_admissions_12m or 0,  # the demo's searches give every figure
        latest.ae_attendances_12m or 0,
    )
    while when >= identified_on:
        admissions = max(0, admissions - rng.choice((0, 0, 1, 1, 2)))
        attendances = max(0, attendances - rng.choice((0, 1, 1, 2)))
        runs.append(
            latest.model_copy(
                update={
                    "run_date": when,
                    "emergency_admissions_12m": admissions,
                    "ae_attendances_12m": attendances,
                    "efi": round(max(0.0, (latest.efi or 0.0) - 0.03 * len(runs) - 0.03), 2),
                }
            )
        )
        when -= timedelta(days=91)
    return runs[::-1]


ACTIONS = (
    "Structured medication review: deprescribe anticholinergics",
    "Refer to community falls service",
    "Carer's assessment referral to adult social care",
    "Discuss ReSPECT form with patient and daughter",
    "Arrange bloods (U&E, FBC) before next review",
    "Social prescriber to visit: befriending and lunch club",
    "Occupational therapy home safety assessment",
    "Dietitian referral (MUST high)",
)


def _make_households(people: list[DemoPerson], today: date) -> None:
    """A couple on the caseload, and a carer with the person they care for, both in the cohort."""
    caseload = [p for p in people if p.steps and p.steps[-1][0] in ("complete_mdt_review", "complete_cga")]
    husband, wife = caseload[0], caseload[1]
    husband.patient = husband.patient.model_copy(
        update={"family_name": "Wilson", "given_name": "Mohammed", "sex": "male"}
    )
    wife.patient = wife.patient.model_copy(
        update={
            "family_name": "Wilson",
            "given_name": "Irene",
            "sex": "female",
            "postcode": husband.patient.postcode,
            "practice_code": husband.patient.practice_code,
            "practice_name": husband.patient.practice_name,
        }
    )
    _link(husband, wife, "lives_with", "wife")
    _link(wife, husband, "lives_with", "husband")
    carer, cared = caseload[2], caseload[3]
    carer.patient = carer.patient.model_copy(update={"family_name": "Patel", "given_name": "Ramesh", "sex": "male"})
    cared.patient = cared.patient.model_copy(
        update={"family_name": "Patel", "given_name": "Sunita", "sex": "female", "postcode": carer.patient.postcode}
    )
    _link(carer, cared, "cares_for", "wife")
    _link(cared, carer, "cared_for_by", "husband")
    _make_mr_and_mrs_c(caseload[4], caseload[5], today)


MR_AND_MRS_C = ("Carter", "Albert", "Edna")
"""The blueprint's Mr and Mrs C (invented names): he is 88, fit but with memory problems; she is 84, with
mobility problems and poorly controlled diabetes; their daughter (store/demo/households.py) is the carer."""


def _make_mr_and_mrs_c(husband: DemoPerson, wife: DemoPerson, today: date) -> None:
    family, his, hers = MR_AND_MRS_C
    husband.patient = husband.patient.model_copy(
        update={
            "family_name": family,
            "given_name": his,
            "sex": "male",
            "date_of_birth": today - timedelta(days=round(88.1 * 365.25)),
        }
    )
    wife.patient = wife.patient.model_copy(
        update={
            "family_name": family,
            "given_name": hers,
            "sex": "female",
            "postcode": husband.patient.postcode,
            "practice_code": husband.patient.practice_code,
            "practice_name": husband.patient.practice_name,
            "date_of_birth": today - timedelta(days=round(84.3 * 365.25)),
        }
    )
    _link(husband, wife, "lives_with", "wife")
    _link(wife, husband, "lives_with", "husband")


def _link(person: DemoPerson, other: DemoPerson, kind: str, relationship: str) -> None:
    link = CarerLink(
        kind=kind,
        name=f"{other.patient.given_name} {other.patient.family_name}",
        relationship=relationship,
        nhs_number=other.patient.nhs_number,
    )
    person.patient = person.patient.model_copy(update={"carer_links": person.patient.carer_links + (link,)})
