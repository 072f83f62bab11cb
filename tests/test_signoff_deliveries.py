"""Issue 17: a clinician signs off coded events before they leave; deliveries carry only signed-off codes
(unless --include-unsigned, said on every page); the CSV and the checklist are views of one delivery."""

import csv
import io
import sqlite3

import pytest

from mdt_tui.cli import main
from mdt_tui.codes import PATHWAY_DECLINED
from mdt_tui.errors import NotPermitted, StoreError
from mdt_tui.exports.checklist import CodeLine
from mdt_tui.exports.csv_files import CODES_HEADER
from mdt_tui.exports.signoff import UNSIGNED_NOTE
from mdt_tui.models import User
from mdt_tui.roles import CLINICAL, Role
from mdt_tui.store.store import Store
from tests.conftest import COORDINATOR

GP = User(name="Dr Amara Okafor", role=Role.GP)


def _csv(text):
    return list(csv.DictReader(io.StringIO(text)))


def _preview(db, capsys, *args):
    capsys.readouterr()
    assert main(["export", "codes", "--db", str(db), *args]) == 0
    return _csv(capsys.readouterr().out)


@pytest.mark.parametrize("role", sorted(set(Role) - CLINICAL, key=lambda r: r.value))
def test_only_a_clinician_signs_off_and_a_refusal_stores_nothing(demo_db, role):
    with Store.open(demo_db) as store:
        event = store.codes_to_sign_off()[0].event.event_id
        audit = store.db.execute("SELECT count(*) FROM audit").fetchone()[0]
        with pytest.raises(NotPermitted, match="cannot sign off codes"):
            store.sign_off_codes(User(name="Someone", role=role), [event])
        assert store.signed_off([event]) == set()
        assert store.db.execute("SELECT count(*) FROM audit").fetchone()[0] == audit


def test_sign_off_one_then_in_bulk_is_audited_and_append_only(demo_db):
    with Store.open(demo_db) as store:
        waiting = [r.event.event_id for r in store.codes_to_sign_off()]
        assert len(waiting) > 2
        audits = "SELECT count(*) FROM audit WHERE action = 'sign_off_codes'"
        audited = store.db.execute(audits).fetchone()[0]
        assert store.sign_off_codes(GP, waiting[:1]) == 1
        assert store.sign_off_codes(COORDINATOR, waiting) == len(waiting) - 1  # the first keeps its sign-off
        assert store.codes_to_sign_off() == [] and store.signed_off(waiting) == set(waiting)
        signer = "SELECT by_name, by_role FROM code_signoffs WHERE event_id = ?"
        assert store.db.execute(signer, [waiting[0]]).fetchall() == [("Dr Amara Okafor", "gp")]
        assert store.db.execute(audits).fetchone()[0] == audited + 2
        assert store.first_problem() is None
    conn = sqlite3.connect(demo_db)
    for sql in (
        "UPDATE code_signoffs SET by_name = 'x'",
        "DELETE FROM code_signoffs",
        f"INSERT OR REPLACE INTO code_signoffs VALUES ({waiting[0]}, 'now', 'x', 'gp')",
    ):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute(sql)
    conn.close()


def test_an_event_entered_in_error_cannot_be_signed_off(demo_db):
    with Store.open(demo_db) as store:
        event = store.codes_to_sign_off()[0].event.event_id
        store.mark_entered_in_error(COORDINATOR, event, reason="wrong person")
        with pytest.raises(StoreError.__mro__[1], match="not a live coded event"):
            store.sign_off_codes(GP, [event])
        assert store.signed_off([event]) == set()


def test_the_demo_is_signed_off_up_to_its_last_held_meeting(demo_db):
    with Store.open(demo_db) as store:
        last = max(m.date for m in store.meetings() if m.status == "held")
        events = list(store.coded_events())
        signed = store.signed_off([e.event_id for e in events])
    assert signed and {e.event_id for e in events if e.effective_date <= last} == signed


def test_the_preview_lists_every_live_event_with_signed_off_last(demo_db, capsys):
    rows = _preview(demo_db, capsys)
    with Store.open(demo_db) as store:
        events = list(store.coded_events())
        signed = store.signed_off([e.event_id for e in events])
    assert list(rows[0]) == list(CODES_HEADER) and CODES_HEADER[-2:] == ("action", "signed_off")
    assert {int(r["event_id"]): r["signed_off"] for r in rows} == {
        e.event_id: "true" if e.event_id in signed else "false" for e in events
    }


def test_a_delivery_carries_only_signed_off_codes_and_says_what_was_left(demo_db, tmp_path, capsys):
    out = tmp_path / "codes.csv"
    assert main(["export", "codes", "--db", str(demo_db), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    delivered = _csv(out.read_text())
    assert delivered and {r["signed_off"] for r in delivered} == {"true"}
    left = _preview(demo_db, capsys)  # what is not delivered yet: exactly the unsigned codes
    assert left and {r["signed_off"] for r in left} == {"false"}
    assert f"{len(left)} code(s) not yet signed off" in err
    with Store.open(demo_db) as store:
        store.sign_off_codes(GP, [int(r["event_id"]) for r in left[:3]])
    second = tmp_path / "second.csv"
    assert main(["export", "codes", "--db", str(demo_db), "--out", str(second)]) == 0
    assert [r["event_id"] for r in _csv(second.read_text())] == sorted(
        [r["event_id"] for r in left[:3]], key=lambda i: [r["event_id"] for r in left].index(i)
    )


def test_include_unsigned_says_so_on_every_practice_page(demo_db, tmp_path, capsys):
    out = tmp_path / "checklist.md"
    args = ["export", "codes", "--db", str(demo_db), "--format", "md", "--include-unsigned", "--out", str(out)]
    assert main(args) == 0
    text = out.read_text()
    practices = text.count("\n## Practice ")
    assert practices == 3 and text.count(UNSIGNED_NOTE) == practices + 1
    assert _preview(demo_db, capsys) == []  # everything went
    capsys.readouterr()
    assert main(["deliveries", "--db", str(demo_db)]) == 0
    listed = _csv(capsys.readouterr().out)
    assert len(listed) == 3 and {r["include_unsigned"] for r in listed} == {"true"}
    assert (
        main(["export", "codes", "--db", str(demo_db), "--delivery", listed[0]["delivery_id"], "--format", "md"]) == 0
    )
    assert UNSIGNED_NOTE in capsys.readouterr().out


def test_the_csv_and_the_checklist_are_two_views_of_one_delivery(demo_db, tmp_path, capsys):
    db = str(demo_db)
    assert main(["export", "codes", "--db", db, "--practice", "X99002", "--out", str(tmp_path / "a.csv")]) == 0
    capsys.readouterr()
    assert main(["deliveries", "--db", db]) == 0
    [listed] = _csv(capsys.readouterr().out)
    assert (listed["practice_code"], listed["kind"], listed["file"]) == ("X99002", "codes", str(tmp_path / "a.csv"))
    sent = _csv((tmp_path / "a.csv").read_text())
    assert int(listed["events"]) == len(sent) and listed["removals"] == "0"
    # Making the CSV did not empty the checklist: the delivery prints again in any format.
    assert main(["export", "codes", "--db", db, "--delivery", listed["delivery_id"], "--format", "md"]) == 0
    md = capsys.readouterr().out
    assert md.count("| ☐ |") == len(sent) and all(r["snomed_code"] in md for r in sent)
    assert main(["export", "codes", "--db", db, "--delivery", listed["delivery_id"]]) == 0
    assert capsys.readouterr().out == (tmp_path / "a.csv").read_text()  # re-printed byte for byte
    assert main(["export", "codes", "--db", db, "--delivery", "99"]) == 1
    assert "There is no delivery 99" in capsys.readouterr().err


def test_a_reprint_shows_what_was_sent_and_remove_rows_still_go_out(demo_db, tmp_path, capsys):
    db = str(demo_db)
    assert main(["export", "codes", "--db", db, "--out", str(tmp_path / "a.csv")]) == 0
    first = [r for r in _csv((tmp_path / "a.csv").read_text()) if r["snomed_code"] == PATHWAY_DECLINED.code][0]
    assert main(["correct", first["event_id"], "--reason", "Wrong person", "--db", db]) == 0
    assert main(["export", "codes", "--db", db, "--out", str(tmp_path / "b.csv")]) == 0
    [removal] = _csv((tmp_path / "b.csv").read_text())
    assert (removal["event_id"], removal["action"]) == (first["event_id"], "remove")
    with Store.open(demo_db) as store:
        deliveries = store.deliveries()
        [again] = [r for r in store.delivery_rows(deliveries[-1].delivery_id)]
        original = [
            r
            for d in deliveries[:-1]
            for r in store.delivery_rows(d.delivery_id)
            if r.event.event_id == int(first["event_id"])
        ]
    assert deliveries[-1].removals == 1 and again.action == "remove" and again.reason == "Wrong person"
    assert original and original[0].action == "add"  # delivery 1 still shows the code it sent
    capsys.readouterr()
    assert main(["export", "codes", "--db", db, "--delivery", str(deliveries[-1].delivery_id)]) == 0
    [reprinted] = _csv(capsys.readouterr().out)
    for field in CodeLine.model_fields:  # every column of the remove row survives the re-print
        assert reprinted[field] == removal[field], field
