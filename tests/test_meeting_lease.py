"""One minute-taker per meeting at a time (issue 19): a lease, visible to others, renewed while the meeting
screen is open, lapsed after five minutes, taken over by the chair; outcome writes from anyone else are
refused and nothing is written. Two Store objects on one file model two laptops."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mdt_tui.errors import NotMinuteTaker, NotPermitted
from mdt_tui.meeting.agenda import Outcome
from mdt_tui.models import User
from mdt_tui.store.store import Store
from tests.conftest import COORDINATOR
from tests.helpers.meeting_records import three_case_meeting

START = datetime(2026, 11, 23, 13, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def two(demo_db):
    """(first laptop, second laptop, clock both share, meeting id, its people)."""
    clock = Clock()
    with Store.open(demo_db, clock=clock) as first, Store.open(demo_db, clock=clock) as second:
        meeting_id, people = three_case_meeting(first)
        first.start_meeting(COORDINATOR, meeting_id)
        yield first, second, clock, meeting_id, people


def someone(store, index: int) -> User:
    """A member of the demo roster other than the coordinator who takes the minutes (0 is the chair)."""
    member = [m for m in store.team() if m.name != COORDINATOR.name][index]
    return User(name=member.name, role=member.role)


def decisions(store, meeting_id: int) -> int:
    return store.db.execute(
        "SELECT count(*) FROM meeting_decisions d JOIN meeting_cases c ON c.id = d.case_id WHERE c.meeting_id = ?",
        [meeting_id],
    ).fetchone()[0]


def test_while_one_person_takes_the_minutes_another_cannot_and_their_outcome_is_not_written(two):
    first, second, clock, meeting_id, people = two
    taker, other = COORDINATOR, someone(second, 3)
    lease = first.take_minutes(taker, meeting_id)
    assert second.minute_taker(meeting_id) == lease and lease.holder == taker.name
    sentence = f"Minutes are being taken by {taker.name} since {START.astimezone():%H:%M} — read-only."
    assert lease.line() + "." == sentence
    with pytest.raises(NotMinuteTaker) as refused:
        second.take_minutes(other, meeting_id)
    assert str(refused.value) == sentence
    before = decisions(second, meeting_id)
    for write in (
        lambda: second.record_outcome(other, meeting_id, people[1], Outcome.DEFERRED, reason="GP away"),
        lambda: second.record_decision(other, meeting_id, people[1], "Ask the pharmacist"),
        lambda: second.save_case_notes(other, meeting_id, people[1], know="k", dont_know="", assume=""),
        lambda: second.close_meeting(other, meeting_id),
    ):
        with pytest.raises(NotMinuteTaker, match=sentence):
            write()
    assert decisions(second, meeting_id) == before
    assert second.meeting(meeting_id).cases[1].outcome is None and not second.meeting(meeting_id).closed
    first.record_outcome(taker, meeting_id, people[1], Outcome.DEFERRED, reason="GP away")
    assert second.meeting(meeting_id).cases[1].outcome is Outcome.DEFERRED


def test_a_lease_not_renewed_for_five_minutes_lapses_and_the_old_holder_becomes_read_only(two):
    first, second, clock, meeting_id, people = two
    taker, other = COORDINATOR, someone(second, 3)
    first.take_minutes(taker, meeting_id)
    clock.now = START + timedelta(minutes=4)
    first.take_minutes(taker, meeting_id)  # the screen renews it every minute: still held, still since 13:00
    clock.now = START + timedelta(minutes=8)
    with pytest.raises(NotMinuteTaker):
        second.take_minutes(other, meeting_id)
    clock.now = START + timedelta(minutes=9, seconds=1)  # the first laptop went quiet at 13:04
    assert second.minute_taker(meeting_id) is None
    second.take_minutes(other, meeting_id)
    with pytest.raises(NotMinuteTaker, match=f"^Minutes are being taken by {other.name} since"):
        first.take_minutes(taker, meeting_id)  # its next renewal finds the lease gone to someone else
    with pytest.raises(NotMinuteTaker):
        first.record_decision(taker, meeting_id, people[0], "Too late")
    assert [
        r[0]
        for r in first.db.execute(
            "SELECT action FROM audit WHERE entity = 'meeting' AND action LIKE '%minutes' ORDER BY id"
        )
    ] == ["take_minutes", "take_minutes"]


def test_only_the_chair_takes_over_a_live_lease_and_that_is_audited(two):
    first, second, clock, meeting_id, people = two
    taker, chair, other = COORDINATOR, someone(second, 0), someone(second, 3)
    assert second.meeting(meeting_id).chair == chair.name
    first.take_minutes(taker, meeting_id)
    with pytest.raises(NotPermitted, match=f"Only the chair \\({chair.name}\\)"):
        second.take_minutes(other, meeting_id, take_over=True)
    lease = second.take_minutes(chair, meeting_id, take_over=True)
    assert first.minute_taker(meeting_id) == lease and lease.holder == chair.name
    with pytest.raises(NotMinuteTaker):
        first.record_outcome(taker, meeting_id, people[1], Outcome.DEFERRED, reason="x")
    row = first.db.execute("SELECT user_name, before, after FROM audit WHERE action = 'take_over_minutes'").fetchone()
    assert row[0] == chair.name and taker.name in row[1] and chair.name in row[2]


def test_releasing_the_minutes_frees_the_meeting_and_with_no_lease_writes_go_ahead(two):
    first, second, clock, meeting_id, people = two
    other = someone(second, 3)
    second.record_decision(other, meeting_id, people[0], "Nobody holds the lease: written as before")
    first.take_minutes(COORDINATOR, meeting_id)
    second.release_minutes(other, meeting_id)  # not theirs: left alone
    assert second.minute_taker(meeting_id).holder == COORDINATOR.name
    first.release_minutes(COORDINATOR, meeting_id)
    assert second.minute_taker(meeting_id) is None
    second.take_minutes(other, meeting_id)
    second.record_decision(other, meeting_id, people[0], "Now theirs")


def test_the_meeting_mark_changes_when_an_outcome_is_recorded(two):
    first, second, clock, meeting_id, people = two
    first.take_minutes(COORDINATOR, meeting_id)
    mark = second.meeting_mark(meeting_id)
    assert second.meeting_mark(meeting_id) == mark
    first.record_outcome(COORDINATOR, meeting_id, people[1], Outcome.DEFERRED, reason="GP away")
    assert second.meeting_mark(meeting_id) != mark


def test_the_lease_belongs_to_the_window_not_the_name(two):
    """Issue 14: the same person in two windows (two Store objects) — only the one that took the lease holds
    it; the other's outcome is refused, its release leaves the lease alone, and it may take it over."""
    first, second, clock, meeting_id, people = two
    lease = first.take_minutes(COORDINATOR, meeting_id)
    assert lease.session == first.session != second.session
    with pytest.raises(NotMinuteTaker):
        second.take_minutes(COORDINATOR, meeting_id)
    with pytest.raises(NotMinuteTaker):
        second.record_outcome(COORDINATOR, meeting_id, people[0], Outcome.DEFERRED, reason="bloods")
    assert second.meeting(meeting_id).cases[0].outcome is None and decisions(second, meeting_id) == 0
    second.release_minutes(COORDINATOR, meeting_id)  # the other window closes: not its lease
    assert second.minute_taker(meeting_id) == lease
    first.record_outcome(COORDINATOR, meeting_id, people[0], Outcome.DEFERRED, reason="bloods")
    taken = second.take_minutes(COORDINATOR, meeting_id, take_over=True)  # the same person, not the chair
    assert taken.session == second.session and first.minute_taker(meeting_id) == taken
    audit = second.db.execute("SELECT after FROM audit WHERE action = 'take_over_minutes'").fetchall()
    assert audit and second.session in audit[-1][0]
    first.release_minutes(COORDINATOR, meeting_id)
    assert second.minute_taker(meeting_id) == taken
