"""A neighbourhood simulated week by week through the store's public methods, for the scale benchmark.

Sizes (issue 20): S = 200 people over one year, M = 2,000 people over five years, L = 20,000 over ten
(L only on request: hours to build). Each week: newcomers are found by the search, approached, consent or
decline, have a CGA answered item by item, a plan with actions, reviews every twelve weeks (a new CGA
yearly), actions done, and a weekly meeting with an agenda, case notes and outcomes, then closed.
Everything goes through the Store's write methods, so the file holds what the app itself would write.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from mdt_tui.consent.records import Consent, ContactAttempt, Decline
from mdt_tui.demo import TEAM
from mdt_tui.meeting.agenda import AgendaItem, Outcome
from mdt_tui.models import CohortEntry, Patient, TeamMember, User
from mdt_tui.nhs_number import check_digit
from mdt_tui.roles import Role
from mdt_tui.store.demo.plans import demo_cga, demo_review
from mdt_tui.store.store import Store


@dataclass(frozen=True)
class Size:
    name: str
    people: int
    weeks: int


SIZES = {"S": Size("S", 200, 52), "M": Size("M", 2_000, 260), "L": Size("L", 20_000, 520)}
FAMILY = (
    "Ahmed",
    "Brown",
    "Clarke",
    "Davies",
    "Evans",
    "Foster",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Morgan",
    "Nolan",
    "Owen",
    "Patel",
    "Quinn",
    "Roberts",
    "Singh",
    "Taylor",
    "Walsh",
    "Young",
)
GIVEN = ("Alice", "Bill", "Carol", "Dev", "Edith", "Frank", "Grace", "Harold", "Ivy", "Joan", "Ken", "Lily")
PRACTICES = ("X99001", "X99002", "X99003", "X99004")
REVIEW_WEEKS = 12


def nhs_numbers():
    """Valid NHS numbers from the 999 test range."""
    for n in range(1, 1_000_000):
        nine = f"999{n:06d}"
        digit = check_digit(nine)
        if digit is not None:
            yield nine + str(digit)


def build(path: Path, size: Size, *, start: date = date(2021, 1, 4), seed: int = 20) -> dict[int, str]:
    """Build the file; returns person id -> where they ended up (for picking people to open)."""
    rng = random.Random(seed)
    numbers = nhs_numbers()
    day = start
    store = Store.open(path, create=True, clock=lambda: datetime.combine(day, time(10), timezone.utc))
    coordinator = User(name=TEAM[2][0], role=Role.CARE_COORDINATOR)
    store.set_neighbourhood(coordinator, "Scale Test Neighbourhood")
    members = [
        store.add_team_member(coordinator, TeamMember(name=n, role=r, organisation=o, core=c)) for n, r, o, c in TEAM
    ]
    actor = User(name=members[0].name, role=members[0].role)
    per_week = size.people / size.weeks
    due: dict[int, list[int]] = {}  # week -> people whose review falls then
    found, state = 0.0, {}
    for week in range(size.weeks):
        day = start + timedelta(weeks=week)
        with store.transaction():
            found += per_week
            while len(state) < int(found):
                pid = _newcomer(store, coordinator, next(numbers), rng, day)
                state[pid] = "identified"
            for pid, where in list(state.items()):
                state[pid] = _advance(store, actor, coordinator, members, pid, where, rng, day, week, due)
            for pid in due.pop(week, []):
                if state.get(pid) == "planned":
                    _review(store, actor, members, pid, rng, day, week, due)
            _meeting(store, coordinator, members, rng, day)
    store.close()
    return state


def _newcomer(store: Store, user: User, nhs: str, rng: random.Random, day: date) -> int:
    patient = Patient(
        nhs_number=nhs,
        family_name=rng.choice(FAMILY),
        given_name=rng.choice(GIVEN),
        date_of_birth=day - timedelta(days=rng.randint(65, 95) * 365),
        practice_code=rng.choice(PRACTICES),
        postcode="ZZ99 3CZ",
    )
    entry = CohortEntry(
        search_name="INT Proactive Care Cohort",
        run_date=day,
        segment="Living with illness",
        risk_grade=rng.choice(("High", "Medium", "Low")),
        efi=round(rng.uniform(0.2, 0.5), 2),
        cfs=rng.randint(4, 7),
        ae_attendances_12m=rng.randint(0, 5),
        emergency_admissions_12m=rng.randint(0, 3),
    )
    return store.add_person(user, patient, entry, on=day)


def _advance(store, actor, coordinator, members, pid, where, rng, day, week, due) -> str:  # noqa: ANN001, PLR0913
    """One week of one person's pathway: at most one step."""
    roll = rng.random()
    if where == "identified" and roll < 0.5:
        if roll < 0.05:
            store.take_step(
                actor, pid, "mark_not_appropriate", on=day, details={"reason": "Already under the GSF team"}
            )
            return "closed"
        store.take_step(actor, pid, "mark_suitable", on=day)
        return "waiting"
    if where == "waiting" and roll < 0.5:
        store.record_contact_attempt(coordinator, pid, ContactAttempt(on=day, method="phone", outcome="spoke"))
        if roll < 0.1:
            store.decline(coordinator, pid, Decline(on=day, reason="Managing well for now"))
            return "closed"
        store.consent(
            coordinator,
            pid,
            Consent(on=day, consent_by="patient", share_records=True, leaflet_given=True, method="phone"),
        )
        return "caseload"
    if where == "caseload" and roll < 0.4:
        demo_cga(store, actor, pid, None, day)
        return "assessed"
    if where == "assessed" and roll < 0.5:
        demo_review(
            store,
            actor,
            pid,
            day,
            members,
            [("Falls clinic referral", 5, day + timedelta(weeks=3))],
            day + timedelta(weeks=REVIEW_WEEKS),
        )
        due.setdefault(week + REVIEW_WEEKS, []).append(pid)
        return "planned"
    return where


def _review(store, actor, members, pid, rng, day, week, due) -> None:  # noqa: ANN001, PLR0913
    """A review: the trigger, a new CGA yearly, an action done and a new one, the plan agreed again."""
    store.trigger_review(actor, pid, trigger="Review date reached", on=day)
    if week % 52 < REVIEW_WEEKS:
        demo_cga(store, actor, pid, None, day)
    for action in store.actions(person_id=pid)[:1]:
        store.complete_action(actor, action.id)
    store.add_action(
        actor,
        pid,
        description="Review medicines with the pharmacist",
        owner_id=members[5].id,
        due=day + timedelta(weeks=4),
    )
    store.save_plan(
        actor,
        pid,
        next_review=day + timedelta(weeks=REVIEW_WEEKS),
        next_review_reason="Set at review",
        no_actions_reason="",
    )
    store.complete_mdt_review(actor, pid, on=day)
    due.setdefault(week + REVIEW_WEEKS, []).append(pid)


def _meeting(store: Store, user: User, members: list[TeamMember], rng: random.Random, day: date) -> None:
    """The weekly MDT: up to six people from the agenda's candidates, notes and a deferral each, then closed."""
    candidates = list({c.person_id: c for c in reversed(store.agenda_candidates(day))}.values())[-6:]
    if not candidates:
        return
    agenda = [
        AgendaItem(person_id=c.person_id, source=c.source, detail=c.detail, new_case=c.new_case, minutes=10)
        for c in candidates
    ]
    chair = next(m for m in members if m.role is Role.GP)
    taker = next(m for m in members if m.role is Role.ADMIN)
    meeting = store.create_meeting(
        user,
        held_on=day,
        session_minutes=90,
        chair_id=chair.id,
        minute_taker_id=taker.id,
        attendance={m.id: "in_person" for m in members if m.core},
        agenda=agenda,
    )
    store.start_meeting(user, meeting)
    for item in agenda:
        store.save_case_notes(user, meeting, item.person_id, know="Seen at home last week", dont_know="", assume="")
        store.record_outcome(
            user,
            meeting,
            item.person_id,
            Outcome.DEFERRED,
            reason="Awaiting GP review",
            seconds_spent=rng.randint(120, 600),
        )
    store.close_meeting(user, meeting)
