"""The writer a crash test kills: store writes of every kind, each its own transaction, with an ack
line written only after the write returned (so its COMMIT is durable). Run in a forked child by
tests/crash_harness.py; each scenario carries on from whatever the database already holds."""

from __future__ import annotations

import os
import random
from contextlib import nullcontext
from datetime import date, timedelta
from typing import Any

from mdt_tui.errors import MdtError
from mdt_tui.models import User
from mdt_tui.roles import Role

TODAY = date(2026, 11, 23)
USER = User(name="Crash Test", role=Role.CARE_COORDINATOR)
GP = User(name="Crash Test GP", role=Role.GP)


class Acking:
    """The store, with each write (a method called with a User first) acknowledged once it returns.
    ``transaction()`` is a no-op, so the demo's helpers commit write by write."""

    def __init__(self, store: Any, fd: int) -> None:
        self._store, self._fd = store, fd

    def transaction(self):  # noqa: ANN201
        return nullcontext(self._store.db)

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._store, name)
        if not callable(attr):
            return attr

        def call(*args: Any, **kwargs: Any) -> Any:
            result = attr(*args, **kwargs)
            if args and isinstance(args[0], User):
                self.ack(name)
            return result

        return call

    def ack(self, name: str, extra: str = "") -> None:
        """'ack METHOD AUDIT_ID AUDIT_ACTION [EXTRA]': the audit row is written in the same transaction."""
        row = self._store.db.execute("SELECT id, action FROM audit ORDER BY id DESC LIMIT 1").fetchone()
        audit_id, action = row if row else (0, "-")
        os.write(self._fd, f"ack {name} {audit_id} {action} {extra}".rstrip().encode() + b"\n")


def say(fd: int, text: str) -> None:
    os.write(fd, text.encode() + b"\n")


def run(scenario: str, seed: int, db: str, fd: int) -> None:
    from mdt_tui.store.store import Store

    store = Store.open(db, create=True)
    acking = Acking(store, fd)
    say(fd, "ready")
    worked = SCENARIOS[scenario](acking, random.Random(seed), seed)
    say(fd, "done" if worked else "exhausted")
    store.close()


def pathway(store: Acking, rng: random.Random, seed: int) -> bool:
    """The demo neighbourhood, person by person: identification, consent, decline, CGA answers, lists
    and checklists, problems, plans, actions, reviews, next-review dates."""
    from mdt_tui.demo import build_demo

    hood = build_demo(TODAY)
    coordinator = User(name=hood.team[2].name, role=Role.CARE_COORDINATOR)
    if not store.neighbourhood():
        store.set_neighbourhood(coordinator, hood.name)
    held_members = {m.name for m in store.team()}
    for member in hood.team:
        if member.name not in held_members:
            store.add_team_member(coordinator, member)
    by_name = {m.name: m for m in store.team()}
    members = [by_name[m.name] for m in hood.team]
    actors = [User(name=m.name, role=m.role) for m in hood.team]
    held = set(store.stages_by_nhs_number())
    people = [p for p in hood.people if p.patient.nhs_number not in held]
    for person in people[:40]:
        try:
            _add_demo_person(store, person, coordinator, actors, members)
        except MdtError:
            continue  # a refused step: the person's earlier writes stand, acknowledged
    return bool(people)


def _add_demo_person(store: Acking, person: Any, coordinator: User, actors: list[User], members: list[Any]) -> None:
    from mdt_tui.store.demo.loader import STEP_ACTORS
    from mdt_tui.store.demo.plans import demo_cga, demo_review

    person_id = store.add_person(
        coordinator, person.patient, person.entry, on=person.identified_on, earlier=person.earlier
    )
    for step, day, details in person.steps:
        actor = actors[STEP_ACTORS[step]] if step in STEP_ACTORS else coordinator
        if step == "complete_cga":
            demo_cga(store, actor, person_id, person.entry.cfs, day)
        elif step == "complete_mdt_review":
            demo_review(store, actor, person_id, day, members, person.actions, person.next_review)
            person.actions = []
        else:
            store.take_step(actor, person_id, step, on=day, details=details)
    if person.next_review and person.next_review != store.person(person_id).next_review:
        store.set_next_review(coordinator, person_id, person.next_review, reason="Set at MDT review")
    for description, member_index, due in person.actions:
        store.add_action(coordinator, person_id, description=description, owner_id=members[member_index].id, due=due)


def imports(store: Acking, rng: random.Random, seed: int) -> bool:
    """Cohort imports: batches of new people plus re-imports of held ones with a changed usual GP."""
    from mdt_tui.cohort.rows import CohortRow
    from mdt_tui.nhs_number import is_valid_nhs_number

    held = list(store.stages_by_nhs_number())
    taken = set(held)
    candidate = 9_990_300_000 + rng.randrange(0, 5_000_000)
    for batch in range(40):
        rows, last = [], ""
        while len(rows) < 25:
            candidate += 1
            nhs = str(candidate)
            if is_valid_nhs_number(nhs) and nhs not in taken:
                taken.add(nhs)
                rows.append(
                    CohortRow(
                        len(rows) + 1,
                        nhs,
                        f"Import{seed}",
                        f"Batch{batch}",
                        date(1938, 5, 1),
                        practice_code="X99001",
                        cfs=rng.randint(1, 9),
                        efi=round(rng.random(), 2),
                    )
                )
                last = nhs
        for nhs in rng.sample(held, min(5, len(held))):
            rows.append(
                CohortRow(
                    len(rows) + 1,
                    nhs,
                    f"Held{seed}",
                    "Again",
                    date(1940, 1, 1),
                    practice_code="X99001",
                    usual_gp=f"Dr Crash {seed}-{batch}",
                )
            )
        store._store.import_cohort(USER, rows, search_name="Crash import", run_date=TODAY)
        store.ack("import_cohort", f"person {last}")
    return True


def meetings(store: Acking, rng: random.Random, seed: int) -> bool:
    """Meetings: created with attendance and an agenda, started, case notes, outcomes, closed."""
    from mdt_tui.meeting.agenda import AgendaItem, Outcome

    team = store.team()
    chair = next((m for m in team if m.role is Role.GP), None)
    if chair is None:
        return False
    worked = False
    for n in range(20):
        day = TODAY + timedelta(days=7 * (seed % 50) + n)
        picks = store.agenda_candidates(day)[:2]
        if not picks:
            return worked
        agenda = [
            AgendaItem(person_id=c.person_id, source=c.source, detail=c.detail, new_case=c.new_case, minutes=15)
            for c in picks
        ]
        try:
            meeting = store.create_meeting(
                USER,
                held_on=day,
                session_minutes=120,
                chair_id=chair.id,
                attendance={m.id: "in_person" for m in team[:4]},
                agenda=agenda,
            )
            store.start_meeting(USER, meeting)
            for case in picks:
                store.save_case_notes(USER, meeting, case.person_id, know="Crash test", dont_know="", assume="")
                store.record_outcome(USER, meeting, case.person_id, Outcome.DEFERRED, reason="Crash test deferral")
            store.close_meeting(USER, meeting)
            worked = True
        except MdtError:
            continue  # a refused step is not a write: nothing to acknowledge
    return worked


def corrections(store: Acking, rng: random.Random, seed: int) -> bool:
    """Coded events marked entered in error (a pathway step's event reverses the step)."""
    events = sorted(store.coded_events(), key=lambda e: -e.event_id)
    done = 0
    for event in events[:200]:
        try:
            store._store.mark_entered_in_error(GP, event.event_id, reason="Crash test correction")
        except MdtError:
            continue
        store.ack("mark_entered_in_error", f"corrected {event.event_id}")
        done += 1
        if done == 25:
            break
    return done > 0


def exports(store: Acking, rng: random.Random, seed: int) -> bool:
    """Export marks: codes (and removals) recorded as delivered, ten at a time."""
    rows = store.codes_to_export(include_exported=False)
    ids = [r.delivery_id for r in rows]
    for start in range(0, min(len(ids), 300), 10):
        chunk = ids[start : start + 10]
        store._store.mark_exported(USER, chunk, batch=f"crash-{seed}-{start}")
        store.ack("mark_exported", f"exported {','.join(map(str, chunk))}")
    return bool(ids)


def _at_stage(store: Acking, stage: str, rng: random.Random, limit: int) -> list[int]:
    numbers = [nhs for nhs, at in store.stages_by_nhs_number().items() if at.value == stage]
    return [store.person_by_nhs_number(nhs).id for nhs in rng.sample(numbers, min(limit, len(numbers)))]


def cgas(store: Acking, rng: random.Random, seed: int) -> bool:
    """CGAs for people on the caseload: answers, medicines and goals, checklists, completion."""
    from mdt_tui.store.demo.plans import demo_cga

    people = _at_stage(store, "on_caseload", rng, 15)
    for person_id in people:
        try:
            demo_cga(store, USER, person_id, rng.choice((None, 4, 6, 8)), TODAY)
        except MdtError:
            continue  # refused (e.g. completion needs more): the writes before it stand, acknowledged
    return bool(people)


def plans(store: Acking, rng: random.Random, seed: int) -> bool:
    """Plans for assessed people: problems from suggestions, plan versions, actions, the MDT review."""
    from mdt_tui.store.demo.plans import demo_review

    members = store.team()
    people = _at_stage(store, "assessed", rng, 15)
    for person_id in people:
        try:
            demo_review(store, GP, person_id, TODAY, members, [("Crash test action", 0, TODAY)], None)
        except MdtError:
            continue  # refused (e.g. a role the plan needs is missing): nothing was written by that call
    return bool(people)


SCENARIOS = {
    "pathway": pathway,
    "cga": cgas,
    "plan": plans,
    "import": imports,
    "meeting": meetings,
    "correct": corrections,
    "export": exports,
}
