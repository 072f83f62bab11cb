"""A meeting to run in tests: a clock that moves only when told, and a three-case meeting on the demo data."""

from __future__ import annotations

from mdt_tui.meeting.agenda import AgendaItem, Source
from mdt_tui.store.demo.meetings import ready_plan
from tests.conftest import COORDINATOR, TODAY


class FakeClock:
    """Seconds that only move when a test moves them."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def three_case_meeting(store) -> tuple[int, list[int]]:
    """A meeting today with three new cases that are not on the demo's upcoming agenda."""
    upcoming = store.next_meeting_id()
    taken = {c.person_id for c in store.meeting(upcoming).cases}
    people = [
        c.person_id for c in store.agenda_candidates(TODAY) if c.source is Source.NEW and c.person_id not in taken
    ][:3]
    team = store.team()
    meeting_id = store.create_meeting(
        COORDINATOR,
        held_on=TODAY,
        session_minutes=120,
        chair_id=team[0].id,
        minute_taker_id=team[2].id,
        attendance={m.id: "in_person" for m in team[:6]},
        agenda=[AgendaItem(person_id=p, source=Source.NEW, minutes=15, new_case=True) for p in people],
    )
    ready_plan(store, COORDINATOR, people[0], lead_id=team[2].id, problem="Falls")
    return meeting_id, people
