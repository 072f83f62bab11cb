"""The INT dashboard: every monthly count agrees with the codes export; states at month end; ICB suppression."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date

import pytest

from mdt_tui.cli import main
from mdt_tui.impact.dashboard import ALL, CODE_MEASURES, MEASURES, Facts, build, periods, spark, suppressed
from mdt_tui.safe_text import html_text
from mdt_tui.store.store import Store


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_every_monthly_count_equals_the_live_coded_events_in_the_codes_export(demo_db, capsys):
    assert main(["export", "codes", "--all", "--db", str(demo_db)]) == 0
    events = [r for r in _csv(capsys.readouterr().out) if r["action"] == "add"]
    first = min(r["effective_date"][:7] for r in events)
    last = max(r["effective_date"][:7] for r in events)
    assert main(["report", "dashboard", "--db", str(demo_db), "--from", first, "--to", last]) == 0
    rows = _csv(capsys.readouterr().out)
    assert list(rows[0]) == ["period", "practice_code", "measure", "value"]
    board = {(r["period"], r["practice_code"], r["measure"]): int(r["value"]) for r in rows}
    expected: Counter = Counter()
    for event in events:
        for measure, codes in CODE_MEASURES.items():
            if event["snomed_code"] in codes:
                for place in (event["practice_code"], ALL):
                    expected[(event["effective_date"][:7], place, measure)] += 1
    practices = {r["practice_code"] for r in events}
    checked = 0
    for period in periods(first, last):
        for place in [*practices, ALL]:
            for measure in CODE_MEASURES:
                assert board[(period, place, measure)] == expected[(period, place, measure)], (period, place, measure)
                checked += 1
    assert sum(expected.values()) > 100 and checked > 50
    assert {r["measure"] for r in rows} == set(MEASURES)


def test_a_corrected_event_is_no_longer_counted(demo_db, capsys):
    main(["export", "codes", "--all", "--db", str(demo_db)])
    candidates = [r for r in _csv(capsys.readouterr().out) if r["snomed_code"] in CODE_MEASURES["consented"]]

    def count(month: str) -> int:
        main(["report", "dashboard", "--db", str(demo_db), "--from", month, "--to", month])
        return next(
            int(r["value"])
            for r in _csv(capsys.readouterr().out)
            if r["practice_code"] == ALL and r["measure"] == "consented"
        )

    for event in candidates:  # a step can be corrected only while it is the person's latest
        month = event["effective_date"][:7]
        before = count(month)
        if main(["correct", event["event_id"], "--reason", "wrong person", "--db", str(demo_db)]) == 0:
            capsys.readouterr()
            assert count(month) == before - 1
            return
        capsys.readouterr()
    pytest.fail("no consent event could be corrected")


def _facts() -> Facts:
    facts = Facts(practice={1: "A1", 2: "B2"})
    facts.transitions = [
        (1, "2026-01-05", "identified"),
        (1, "2026-01-20", "awaiting_contact"),
        (1, "2026-02-10", "on_caseload"),
        (2, "2026-01-05", "identified"),
        (2, "2026-03-01", "declined"),
    ]
    facts.plans = [(1, "2026-02-20", True)]
    facts.next_reviews = [(1, "2026-02-20", "2026-03-15"), (1, "2026-04-02", "2026-06-01")]
    facts.actions = [
        (1, "2026-02-20T10:00:00", "2026-03-01", "2026-04-10T09:00:00"),
        (2, "2026-02-20T10:00:00", None, None),
    ]
    facts.meetings = ["2026-02-20", "2026-03-20"]
    facts.cases = [(1, "2026-02-20")]
    return facts


def test_states_are_taken_at_each_months_end_per_practice_and_all():
    board = build(_facts(), "2026-01", "2026-05")
    assert board.series(ALL, "waiting_first_contact") == [1, 0, 0, 0, 0]
    assert board.series("A1", "on_caseload") == [0, 1, 1, 1, 1]
    assert board.series("B2", "on_caseload") == [0, 0, 0, 0, 0]
    assert board.series(ALL, "reviews_overdue") == [0, 0, 1, 0, 0]  # re-set on 2 April to June
    assert board.series(ALL, "actions_overdue") == [0, 0, 1, 0, 0]  # done on 10 April; no due date never counts
    assert board.series(ALL, "plans_agreed_with_consent_to_share") == [0, 1, 1, 1, 1]
    assert board.series(ALL, "meetings_held") == [0, 1, 1, 0, 0]
    assert board.series("A1", "cases_discussed") == [0, 1, 0, 0, 0]
    assert board.people[("2026-03", ALL, "reviews_overdue")] == {1}  # why is this person counted


def test_the_month_not_yet_over_is_taken_today():
    facts = _facts()
    facts.actions = [(1, "2026-05-01T10:00:00", "2026-05-20", None)]
    assert build(facts, "2026-05", "2026-05", today=date(2026, 5, 10)).series(ALL, "actions_overdue") == [0]
    assert build(facts, "2026-05", "2026-05", today=date(2026, 5, 25)).series(ALL, "actions_overdue") == [1]


@pytest.mark.parametrize(
    ("value", "shown"), [(0, "0"), (1, "*"), (7, "*"), (8, "10"), (12, "10"), (13, "15"), (102, "100")]
)
def test_small_number_suppression(value, shown):
    assert suppressed(value) == shown


def test_for_icb_suppresses_and_says_so_in_the_file(demo_db, tmp_path, capsys):
    out = tmp_path / "icb.csv"
    assert main(["report", "dashboard", "--db", str(demo_db), "--for-icb", "--out", str(out)]) == 0
    rows = _csv(out.read_text())
    values = {r["value"] for r in rows if r["period"] != "note"}
    assert values <= {"*"} | {str(n) for n in range(0, 10_000, 5)}
    assert "*" in values
    assert rows[-1]["period"] == "note" and "suppression" in rows[-1]["value"]
    assert main(["report", "dashboard", "--db", str(demo_db), "--for-icb", "--out", str(out)]) == 1  # no overwrite
    assert "exists" in capsys.readouterr().err


def test_html_report_draws_inline_svg_and_defines_every_measure(demo_db, capsys):
    assert main(["report", "dashboard", "--db", str(demo_db), "--format", "html"]) == 0
    html = capsys.readouterr().out
    assert html.count("<svg") == len(MEASURES) and "http://" not in html.replace('xmlns="http://www.w3.org', "")
    assert all(html_text(f"{name}: {sentence}") in html for name, sentence in MEASURES.items())


@pytest.mark.parametrize("args", [["--from", "2026-13"], ["--from", "2026-06", "--to", "2026-01"], ["--to", "June"]])
def test_bad_months_are_one_sentence(demo_db, capsys, args):
    assert main(["report", "dashboard", "--db", str(demo_db), *args]) in (1, 2)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_a_missing_database_is_one_sentence_and_creates_nothing(tmp_path, capsys):
    assert main(["report", "dashboard", "--db", str(tmp_path / "none.db")]) == 1
    assert "no database" in capsys.readouterr().err and not (tmp_path / "none.db").exists()


def test_spark_scales_to_the_highest_month():
    assert spark([0, 4, 8]) == "·▄█"
    assert spark([0, 0]) == "··"


def test_the_store_reads_the_dashboard_in_a_few_scans(demo_db):
    with Store.open(demo_db) as store:
        board = store.dashboard("2026-01", "2026-12", date(2026, 12, 1))
        people = store.people_by_ids(board.people[("2026-12", ALL, "on_caseload")])
    assert len(people) == board.value("2026-12", ALL, "on_caseload") > 0


def test_activity_indicators_four_admissions_in_a_year_and_readmissions_within_30_days():
    facts = _facts()
    facts.admissions = [
        (1, "2025-06-01", 2),
        (1, "2026-01-10", 5),
        (1, "2026-02-10", 0),
        (1, "2026-03-01", 3),
        (2, "2026-03-01", 1),
        (2, "2026-04-15", 1),
    ]
    board = build(facts, "2026-01", "2026-06")
    assert board.series(ALL, "emergency_admissions_4plus_12m") == [0, 0, 1, 1, 1, 0]  # June 2025 drops out
    # 10 Feb: 26 days after the discharge on 15 Jan; 1 Mar: 19 days after 10 Feb; 15 Apr: 44 days after 2 Mar
    assert board.series(ALL, "readmissions_30d") == [0, 1, 1, 0, 0, 0]
    assert board.people[("2026-03", "A1", "readmissions_30d")] == {1}


def test_the_readme_defines_every_measure_in_its_own_words():
    from pathlib import Path

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for name, sentence in MEASURES.items():
        assert f"- `{name}`: {sentence}" in readme, name


def test_cfs_improved_needs_a_lower_score_after_an_admission_or_a_triggered_review():
    facts = _facts()
    facts.cfs = [
        (1, "2026-01-05", 7.0),
        (1, "2026-03-10", 6.0),
        (2, "2026-01-05", 6.0),
        (2, "2026-03-10", 5.0),
        (1, "2026-05-01", 6.0),
    ]
    facts.triggers = [(1, "2026-02-01")]  # person 2 improved with nothing between: not counted
    board = build(facts, "2026-01", "2026-05")
    assert board.series(ALL, "cfs_improved") == [0, 0, 1, 0, 0]
    facts.admissions = [(2, "2026-02-14", 3)]
    assert build(facts, "2026-01", "2026-05").series(ALL, "cfs_improved") == [0, 0, 2, 0, 0]
