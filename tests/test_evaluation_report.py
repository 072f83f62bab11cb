"""mdt report evaluation: the arms as the issue defines them, JSON that is exactly evaluate(), the ICB extract."""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta

from mdt_tui.cli import main
from mdt_tui.impact.evaluation import evaluate
from mdt_tui.impact.evaluation_report import EXTRACT_HEADER, as_json_ready
from mdt_tui.store.store import Store

CONSENTED, DECLINED, NOT_APPROPRIATE = "818241000000105", "877011000000107", "1239441000000103"


def _with_activity(demo_db, tmp_path):
    """Two admissions before and one after each person's first identification, written as a file."""
    with Store.open(demo_db) as store:
        rows = store.db.execute(
            "SELECT p.nhs_number, min(c.run_date) FROM patients p JOIN cohort_entries c"
            " ON c.patient_id = p.id GROUP BY p.id"
        ).fetchall()
    lines = ["nhs_number,date,setting,bed_days"]
    for nhs, run in rows:
        run = date.fromisoformat(run)
        for days in (-200, -40, 20):
            lines.append(f"{nhs},{(run + timedelta(days=days)).isoformat()},emergency_admission,3")
        lines.append(f"{nhs},{(run - timedelta(days=10)).isoformat()},ae,")
    file = tmp_path / "activity.csv"
    file.write_text("\n".join(lines) + "\n")
    assert main(["import-activity", str(file), "--db", str(demo_db), "--skip-invalid"]) == 0


def test_arms_follow_the_live_codes(demo_db):
    with Store.open(demo_db) as store:
        people, _ = store.evaluation_input()
        codes: dict[str, dict[str, str]] = {}
        for pid, code, day in store.db.execute(
            "SELECT e.patient_id, e.snomed_code, min(e.effective_date) FROM coded_events e WHERE e.status = 'final'"
            " AND NOT EXISTS (SELECT 1 FROM coded_events c WHERE c.corrects_event_id = e.id)"
            " GROUP BY e.patient_id, e.snomed_code"
        ):
            codes.setdefault(str(pid), {})[code] = day
        everyone = {str(r[0]) for r in store.db.execute("SELECT id FROM patients")}
    arms = {p["id"]: p for p in people}
    for pid in everyone:
        held = codes.get(pid, {})
        if CONSENTED in held:
            assert arms[pid]["arm"] == "intervention"
            assert arms[pid]["index_date"].isoformat() == held[CONSENTED]
        elif {DECLINED, NOT_APPROPRIATE} & set(held):
            assert pid not in arms
        else:
            assert arms[pid]["arm"] == "comparison"
    assert {p["arm"] for p in people} == {"intervention", "comparison"}


def test_json_is_exactly_the_evaluate_result(demo_db, tmp_path, capsys):
    _with_activity(demo_db, tmp_path)
    capsys.readouterr()
    assert (
        main(
            ["report", "evaluation", "--db", str(demo_db), "--format", "json", "--outcome", "bed_days", "--months", "9"]
        )
        == 0
    )
    printed = json.loads(capsys.readouterr().out)
    with Store.open(demo_db) as store:
        people, events = store.evaluation_input()
    expected = evaluate(people, events, today=date.today(), months=9, outcome="bed_days", seed=0)
    assert printed == json.loads(json.dumps(as_json_ready(expected)))
    assert printed["intervention"]["events_before"] > 0


def test_the_markdown_report_says_what_the_figures_cannot_show(demo_db, tmp_path, capsys):
    _with_activity(demo_db, tmp_path)
    capsys.readouterr()
    assert main(["report", "evaluation", "--db", str(demo_db)]) == 0
    text = capsys.readouterr().out
    assert "regression to the mean" in text and "cannot show cause" in text
    assert "| intervention |" in text and "| comparison |" in text


def test_the_icb_extract_holds_no_identifier_and_a_new_salt_each_time(demo_db, tmp_path, capsys):
    _with_activity(demo_db, tmp_path)
    first, second = tmp_path / "x1.csv", tmp_path / "x2.csv"
    assert main(["report", "evaluation", "--db", str(demo_db), "--extract", str(first)]) == 0
    assert main(["report", "evaluation", "--db", str(demo_db), "--extract", str(second)]) == 0
    rows = list(csv.reader(first.open()))
    assert tuple(rows[0]) == EXTRACT_HEADER
    with Store.open(demo_db) as store:
        identifiers = {
            v for r in store.db.execute("SELECT nhs_number, family_name, date_of_birth FROM patients") for v in r
        }
    text = first.read_text()
    assert not any(i in text for i in identifiers)
    assert {r[0] for r in rows[1:]}.isdisjoint({r[0] for r in csv.reader(second.open())})
    assert all(r[1] for r in rows[1:]) and {r[3] for r in rows[1:]} == {"intervention", "comparison"}
    assert main(["report", "evaluation", "--db", str(demo_db), "--extract", str(first)]) == 1  # never overwrites
