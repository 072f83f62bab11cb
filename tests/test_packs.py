"""`mdt export pack`: one practice's worklist, batch lists (administrative codes only, NHS numbers only),
checklist, codes CSV and A4 cover sheet — one delivery, whose CSV and checklist agree."""

import csv
import io
from datetime import date

import pytest

from mdt_tui import codes
from mdt_tui.cli import main
from mdt_tui.exports.checklist import CodeToEnter
from mdt_tui.exports.packs import BATCHABLE, WORKLIST_HEADER, batch_lists, pack_files
from mdt_tui.models import CodedEventRow
from mdt_tui.nhs_number import normalise_nhs_number
from mdt_tui.store.store import Store


def _rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def _row(event_id, nhs, code, *, value=None, signed=True, on=date(2026, 11, 2)):
    event = CodedEventRow(
        event_id=event_id,
        nhs_number=nhs,
        practice_code="X99001",
        effective_date=on,
        snomed_code=code,
        term=codes.BY_CODE[code].term,
        value=value,
        recorded_by="Jo",
        recorded_at="2026-11-02T10:00:00+00:00",
    )
    return CodeToEnter(event=event, family_name=f"Name{event_id}", given_name="A", signed_off=signed)


def test_scores_diagnoses_and_plan_codes_never_go_on_a_batch_list():
    assert BATCHABLE <= {c.code for c in codes.PATHWAY_CONCEPTS}
    never = {
        codes.MDT_REVIEW_COMPLETED.code,
        codes.CGA_RECORDED.code,
        codes.MILD_FRAILTY.code,
        codes.MODERATE_FRAILTY.code,
        codes.SEVERE_FRAILTY.code,
        codes.CFS_SCORE.code,
        codes.PHQ9_SCORE.code,
        codes.ADVANCE_CARE_PLANNING.code,
        codes.STRUCTURED_MEDICATION_REVIEW.code,
        codes.AT_RISK_OF_EMERGENCY_ADMISSION.code,
    }
    assert not BATCHABLE & never
    people = ["9990000018", "9990000026", "9990000034"]
    rows = [
        _row(i * 10 + n, nhs, code, value="5" if code == codes.CFS_SCORE.code else None)
        for n, nhs in enumerate(people)
        for i, code in enumerate(sorted(never | BATCHABLE))
    ]
    lists = batch_lists(rows)
    assert {code for code, _ in lists} == BATCHABLE and all(v == people for v in lists.values())
    unsigned = [r.model_copy(update={"signed_off": False}) for r in rows]
    assert batch_lists(unsigned) == {}  # a code no clinician checked is entered per patient, never batched
    assert batch_lists(rows[:1]) == {}  # a list of one saves nothing


def test_a_signed_off_pack_for_one_practice_and_its_delivery_views_agree(demo_db, tmp_path, capsys):
    db, out = str(demo_db), tmp_path / "pack"
    assert main(["export", "pack", "--practice", "x99001", "--db", db, "--out", str(out)]) == 0
    files = {p.name: p.read_text() for p in out.iterdir()}
    assert {"cover.html", "worklist.csv", "checklist.html", "codes.csv"} <= set(files)
    assert all((p.stat().st_mode & 0o777) == 0o600 for p in out.iterdir())
    worklist, sent = _rows(files["worklist.csv"]), _rows(files["codes.csv"])
    assert list(worklist[0]) == list(WORKLIST_HEADER)
    assert sent and {r["practice_code"] for r in sent} == {"X99001"} and {r["signed_off"] for r in sent} == {"true"}
    assert sorted(r["snomed_code"] + r["nhs_number"] for r in worklist) == sorted(
        r["snomed_code"] + r["nhs_number"] for r in sent if r["action"] == "add"
    )
    problems = {r["snomed_code"] for r in worklist if r["add_as_problem"] == "yes"}
    assert problems == {codes.AT_RISK_OF_EMERGENCY_ADMISSION.code}
    batches = {name: text for name, text in files.items() if name.startswith("batch-")}
    assert batches
    for name, text in batches.items():
        code, day = name[len("batch-") : -len(".txt")].split("-", 1)
        assert code in BATCHABLE and date.fromisoformat(day)
        numbers = text.splitlines()
        assert len(numbers) >= 2 and all(normalise_nhs_number(n) == n for n in numbers)  # NHS numbers only
        on_list = {r["nhs_number"] for r in worklist if r["on_batch_list"] == name}
        assert on_list == set(numbers)
        assert name in files["cover.html"]
    cover = files["cover.html"]
    assert "@page{size:A4" in cover and "EMIS Web" in cover and "SystmOne" in cover
    capsys.readouterr()
    assert main(["deliveries", "--db", db]) == 0
    [delivery] = _rows(capsys.readouterr().out)
    assert (delivery["kind"], delivery["practice_code"], int(delivery["events"])) == ("pack", "X99001", len(worklist))
    assert main(["export", "codes", "--db", db, "--delivery", delivery["delivery_id"]]) == 0
    assert capsys.readouterr().out == files["codes.csv"]  # the pack's CSV is its delivery's CSV
    assert main(["export", "codes", "--db", db, "--delivery", delivery["delivery_id"], "--format", "html"]) == 0
    checklist = capsys.readouterr().out
    assert checklist.count("<td>☐</td>") == len(worklist)
    with Store.open(demo_db) as store:
        assert store.codes_to_export(practice="X99001", include_exported=False, signed_only=True) == []


def test_a_pack_refuses_a_folder_with_files_and_a_practice_with_nothing_to_send(demo_db, tmp_path, capsys):
    db = str(demo_db)
    full = tmp_path / "full"
    full.mkdir()
    (full / "mine.txt").write_text("keep")
    assert main(["export", "pack", "--practice", "X99001", "--db", db, "--out", str(full)]) == 1
    assert "not empty" in capsys.readouterr().err and [p.name for p in full.iterdir()] == ["mine.txt"]
    assert main(["export", "pack", "--practice", "Z00000", "--db", db, "--out", str(tmp_path / "z")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no codes to send" in err and not (tmp_path / "z").exists()
    with Store.open(demo_db) as store:
        assert store.deliveries() == []


@pytest.mark.parametrize("unsigned", [False, True])
def test_include_unsigned_says_so_on_every_page_of_a_pack(unsigned):
    rows = [
        _row(1, "9990000018", codes.ON_PATHWAY.code, signed=not unsigned),
        _row(2, "9990000026", codes.ON_PATHWAY.code, signed=not unsigned),
    ]
    from mdt_tui.exports.signoff import UNSIGNED_NOTE

    files = pack_files(
        rows, practice="X99001", practice_name="", made_on=date(2026, 11, 3), note=UNSIGNED_NOTE if unsigned else ""
    )
    for name in ("cover.html", "checklist.html"):
        assert (UNSIGNED_NOTE in files[name]) is unsigned
    comments = {r["comment"] for r in _rows(files["worklist.csv"])}
    assert comments == ({"NOT SIGNED OFF: check before entering"} if unsigned else {""})
    assert any(n.startswith("batch-") for n in files) is not unsigned


def test_every_worklist_and_deliveries_column_round_trips(demo_db, tmp_path, capsys):
    from mdt_tui.exports.deliveries import DELIVERIES_HEADER, Delivery

    db, out = str(demo_db), tmp_path / "pack"
    assert main(["export", "pack", "--practice", "X99003", "--db", db, "--out", str(out)]) == 0
    worklist = _rows((out / "worklist.csv").read_text())
    with Store.open(demo_db) as store:
        [delivery] = store.deliveries()
        sent = {
            (r.event.nhs_number, r.event.snomed_code, r.event.effective_date.isoformat()): r
            for r in store.delivery_rows(delivery.delivery_id)
        }
    for line in worklist:
        row = sent[(line["nhs_number"], line["snomed_code"], line["effective_date"])]
        for column in WORKLIST_HEADER:  # a column added to the worklist cannot be missed
            expected = {
                "family_name": row.family_name,
                "given_name": row.given_name,
                "signed_off": "true" if row.signed_off else "false",
                "comment": "",
                "add_as_problem": "yes" if row.event.snomed_code == codes.AT_RISK_OF_EMERGENCY_ADMISSION.code else "no",
            }.get(column)
            if column == "on_batch_list":
                continue  # checked against the batch files above
            if expected is None:
                value = getattr(row.event, column)
                expected = value.isoformat() if hasattr(value, "isoformat") else str(value or "")
            assert line[column] == expected, column
    capsys.readouterr()
    assert main(["deliveries", "--db", db]) == 0
    [listed] = _rows(capsys.readouterr().out)
    assert tuple(listed) == DELIVERIES_HEADER and set(DELIVERIES_HEADER) == set(Delivery.model_fields)
    for field in Delivery.model_fields:
        value = getattr(delivery, field)
        text = (
            ("true" if value else "false")
            if isinstance(value, bool)
            else (value.isoformat() if hasattr(value, "isoformat") else str(value))
        )
        assert listed[field] == text, field
