"""Meetings in the store: agenda candidates from each source, outcomes with codes, carry-over, code exports."""

import csv
import io
from datetime import timedelta

import pytest

from mdt_tui.cli import main
from mdt_tui.errors import IllegalTransition, MissingRequirement
from mdt_tui.meeting.agenda import AgendaItem, Outcome, Source
from mdt_tui.pathway import CASELOAD_STAGES, Stage
from mdt_tui.store.store import Store
from tests.conftest import COORDINATOR, TODAY


@pytest.fixture
def demo(demo_db):
    with Store.open(demo_db) as store:
        yield store


def test_candidates_come_from_every_source(demo):
    by = {}
    for cand in demo.agenda_candidates(TODAY):
        by.setdefault(cand.source, []).append(cand)
    assert set(by) == set(Source) - {Source.ADDED}  # added by hand is never found automatically
    assert all(demo.person(c.person_id).stage is Stage.REVIEW_DUE and c.detail for c in by[Source.TRIGGERED])
    assert all(demo.person(c.person_id).stage is Stage.ASSESSED and c.new_case for c in by[Source.NEW])
    assert all(demo.person(c.person_id).next_review < TODAY for c in by[Source.OVERDUE])
    held = [m for m in demo.meetings() if m.status == "held"][0]
    assert {c.person_id for c in by[Source.CARRIED_OVER]} == {
        c.person_id for c in demo.meeting(held.meeting_id).cases if c.outcome in (None, Outcome.DEFERRED)
    }


def test_demo_has_a_held_meeting_with_minutes_and_an_upcoming_agenda(demo):
    held, upcoming = demo.meetings()
    assert (held.status, upcoming.status) == ("held", "upcoming")
    assert held.cases == 3 and held.discussed == 2 and upcoming.cases >= 3
    assert demo.meeting(upcoming.meeting_id).cases[0].source is Source.CARRIED_OVER


def _meeting(store, people):
    return store.create_meeting(
        COORDINATOR,
        held_on=TODAY,
        session_minutes=60,
        agenda=[AgendaItem(person_id=p, source=Source.NEW, minutes=15, new_case=True) for p in people],
    )


def test_outcomes_need_reasons_cannot_repeat_and_a_closed_meeting_is_frozen(demo):
    people = [p.id for p in demo.people([Stage.PLANNED])][:2]
    meeting = _meeting(demo, people)
    with pytest.raises(MissingRequirement):
        demo.record_outcome(COORDINATOR, meeting, people[0], Outcome.STEP_DOWN)
    events = demo.record_outcome(COORDINATOR, meeting, people[0], Outcome.STEP_DOWN, reason="stable")
    assert events == [] and demo.person(people[0]).stage is Stage.STEPPED_DOWN
    with pytest.raises(IllegalTransition):
        demo.record_outcome(COORDINATOR, meeting, people[0], Outcome.DECLINED)
    assert demo.close_meeting(COORDINATOR, meeting) == [people[1]]
    with pytest.raises(IllegalTransition):
        demo.record_outcome(COORDINATOR, meeting, people[1], Outcome.DEFERRED, reason="x")


def test_reorder_and_remove_on_the_agenda(demo):
    people = [p.id for p in demo.people([Stage.ASSESSED])][:3]
    meeting = _meeting(demo, people)
    demo.move_on_agenda(COORDINATOR, meeting, people[2], -1)
    assert [c.person_id for c in demo.meeting(meeting).cases] == [people[0], people[2], people[1]]
    demo.remove_from_agenda(COORDINATOR, meeting, people[0])
    assert [c.person_id for c in demo.meeting(meeting).cases] == [people[2], people[1]]


def test_only_someone_on_the_caseload_goes_on_the_agenda_and_the_finder_offers_only_them(demo):
    meeting = _meeting(demo, [p.id for p in demo.people([Stage.ASSESSED])][:1])
    waiting = demo.people([Stage.IDENTIFIED])[0].id
    with pytest.raises(IllegalTransition, match="not on the caseload"):
        demo.add_to_agenda(COORDINATOR, meeting, AgendaItem(person_id=waiting, source=Source.ADDED, minutes=10))
    offered = {row[0] for row in demo.finder_candidates(CASELOAD_STAGES)}
    assert offered == {p.id for p in demo.people(CASELOAD_STAGES)}
    assert waiting not in offered and len({row[0] for row in demo.finder_candidates()}) == 180


def _codes(args, capsys):
    assert main(["export", "codes", *args]) == 0
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


def test_codes_export_marks_events_so_the_next_gives_only_new_ones(demo_db, tmp_path, capsys):
    db = ["--db", str(demo_db)]
    everything = _codes(db, capsys)
    first = tmp_path / "first.csv"
    assert main(["export", "codes", *db, "--include-unsigned", "--out", str(first)]) == 0
    assert len(list(csv.DictReader(first.open()))) == len(everything)
    assert _codes(db, capsys) == []  # all delivered: nothing new
    assert len(_codes([*db, "--all"], capsys)) == len(everything)
    with Store.open(demo_db) as store:
        person = store.people([Stage.ASSESSED])[0].id
        meeting = _meeting(store, [person])
        store.record_outcome(COORDINATOR, meeting, person, Outcome.DECLINED)
    fresh = _codes(db, capsys)
    assert [r["snomed_code"] for r in fresh] == ["877011000000107"]
    assert [r["event_id"] for r in _codes([*db, "--all", "--meeting", str(meeting)], capsys)] == [fresh[0]["event_id"]]
    second = tmp_path / "second.csv"
    main(["export", "codes", *db, "--include-unsigned", "--out", str(second)])
    main(["export", "codes", *db, "--include-unsigned", "--out", str(second)])  # exporting again adds nothing
    assert _codes(db, capsys) == []


def test_codes_by_practice_and_the_checklist(demo_db, capsys):
    rows = _codes(["--db", str(demo_db), "--practice", "x99002"], capsys)
    assert rows and {r["practice_code"] for r in rows} == {"X99002"}
    assert main(["export", "codes", "--db", str(demo_db), "--practice", "X99002", "--format", "md"]) == 0
    text = capsys.readouterr().out
    assert "## Practice X99002" in text and "| ☐ |" in text and "Multi-agency case management review" in text


def test_meetings_csv_and_minutes_html(demo_db, capsys):
    assert main(["meetings", "--db", str(demo_db)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0]) == ["meeting_id", "date", "status", "cases", "discussed"]
    assert rows[0]["date"] == str(TODAY - timedelta(days=14)) and rows[0]["status"] == "held"
    assert main(["export", "minutes", "1", "--db", str(demo_db), "--format", "html", "--private"]) == 0
    html = capsys.readouterr().out
    assert html.startswith("<!DOCTYPE html>") and "Apologies" in html and "Carried over" in html
    assert "NHS" not in html.split("<h2>Attendees")[1]


def test_not_appropriate_and_declined_at_the_meeting_are_pathway_steps(demo):
    assessed = demo.people([Stage.ASSESSED])[0].id
    planned = demo.people([Stage.PLANNED])[0].id
    meeting = _meeting(demo, [assessed, planned])
    [event] = demo.record_outcome(COORDINATOR, meeting, assessed, Outcome.NOT_APPROPRIATE, reason="already under GSF")
    assert demo.person(assessed).stage is Stage.NOT_APPROPRIATE
    assert [e.snomed_code for e in demo.coded_events(person_id=assessed) if e.event_id == event] == ["1239441000000103"]
    with pytest.raises(IllegalTransition, match="this step starts from"):
        demo.record_outcome(COORDINATOR, meeting, planned, Outcome.NOT_APPROPRIATE, reason="x")
    [event] = demo.record_outcome(COORDINATOR, meeting, planned, Outcome.DECLINED)
    assert demo.person(planned).stage is Stage.DECLINED
    assert demo.history(planned)[-1].snomed_code == "877011000000107"
