"""Corrections reach the GP record: `mdt correct`, and the codes export's `action` column, run as a user would."""

import csv

from mdt_tui.cli import main
from mdt_tui.codes import PATHWAY_DECLINED
from mdt_tui.exports.checklist import REMOVE_HEADING, CodeLine
from mdt_tui.exports.csv_files import CODES_HEADER
from mdt_tui.pathway import Stage
from mdt_tui.store.store import Store
from tests.conftest import COORDINATOR


def _rows(path):
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


def _declined_event(store):
    person = store.people([Stage.DECLINED])[0].id
    return person, [e for e in store.coded_events(person_id=person) if e.snomed_code == PATHWAY_DECLINED.code][-1]


def test_a_delivered_code_corrected_since_goes_out_once_as_remove(demo_db, tmp_path, capsys):
    db = str(demo_db)
    assert main(["export", "codes", "--db", db, "--include-unsigned", "--out", str(tmp_path / "a.csv")]) == 0
    with Store.open(demo_db) as store:
        person, delivered = _declined_event(store)
        undelivered_person = store.people([Stage.IDENTIFIED])[0].id
        store.mark_not_appropriate(COORDINATOR, undelivered_person, reason="Known to the frailty team")
        never_sent = store.coded_events(person_id=undelivered_person)
        never_sent = [e for e in never_sent][-1]
    assert str(delivered.event_id) in {r["event_id"] for r in _rows(tmp_path / "a.csv")}
    capsys.readouterr()
    assert main(["correct", str(delivered.event_id), "--reason", "Declined was for her husband", "--db", db]) == 0
    said = capsys.readouterr().out
    assert f"Event {delivered.event_id}" in said and "Waiting first contact" in said
    with Store.open(demo_db) as store:
        store.mark_entered_in_error(COORDINATOR, never_sent.event_id, reason="Wrong person")
        assert store.person(person).stage is Stage.AWAITING_CONTACT
    assert main(["export", "codes", "--db", db, "--include-unsigned", "--out", str(tmp_path / "b.csv")]) == 0
    rows = _rows(tmp_path / "b.csv")
    assert list(rows[0]) == list(CODES_HEADER) == list(CodeLine.model_fields)
    assert CODES_HEADER[-2:] == ("action", "signed_off")  # signed_off (issue 17) follows action
    assert [(r["event_id"], r["action"]) for r in rows] == [(str(delivered.event_id), "remove")]
    for field in CodeLine.model_fields:  # the remove row names exactly the entry the practice made
        if field not in ("action", "signed_off"):
            value = getattr(delivered, field)
            assert rows[0][field] == (value.isoformat() if hasattr(value, "isoformat") else str(value or "")), field
    assert main(["export", "codes", "--db", db, "--include-unsigned", "--out", str(tmp_path / "c.csv")]) == 0
    assert _rows(tmp_path / "c.csv") == []  # the removal went out once
    capsys.readouterr()
    assert main(["export", "codes", "--db", db, "--all", "--format", "html"]) == 0
    checklist = capsys.readouterr().out
    removal = checklist.split(REMOVE_HEADING)[1]
    assert "Declined was for her husband" in removal and PATHWAY_DECLINED.code in removal
    assert "Wrong person" not in checklist  # corrected before it was ever delivered: in neither


def test_mdt_correct_refuses_an_unknown_or_already_corrected_event_in_one_sentence(demo_db, capsys):
    db = str(demo_db)
    assert main(["correct", "999999", "--reason", "typo", "--db", db]) == 1
    err = capsys.readouterr().err
    assert err.strip() == "mdt: There is no coded event 999999." and "Traceback" not in err
    with Store.open(demo_db) as store:
        _, event = _declined_event(store)
    assert main(["correct", str(event.event_id), "--reason", "typo", "--db", db]) == 0
    capsys.readouterr()
    assert main(["correct", str(event.event_id), "--reason", "again", "--db", db]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "already marked as entered in error" in err


def test_a_wrong_not_appropriate_from_the_meeting_corrected_by_mdt_correct(demo_db, tmp_path, capsys, isolated_config):
    from mdt_tui.codes import ASSESSMENT_NOT_APPROPRIATE
    from mdt_tui.meeting.agenda import AgendaItem, Outcome, Source
    from mdt_tui.settings import Settings, save_settings
    from tests.conftest import TODAY

    save_settings(Settings(user=COORDINATOR), isolated_config)  # the CLI acts as the signed-in clinician
    with Store.open(demo_db) as store:
        person = store.people([Stage.ASSESSED])[0].id
        meeting = store.create_meeting(
            COORDINATOR,
            held_on=TODAY,
            session_minutes=60,
            agenda=[AgendaItem(person_id=person, source=Source.NEW, minutes=15, new_case=True)],
        )
        [wrong] = store.record_outcome(COORDINATOR, meeting, person, Outcome.NOT_APPROPRIATE, reason="Known to CMHT")
    db = str(demo_db)
    assert main(["export", "codes", "--db", db, "--include-unsigned", "--out", str(tmp_path / "a.csv")]) == 0
    assert main(["correct", str(wrong), "--reason", "Wrong person", "--db", db]) == 0
    with Store.open(demo_db) as store:
        assert store.person(person).stage is Stage.ASSESSED
        case = store.meeting(meeting).case_of(person)
        assert case.outcome is None and case.decisions[-1].kind == "correction"  # the case waits for its outcome
        assert store.coded_event(wrong).snomed_code == ASSESSMENT_NOT_APPROPRIATE.code
    assert main(["export", "codes", "--db", db, "--include-unsigned", "--out", str(tmp_path / "b.csv")]) == 0
    assert [(r["event_id"], r["action"]) for r in _rows(tmp_path / "b.csv")] == [(str(wrong), "remove")]


def test_every_add_row_carries_every_field_of_its_event(demo_db, tmp_path):
    assert (
        main(["export", "codes", "--db", str(demo_db), "--include-unsigned", "--out", str(tmp_path / "all.csv")]) == 0
    )
    rows = {int(r["event_id"]): r for r in _rows(tmp_path / "all.csv")}
    with Store.open(demo_db) as store:
        events = list(store.coded_events())
        signed = store.signed_off([e.event_id for e in events])
    assert sorted(rows) == sorted(e.event_id for e in events) and events and signed
    for event in events:
        row = rows[event.event_id]
        for field in CodeLine.model_fields:  # a field added to the model cannot be missed
            if field == "signed_off":
                assert row[field] == ("true" if event.event_id in signed else "false")
                continue
            value = "add" if field == "action" else getattr(event, field)
            assert row[field] == (value.isoformat() if hasattr(value, "isoformat") else str(value or "")), field
