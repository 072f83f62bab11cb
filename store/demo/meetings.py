"""The demo's meetings: one held two weeks ago (with minutes and carry-over) and the next one, with its agenda."""

from __future__ import annotations

from datetime import date, timedelta

from mdt_tui.meeting.agenda import AgendaItem, Outcome, Source, build_agenda
from mdt_tui.models import TeamMember, User, saved_id
from mdt_tui.plan.records import ProblemDraft
from mdt_tui.roles import Role

HELD_DAYS_AGO = 14
NEXT_IN_DAYS = 3


def add_demo_meetings(store, user: User, members: list[TeamMember], today: date) -> tuple[int, int]:  # noqa: ANN001
    """Returns (held meeting id, upcoming meeting id). Called inside the demo's transaction."""
    settings = store.team_policy()
    chair = next(m for m in members if m.role is Role.GP)
    taker = next(m for m in members if m.role is Role.ADMIN)
    attendance = {
        m.id: ("apologies" if m.role is Role.GERIATRICIAN else "remote" if not m.core else "in_person")
        for m in members
        if m.core or m.role in (Role.SOCIAL_CARE, Role.GERIATRICIAN)
    }
    held_on = today - timedelta(days=HELD_DAYS_AGO)
    by_source: dict[Source, list] = {}
    for c in store.agenda_candidates(today):  # who is waiting now was waiting then
        by_source.setdefault(c.source, []).append(c)
    picks = [by_source[Source.OVERDUE][0], by_source[Source.NEW][0], by_source[Source.TRIGGERED][0]]
    agenda = [
        AgendaItem(
            person_id=c.person_id,
            source=c.source,
            detail=c.detail,
            new_case=c.new_case,
            minutes=settings.minutes_per_new_case if c.new_case else settings.minutes_per_review,
        )
        for c in picks
    ]
    held = store.create_meeting(
        user,
        held_on=held_on,
        session_minutes=settings.session_minutes,
        chair_id=chair.id,
        minute_taker_id=taker.id,
        attendance=attendance,
        agenda=agenda,
        guests="Practice manager, Riverside (observing)",
    )
    store.start_meeting(user, held)
    first, second = picks[0].person_id, picks[1].person_id
    store.save_case_notes(
        user,
        held,
        first,
        know="Two falls since the summer; lives alone",
        dont_know="Whether the new tablets cause the dizziness",
        assume="Daughter can visit weekly",
    )
    pharmacist = next(m for m in members if m.role is Role.PHARMACIST)
    store.record_action(
        user,
        held,
        first,
        description="Structured medication review: dizziness and falls",
        owner_id=pharmacist.id,
        due=held_on + timedelta(weeks=2),
    )
    store.record_review_date(user, held, first, held_on + timedelta(weeks=8), reason="8 weeks (CFS 5–6)")
    ready_plan(store, user, first, lead_id=saved_id(members[2].id), problem="Falls with dizziness since the summer")
    store.record_outcome(user, held, first, Outcome.PLAN_AGREED, seconds_spent=9 * 60 + 40)
    store.record_outcome(
        user, held, second, Outcome.DEFERRED, reason="GP to see first; CGA results awaited", seconds_spent=4 * 60
    )
    store.close_meeting(user, held)
    on = today + timedelta(days=NEXT_IN_DAYS)
    upcoming = store.create_meeting(
        user,
        held_on=on,
        session_minutes=settings.session_minutes,
        chair_id=chair.id,
        minute_taker_id=taker.id,
        attendance=attendance,
        agenda=build_agenda(store.agenda_candidates(on), settings),
    )
    return held, upcoming


def ready_plan(store, user: User, person_id: int, *, lead_id: int, problem: str) -> None:  # noqa: ANN001
    """What the plan screen holds before a meeting: a problem, a lead professional, consent to share.
    The meeting then adds the action and the review date, and the plan can be agreed."""
    store.add_problem(user, person_id, ProblemDraft(title=problem, domain="physical"))
    store.save_plan(user, person_id, lead_member_id=lead_id, consent_to_share=True)
