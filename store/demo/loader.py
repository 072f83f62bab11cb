"""Writes the synthetic demo neighbourhood through the store's own write methods."""

from __future__ import annotations

from datetime import date

from mdt_tui.demo import TEAM, build_demo
from mdt_tui.models import User
from mdt_tui.roles import Role
from mdt_tui.store.demo.households import add_demo_households
from mdt_tui.store.demo.meetings import add_demo_meetings
from mdt_tui.store.demo.plans import demo_cga, demo_review
from mdt_tui.store.store import Store

STEP_ACTORS: dict[str, int] = {"mark_suitable": 0, "mark_not_appropriate": 0, "complete_mdt_review": 4}


def load_demo(store: Store, today: date) -> int:
    """Fill an empty store with the demo neighbourhood in one transaction; returns people added."""
    hood = build_demo(today)
    coordinator = User(name=TEAM[2][0], role=Role.CARE_COORDINATOR)
    actors = [User(name=m.name, role=m.role) for m in hood.team]
    with store.transaction():
        store.set_neighbourhood(coordinator, hood.name)
        members = [store.add_team_member(coordinator, m) for m in hood.team]
        for person in hood.people:
            person_id = store.add_person(
                coordinator, person.patient, person.entry, on=person.identified_on, earlier=person.earlier
            )
            for step, day, details in person.steps:
                actor = actors[STEP_ACTORS[step]] if step in STEP_ACTORS else coordinator
                if step == "complete_cga":
                    demo_cga(store, actor, person_id, person.entry.cfs, day)
                elif step == "complete_mdt_review":
                    demo_review(store, actor, person_id, day, members, person.actions, person.next_review)
                    person.actions = []  # added to the plan before it was agreed
                else:
                    store.take_step(actor, person_id, step, on=day, details=details)
            if person.next_review and person.next_review != store.person(person_id).next_review:
                store.set_next_review(coordinator, person_id, person.next_review, reason="Set at MDT review")
            for description, member_index, due in person.actions:
                store.add_action(
                    coordinator, person_id, description=description, owner_id=members[member_index].id, due=due
                )
        add_demo_households(store, coordinator, members, today)
        add_demo_meetings(store, coordinator, members, today)
        _sign_off_to_last_meeting(store, User(name=TEAM[0][0], role=TEAM[0][1]))
    return len(hood.people)


def _sign_off_to_last_meeting(store: Store, gp: User) -> None:
    """A real team signs off each meeting's codes: the demo's, up to its last held meeting, are signed off."""
    held = [m.date for m in store.meetings() if m.status == "held"]
    if held:
        last = max(held)
        store.sign_off_codes(
            gp, [r.event.event_id for r in store.codes_to_sign_off() if r.event.effective_date <= last]
        )
