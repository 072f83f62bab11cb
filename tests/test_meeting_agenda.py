"""Agenda building, fit, quorum and carry-over: the pure rules in mdt_tui/meeting/agenda.py."""

from datetime import date, timedelta

import pytest

from mdt_tui.meeting.agenda import (
    Candidate,
    Outcome,
    Source,
    agenda_fit,
    build_agenda,
    carried_over,
    check_quorum,
    clock_text,
    due_shortcut,
)
from mdt_tui.roles import Role
from mdt_tui.team_policy import TeamPolicy

D = date(2026, 11, 1)


def c(pid, source, days=0, new=False):
    return Candidate(person_id=pid, source=source, since=D + timedelta(days=days), new_case=new)


def test_every_source_in_priority_order_oldest_first_within_each():
    candidates = [
        c(1, Source.NEW, 5, True),
        c(2, Source.DUE, 1),
        c(3, Source.OVERDUE, 2),
        c(4, Source.TRIGGERED),
        c(5, Source.CARRIED_OVER),
        c(6, Source.NEW, 1, True),
        c(7, Source.OVERDUE, 0),
    ]
    agenda = build_agenda(candidates, TeamPolicy())
    assert [i.person_id for i in agenda] == [5, 4, 7, 3, 2, 6, 1]
    assert [i.source for i in agenda][:3] == [Source.CARRIED_OVER, Source.TRIGGERED, Source.OVERDUE]


def test_time_per_case_comes_from_settings():
    agenda = build_agenda(
        [c(1, Source.NEW, new=True), c(2, Source.DUE)], TeamPolicy(minutes_per_new_case=20, minutes_per_review=7)
    )
    assert [(i.person_id, i.minutes) for i in agenda] == [(2, 7), (1, 20)]


def test_a_person_appears_once_under_their_most_pressing_reason():
    agenda = build_agenda([c(1, Source.DUE), c(1, Source.CARRIED_OVER), c(1, Source.TRIGGERED)], TeamPolicy())
    assert [(i.person_id, i.source) for i in agenda] == [(1, Source.CARRIED_OVER)]


def test_caps_on_new_cases_and_reviews_but_carried_over_always_go_on():
    candidates = (
        [c(i, Source.NEW, i, True) for i in range(10)]
        + [c(100 + i, Source.DUE, i) for i in range(10)]
        + [c(200 + i, Source.CARRIED_OVER) for i in range(5)]
    )
    agenda = build_agenda(candidates, TeamPolicy(new_cases_per_meeting=2, reviews_per_meeting=3))
    sources = [i.source for i in agenda]
    assert sources.count(Source.CARRIED_OVER) == 5 and sources.count(Source.NEW) == 2
    assert sources.count(Source.DUE) == 3


def test_fit_warning_when_the_agenda_overruns_the_session():
    assert agenda_fit([15, 15, 10], 60).fits
    over = agenda_fit([15] * 5, 60)
    assert not over.fits and over.line().startswith("!") and "over by 15 min" in over.line()
    assert agenda_fit([15] * 4, 60).line().startswith("✔")


@pytest.mark.parametrize(
    ("present", "met", "missing"),
    [
        ([(Role.GP, "in_person"), (Role.CARE_COORDINATOR, "remote")], True, ()),
        ([(Role.GP, "apologies"), (Role.CARE_COORDINATOR, "in_person")], False, (Role.GP,)),
        ([(Role.NURSE, "in_person")], False, (Role.GP, Role.CARE_COORDINATOR)),
    ],
)
def test_quorum_needs_each_required_discipline_present_or_remote(present, met, missing):
    quorum = check_quorum(present, TeamPolicy().quorum_roles)
    assert (quorum.met, quorum.missing) == (met, missing)
    assert quorum.line().startswith("✔" if met else "✘")


def test_carry_over_takes_undiscussed_and_deferred_cases():
    outcomes = [(1, Outcome.PLAN_AGREED), (2, Outcome.DEFERRED), (3, None), (4, Outcome.STEP_DOWN)]
    assert carried_over(outcomes) == [2, 3]


def test_due_shortcuts_and_clock():
    assert due_shortcut("+2w", D) == D + timedelta(weeks=2)
    assert due_shortcut("+10d", D) == D + timedelta(days=10)
    assert due_shortcut("today", D) == D and due_shortcut("05/12/2026", D) == date(2026, 12, 5)
    with pytest.raises(ValueError, match="not a date"):
        due_shortcut("soon", D)
    assert clock_text(700) == "11:40" and clock_text(3725) == "1:02:05"
